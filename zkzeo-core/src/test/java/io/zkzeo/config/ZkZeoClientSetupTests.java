package io.zkzeo.config;

import java.time.Duration;

import io.zkzeo.client.ClientOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ZkZeoClientSetupTests {

	@Test
	void readmeClientConfigShouldMapToClientAndZooKeeperOptions() {
		ZkZeoClientSetup setup = ZkZeoClientSetup
			.of(ZkZeoClientConfig.parse(ConfigResources.path("zkzeo-readme-client.conf")));
		ClientOptions options = setup.clientOptions();
		assertThat(options.maxDisconnectPoll()).isEqualTo(Duration.ofSeconds(1));
		assertThat(options.storageName()).isEqualTo("1");
		assertThat(options.waitForConnection()).isTrue();
		assertThat(options.waitTimeout()).isEqualTo(Duration.ofSeconds(30));
		assertThat(options.addresses()).isEmpty();
		assertThat(setup.zooKeeperOptions().connectString()).isEqualTo("zookeeper.example.com:2181");
		assertThat(setup.zooKeeperOptions().path()).isEqualTo("/databases/demo");
	}

	@Test
	void clientKeysShouldReachClientOptions() {
		ClientOptions options = ZkZeoClientSetup.of(ZkZeoClientConfig.parse("""
				<zkzeoclient>
				  zookeeper 127.0.0.1:2181
				  server /zeo
				  storage main
				  cache-size 1MB
				  read-only true
				  read-only-fallback true
				  wait false
				  wait-timeout 3
				  name Main
				  client-label web-1
				</zkzeoclient>
				""", "client.conf")).clientOptions();
		assertThat(options.storageName()).isEqualTo("main");
		assertThat(options.cacheSize()).isEqualTo(1024 * 1024);
		assertThat(options.readOnly()).isTrue();
		assertThat(options.readOnlyFallback()).isTrue();
		assertThat(options.waitForConnection()).isFalse();
		assertThat(options.waitTimeout()).isEqualTo(Duration.ofSeconds(3));
		assertThat(options.name()).isEqualTo("Main");
		assertThat(options.clientLabel()).isEqualTo("web-1");
	}

	@Test
	void unsupportedClientKeysShouldBeRefusedWithTheirLines() {
		ZkZeoClientConfig config = ZkZeoClientConfig.parse("""
				<zodb>
				  <zkzeoclient>
				    zookeeper 127.0.0.1:2181
				    server /zeo
				    blob-dir /var/blobs
				    drop-cache-rather-verify true
				  </zkzeoclient>
				</zodb>
				""", "client.conf");
		assertThatExceptionOfType(ZConfigException.class).isThrownBy(() -> ZkZeoClientSetup.of(config))
			.withMessageStartingWith("client.conf:5:")
			.withMessageContaining("line 5: 'blob-dir'")
			.withMessageContaining("line 2: 'drop-cache-rather-verify'");
	}

}
