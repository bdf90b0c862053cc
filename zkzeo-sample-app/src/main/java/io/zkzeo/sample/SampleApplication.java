package io.zkzeo.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The zkzeo sample application: a shared notebook over a ZEO storage.
 *
 * <p>Profiles: none (the default) runs an embedded ZooKeeper, a storage server keeping
 * {@code data/Data.fs}, and a client in one process; {@code server} runs only a storage server that
 * registers in ZooKeeper; {@code client} runs only the notes API over the servers ZooKeeper lists.
 */
@SpringBootApplication
public class SampleApplication {

	/**
	 * Starts the application.
	 * @param args command-line arguments, passed to Spring Boot
	 */
	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
