package io.zkzeo.server;

import io.zkzeo.protocol.Transport;
import io.zkzeo.storage.memory.MemoryStorage;
import io.zkzeo.storage.memory.MemoryStorageOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link ServerOptions}: the number of event loops and the transport.
 */
class ServerOptionsTests {

	private final ServerOptions options = ServerOptions.of(new MemoryStorage(MemoryStorageOptions.defaults()));

	@Test
	void eventLoopsDefaultToOnePerProcessor() {
		int processors = Runtime.getRuntime().availableProcessors();
		assertThat(this.options.ioThreads()).isZero();
		assertThat(this.options.effectiveIoThreads()).isEqualTo(Math.max(1, processors));
	}

	@Test
	void eventLoopsSetByHandAreTaken() {
		assertThat(this.options.withIoThreads(3).effectiveIoThreads()).isEqualTo(3);
		assertThat(this.options.withIoThreads(3).toBuilder().build().ioThreads()).isEqualTo(3);
	}

	@Test
	void negativeEventLoopsAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.options.withIoThreads(-1))
			.withMessageContaining("ioThreads");
	}

	@Test
	void transportDefaultsToAutoAndSurvivesTheBuilder() {
		assertThat(this.options.transport()).isEqualTo(Transport.AUTO);
		ServerOptions nio = this.options.withTransport(Transport.NIO);
		assertThat(nio.toBuilder().build().transport()).isEqualTo(Transport.NIO);
		assertThat(this.options.transport()).isEqualTo(Transport.AUTO);
	}

}
