package io.zkzeo.client;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.zkzeo.protocol.Transport;
import io.zkzeo.protocol.ZeoEncoding;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * The client storage's settings: defaults as ZEO's, copies with one setting changed, validation.
 */
class ClientOptionsTests {

	private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 8100);

	@Test
	void defaultsAreZeosDefaults() {
		ClientOptions options = ClientOptions.defaults();
		assertThat(options.addresses()).isEmpty();
		assertThat(options.storageName()).isEqualTo("1");
		assertThat(options.cacheSize()).isEqualTo(20L * 1024 * 1024);
		assertThat(options.readOnly()).isFalse();
		assertThat(options.readOnlyFallback()).isFalse();
		assertThat(options.waitForConnection()).isTrue();
		assertThat(options.waitTimeout()).isEqualTo(Duration.ofSeconds(30));
		assertThat(options.heartbeatInterval()).isEqualTo(Duration.ofSeconds(60));
		assertThat(options.encodings()).containsExactlyInAnyOrder(ZeoEncoding.MSGPACK, ZeoEncoding.PICKLE);
		assertThat(options.tls()).isNull();
		assertThat(options.clientLabel()).isNull();
		assertThat(options.transport()).isEqualTo(Transport.AUTO);
		assertThat(options.oidsOnConnect()).isTrue();
	}

	@Test
	void withMethodsChangeOneSettingAndLeaveTheOriginalAlone() {
		ClientOptions original = ClientOptions.of(SERVER);
		ClientOptions changed = original.withStorageName("main")
			.withCacheSize(1024)
			.withReadOnly(true)
			.withReadOnlyFallback(true)
			.withWaitForConnection(false)
			.withWaitTimeout(Duration.ofSeconds(5))
			.withMaxDisconnectPoll(Duration.ofSeconds(2))
			.withEncodings(Set.of(ZeoEncoding.MSGPACK))
			.withClientLabel("worker")
			.withName("display")
			.withTransport(Transport.NIO)
			.withOidsOnConnect(false);
		assertThat(original.storageName()).isEqualTo("1");
		assertThat(original.readOnly()).isFalse();
		assertThat(changed.addresses()).containsExactly(SERVER);
		assertThat(changed.storageName()).isEqualTo("main");
		assertThat(changed.cacheSize()).isEqualTo(1024);
		assertThat(changed.readOnly()).isTrue();
		assertThat(changed.readOnlyFallback()).isTrue();
		assertThat(changed.waitForConnection()).isFalse();
		assertThat(changed.waitTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(changed.maxDisconnectPoll()).isEqualTo(Duration.ofSeconds(2));
		assertThat(changed.encodings()).containsExactly(ZeoEncoding.MSGPACK);
		assertThat(changed.clientLabel()).isEqualTo("worker");
		assertThat(changed.name()).isEqualTo("display");
		assertThat(changed.transport()).isEqualTo(Transport.NIO);
		assertThat(original.transport()).isEqualTo(Transport.AUTO);
		assertThat(changed.oidsOnConnect()).isFalse();
		assertThat(original.oidsOnConnect()).isTrue();
		assertThat(changed.protocolOptions().acceptedEncodings()).containsExactly(ZeoEncoding.MSGPACK);
	}

	@Test
	void addressesAreCopied() {
		List<InetSocketAddress> addresses = new ArrayList<>(List.of(SERVER));
		ClientOptions options = ClientOptions.builder().addresses(addresses).build();
		addresses.clear();
		assertThat(options.addresses()).containsExactly(SERVER);
	}

	@Test
	void invalidSettingsAreRefused() {
		ClientOptions options = ClientOptions.defaults();
		assertThatIllegalArgumentException().isThrownBy(() -> options.withCacheSize(-1))
			.withMessageContaining("cacheSize");
		assertThatIllegalArgumentException().isThrownBy(() -> options.withWaitTimeout(Duration.ZERO))
			.withMessageContaining("waitTimeout");
		assertThatIllegalArgumentException().isThrownBy(() -> options.withMaxDisconnectPoll(Duration.ofSeconds(-1)))
			.withMessageContaining("maxDisconnectPoll");
		assertThatIllegalArgumentException().isThrownBy(() -> options.withEncodings(Set.of()))
			.withMessageContaining("encodings");
		assertThatIllegalArgumentException().isThrownBy(() -> options.withMaxFrameLength(2));
		assertThatNullPointerException().isThrownBy(() -> options.withStorageName(null));
	}

}
