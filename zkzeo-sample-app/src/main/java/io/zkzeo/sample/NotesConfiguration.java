package io.zkzeo.sample;

import java.time.Clock;

import io.zkzeo.autoconfigure.DbOptionsCustomizer;
import io.zkzeo.spring.transaction.CurrentConnection;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The notes application, present where this process is a zkzeo client ({@code zkzeo.client.enabled}); a
 * process of the {@code server} profile only serves the storage.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "zkzeo.client.enabled", havingValue = "true")
public class NotesConfiguration {

	@Bean
	DbOptionsCustomizer noteTypes() {
		return (options) -> options.withTypes(options.types().toBuilder().register(Note.class).build());
	}

	@Bean
	Notebook notebook(CurrentConnection connection) {
		return new Notebook(connection, Clock.systemUTC());
	}

}
