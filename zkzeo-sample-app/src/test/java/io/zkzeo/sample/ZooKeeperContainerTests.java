package io.zkzeo.sample;

import java.nio.file.Path;

import io.zkzeo.server.StorageServer;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application against a real ZooKeeper server in a container instead of the embedded one. Skipped
 * where no Docker engine is available.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ZooKeeperContainerTests {

	@Container
	static final GenericContainer<?> zooKeeper = new GenericContainer<>("zookeeper:3.9").withExposedPorts(2181);

	@TempDir
	static Path data;

	@LocalServerPort
	int port;

	@Autowired
	CuratorFramework curator;

	@Autowired
	StorageServer server;

	@DynamicPropertySource
	static void zooKeeperAndData(DynamicPropertyRegistry registry) {
		registry.add("zkzeo.zookeeper.embedded.enabled", () -> "false");
		registry.add("zkzeo.zookeeper.connect-string",
				() -> zooKeeper.getHost() + ":" + zooKeeper.getMappedPort(2181));
		registry.add("zkzeo.server.storage.path", () -> data.resolve("Data.fs").toString());
	}

	@Test
	void serverRegistersInTheContainerAndNotesAreCommitted() throws Exception {
		assertThat(this.curator.getChildren().forPath("/zkzeo/sample"))
			.containsExactly("127.0.0.1:" + this.server.boundAddress().getPort());
		Http.Response created = Http.post("http://127.0.0.1:" + this.port + "/notes", "{\"title\":\"container\"}");
		assertThat(created.status()).isEqualTo(201);
		assertThat(this.server.status().storage("1").commits()).isGreaterThanOrEqualTo(2);
	}

}
