package io.zkzeo.config;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ZkZeoClientConfigTests {

	@Test
	void zcZkzeoReadmeClientExampleShouldParse() {
		ZkZeoClientConfig config = ZkZeoClientConfig.parse(ConfigResources.path("zkzeo-readme-client.conf"));
		assertThat(config.zookeeper()).isEqualTo("zookeeper.example.com:2181");
		assertThat(config.serverPath()).isEqualTo("/databases/demo");
		assertThat(config.maxDisconnectPoll()).isEqualTo(Duration.ofSeconds(1));
		assertThat(config.minDisconnectPoll()).isEqualTo(Duration.ofSeconds(5));
		assertThat(config.storage()).isEqualTo("1");
		assertThat(config.cacheSize()).isEqualTo(20L * 1024 * 1024);
		assertThat(config.waitForServer()).isTrue();
		assertThat(config.waitTimeout()).isEqualTo(Duration.ofSeconds(30));
		assertThat(config.readOnly()).isFalse();
		assertThat(config.readOnlyFallback()).isFalse();
		assertThat(config.name()).isNull();
		assertThat(config.database()).isNotNull();
		assertThat(config.database().poolSize()).isEqualTo(7);
		assertThat(config.database().cacheSize()).isEqualTo(5000);
		assertThat(config.database().historicalTimeout()).isEqualTo(Duration.ofMinutes(5));
		assertThat(config.unsupported()).isEmpty();
		assertThat(config.location().line()).isEqualTo(4);
		assertThat(config.zooKeeperOptions().path()).isEqualTo("/databases/demo");
		assertThat(config.zooKeeperOptions().connectString()).isEqualTo("zookeeper.example.com:2181");
	}

	@Test
	void everyClientKeyShouldBeReadWithItsType() {
		ZkZeoClientConfig config = ZkZeoClientConfig.parse("""
				<zodb main>
				  pool-size 12
				  cache-size 20000
				  cache-size-bytes 1GB
				  pool-timeout 10m
				  database-name main
				  <zkzeoclient>
				    zookeeper zk1:2181,zk2:2181
				    server /databases/main
				    storage main
				    cache-size 100MB
				    read-only-fallback true
				    wait off
				    wait-timeout 5
				    min-disconnect-poll 1
				    max-disconnect-poll 30
				    name Main
				    client-label web-1
				    drop-cache-rather-verify on
				    blob-dir /var/blobs
				    client zeo1
				    <ssl>
				      certificate client.pem
				      check-hostname false
				      server-hostname zeo.example.com
				    </ssl>
				  </zkzeoclient>
				</zodb>
				""", "client.conf");
		assertThat(config.zookeeper()).isEqualTo("zk1:2181,zk2:2181");
		assertThat(config.storage()).isEqualTo("main");
		assertThat(config.cacheSize()).isEqualTo(100L * 1024 * 1024);
		assertThat(config.readOnlyFallback()).isTrue();
		assertThat(config.waitForServer()).isFalse();
		assertThat(config.waitTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(config.minDisconnectPoll()).isEqualTo(Duration.ofSeconds(1));
		assertThat(config.maxDisconnectPoll()).isEqualTo(Duration.ofSeconds(30));
		assertThat(config.name()).isEqualTo("Main");
		assertThat(config.clientLabel()).isEqualTo("web-1");
		assertThat(config.dropCacheRatherVerify()).isTrue();
		assertThat(config.ssl()).isEqualTo(new SslConfig(Path.of("client.pem"), null, null, null, false, "zeo.example.com"));
		assertThat(config.database().poolSize()).isEqualTo(12);
		assertThat(config.database().cacheSize()).isEqualTo(20000);
		assertThat(config.database().cacheSizeBytes()).isEqualTo(1024L * 1024 * 1024);
		assertThat(config.database().poolTimeout()).isEqualTo(Duration.ofMinutes(10));
		assertThat(config.database().databaseName()).isEqualTo("main");
		assertThat(config.unsupported()).extracting(ConfigSetting::key, (setting) -> setting.location().line())
			.containsExactly(org.assertj.core.groups.Tuple.tuple("blob-dir", 20), org.assertj.core.groups.Tuple.tuple("client", 21));
	}

	@Test
	void clientErrorsShouldNameFileAndLine() {
		assertError("<zkzeoclient>\n zookeeper zk:2181\n server /a\n server /b\n</zkzeoclient>\n",
				"client.conf:4: Only one server option is allowed");
		assertError("<zkzeoclient>\n zookeeper zk:2181\n server zeo:8100\n</zkzeoclient>\n",
				"client.conf:3: server must be a ZooKeeper path, got 'zeo:8100'");
		assertError("<zkzeoclient>\n server /a\n</zkzeoclient>\n",
				"client.conf:1: Missing required key 'zookeeper' in <zkzeoclient>");
		assertError("<zodb>\n <zeoclient>\n  server zeo:8100\n </zeoclient>\n</zodb>\n",
				"client.conf:2: Unsupported section <zeoclient>; a zkzeo client is configured with <zkzeoclient>");
		assertError("<zkzeoclient>\n zookeeper zk:2181\n server /a\n wait-timeout 1m\n</zkzeoclient>\n",
				"client.conf:4: Bad value '1m' for 'wait-timeout' in <zkzeoclient>: expected a whole number of seconds");
		assertError("%import zc.zkzeo\n", "client.conf:1: No <zkzeoclient> section");
		assertThatExceptionOfType(ZConfigException.class)
			.isThrownBy(() -> ZkZeoClientConfig.parse("<zkzeoclient>\n zookeeper zk\n server /a\n cache_size 1\n</zkzeoclient>", "client.conf"))
			.withMessageStartingWith("client.conf:4: Unknown key 'cache_size' in <zkzeoclient>");
	}

	private static void assertError(String text, String message) {
		assertThatExceptionOfType(ZConfigException.class).isThrownBy(() -> ZkZeoClientConfig.parse(text, "client.conf"))
			.withMessage(message);
	}

}
