package io.zkzeo.autoconfigure;

import io.zkzeo.client.ClientOptions;
import io.zkzeo.db.DbOptions;
import io.zkzeo.server.ServerOptions;
import io.zkzeo.storage.file.FileStorageOptions;
import io.zkzeo.storage.memory.MemoryStorage;
import io.zkzeo.storage.memory.MemoryStorageOptions;
import io.zkzeo.zookeeper.ZooKeeperOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ZkzeoPropertiesTests {

	@Test
	void zooKeeperDefaultsAgreeWithTheLibrary() {
		ZkzeoZooKeeperProperties properties = new ZkzeoZooKeeperProperties();
		ZooKeeperOptions defaults = ZooKeeperOptions.defaults();
		assertThat(properties.getConnectString()).isEqualTo(defaults.connectString());
		assertThat(properties.getSessionTimeout()).isEqualTo(defaults.sessionTimeout());
		assertThat(properties.getConnectionTimeout()).isEqualTo(defaults.connectionTimeout());
		assertThat(properties.isCreatePath()).isEqualTo(defaults.createPath());
		assertThat(properties.toOptions(properties.getConnectString())).isEqualTo(defaults);
		assertThat(properties.getEmbedded().isEnabled()).isFalse();
	}

	@Test
	void serverDefaultsAgreeWithTheLibrary() {
		ZkzeoServerProperties properties = new ZkzeoServerProperties();
		ServerOptions defaults = ServerOptions.of(new MemoryStorage(MemoryStorageOptions.defaults()));
		assertThat(properties.getName()).isEqualTo(ServerOptions.DEFAULT_STORAGE_NAME);
		assertThat(properties.getInvalidationQueueSize()).isEqualTo(defaults.invalidationQueueSize());
		assertThat(properties.isReadOnly()).isEqualTo(defaults.readOnly());
		assertThat(properties.getStorage().getRecordCacheSize().toBytes())
			.isEqualTo(FileStorageOptions.defaults().recordCacheSize());
		assertThat(properties.getTransactionTimeout()).isEqualTo(defaults.transactionTimeout());
		assertThat(properties.isRegister()).isTrue();
		assertThat(properties.isEnabled()).isFalse();
		assertThat(properties.getStorage().getType()).isEqualTo(ZkzeoServerProperties.StorageType.FILE);
	}

	@Test
	void clientDefaultsAgreeWithTheLibrary() {
		ZkzeoClientProperties properties = new ZkzeoClientProperties();
		ClientOptions defaults = ClientOptions.defaults();
		assertThat(properties.getCacheSize().toBytes()).isEqualTo(defaults.cacheSize());
		assertThat(properties.getWaitTimeout()).isEqualTo(defaults.waitTimeout());
		assertThat(properties.getMaxDisconnectPoll()).isEqualTo(defaults.maxDisconnectPoll());
		assertThat(properties.getStorageName()).isEqualTo(defaults.storageName());
		assertThat(properties.isWait()).isEqualTo(defaults.waitForConnection());
		assertThat(properties.isReadOnly()).isEqualTo(defaults.readOnly());
		assertThat(properties.isReadOnlyFallback()).isEqualTo(defaults.readOnlyFallback());
		assertThat(properties.isOidsOnConnect()).isEqualTo(defaults.oidsOnConnect());
		assertThat(properties.getDb().getPoolSize()).isEqualTo(DbOptions.defaults().poolSize());
		assertThat(properties.getDb().getCacheSize()).isEqualTo(DbOptions.defaults().cacheSize());
		assertThat(properties.getDb().getPrefetchLimit()).isEqualTo(DbOptions.defaults().prefetchLimit());
	}

	@Test
	void serverAddressParsesHostAndPort() {
		assertThat(ServerAddress.parse("127.0.0.1:8100")).isEqualTo(new ServerAddress("127.0.0.1", 8100));
		assertThat(ServerAddress.parse("0.0.0.0")).isEqualTo(new ServerAddress("0.0.0.0", 0));
		assertThat(ServerAddress.parse("[::1]:9")).isEqualTo(new ServerAddress("::1", 9));
		assertThat(ServerAddress.parse(" db.example:0 ")).isEqualTo(new ServerAddress("db.example", 0));
	}

	@Test
	void serverAddressRefusesBadValuesNamingTheProperty() {
		for (String bad : new String[] { "", ":8100", "host:70000", "host:-1", "::1:9", "[::1", "host:port" }) {
			ZkzeoConfigurationException ex = org.assertj.core.api.Assertions
				.catchThrowableOfType(ZkzeoConfigurationException.class, () -> ServerAddress.parse(bad));
			assertThat(ex).as(bad).isNotNull();
			assertThat(ex.getProperty()).isEqualTo("zkzeo.server.address");
		}
	}

}
