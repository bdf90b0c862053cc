package io.zkzeo.autoconfigure;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.zkzeo.client.ClientOptions;
import io.zkzeo.client.ClientStorage;
import io.zkzeo.db.DB;
import io.zkzeo.protocol.Transport;
import io.zkzeo.server.StorageServer;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.file.FileStorage;
import io.zkzeo.storage.memory.MemoryStorage;
import io.zkzeo.zookeeper.ZkRegistration;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class ZkzeoServerAutoConfigurationTests {

	private static TestingServer zooKeeper;

	private static CuratorFramework observer;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(ZkzeoZooKeeperAutoConfiguration.class, ZkzeoServerAutoConfiguration.class))
		.withPropertyValues("zkzeo.zookeeper.connect-string=" + zooKeeper.getConnectString());

	@TempDir
	Path directory;

	@BeforeAll
	static void startZooKeeper() throws Exception {
		zooKeeper = new TestingServer(true);
		observer = CuratorFrameworkFactory.newClient(zooKeeper.getConnectString(), new RetryOneTime(100));
		observer.start();
	}

	@AfterAll
	static void stopZooKeeper() throws Exception {
		observer.close();
		zooKeeper.close();
	}

	@Test
	void runWhenServerNotEnabledCreatesNothing() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(StorageServer.class)
			.doesNotHaveBean(Storage.class)
			.doesNotHaveBean(CuratorFramework.class));
	}

	@Test
	void runWithMemoryStorageServesItWithoutZooKeeperWhenNotRegistering() {
		this.contextRunner
			.withPropertyValues("zkzeo.server.enabled=true", "zkzeo.server.storage.type=memory",
					"zkzeo.server.register=false", "zkzeo.server.name=main")
			.run((context) -> {
				assertThat(context).hasSingleBean(StorageServer.class)
					.doesNotHaveBean(ZkRegistration.class)
					.doesNotHaveBean(CuratorFramework.class);
				assertThat(context.getBean(ZkzeoServerAutoConfiguration.STORAGE_BEAN_NAME))
					.isInstanceOf(MemoryStorage.class);
				StorageServer server = context.getBean(StorageServer.class);
				assertThat(server.boundAddress().getPort()).isPositive();
				try (DB db = new DB(new ClientStorage(
						ClientOptions.of(server.boundAddress()).withStorageName("main")))) {
					db.transaction((connection) -> connection.root().put("answer", 42L));
				}
				assertThat(server.status().storage("main").commits()).isEqualTo(2);
			});
	}

	@Test
	void runWithFileStorageCreatesTheDataFileInAMissingDirectory() {
		Path file = this.directory.resolve("nested/data/Data.fs");
		this.contextRunner
			.withPropertyValues("zkzeo.server.enabled=true", "zkzeo.server.register=false",
					"zkzeo.server.storage.path=" + file)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(ZkzeoServerAutoConfiguration.STORAGE_BEAN_NAME))
					.isInstanceOf(FileStorage.class);
				assertThat(file).exists();
			});
	}

	@Test
	void runWithFileStorageAndNoPathFailsNamingThePath() {
		this.contextRunner.withPropertyValues("zkzeo.server.enabled=true", "zkzeo.server.register=false")
			.run((context) -> assertThat(
					ConfigurationFailures.assertFailedOn(context, "zkzeo.server.storage.path").getDescription())
				.contains("is not set"));
	}

	@Test
	void runWithStoragePathNamingADirectoryFails() {
		this.contextRunner
			.withPropertyValues("zkzeo.server.enabled=true", "zkzeo.server.register=false",
					"zkzeo.server.storage.path=" + this.directory)
			.run((context) -> assertThat(
					ConfigurationFailures.assertFailedOn(context, "zkzeo.server.storage.path").getDescription())
				.contains("directory"));
	}

	@Test
	void recordCacheSizeReachesTheFileStorage() {
		this.contextRunner
			.withPropertyValues("zkzeo.server.enabled=true", "zkzeo.server.register=false",
					"zkzeo.server.storage.path=" + this.directory.resolve("Data.fs"),
					"zkzeo.server.storage.record-cache-size=2MB")
			.run((context) -> assertThat(context.getBean(FileStorage.class).options().recordCacheSize())
				.isEqualTo(2L * 1024 * 1024));
	}

	@Test
	void negativeRecordCacheSizeFailsNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("zkzeo.server.enabled=true", "zkzeo.server.register=false",
					"zkzeo.server.storage.path=" + this.directory.resolve("Data.fs"),
					"zkzeo.server.storage.record-cache-size=-1MB")
			.run((context) -> assertThat(ConfigurationFailures
				.assertFailedOn(context, "zkzeo.server.storage.record-cache-size")
				.getDescription()).contains("negative"));
	}

	@Test
	void runWithReadOnlyServerAndNoDataFileFails() {
		this.contextRunner
			.withPropertyValues("zkzeo.server.enabled=true", "zkzeo.server.register=false",
					"zkzeo.server.read-only=true", "zkzeo.server.storage.path=" + this.directory.resolve("none.fs"))
			.run((context) -> ConfigurationFailures.assertFailedOn(context, "zkzeo.server.storage.path"));
	}

	@Test
	void runWithUnparsableAddressFailsNamingTheAddress() {
		this.contextRunner
			.withPropertyValues("zkzeo.server.enabled=true", "zkzeo.server.register=false",
					"zkzeo.server.storage.type=memory", "zkzeo.server.address=localhost:http")
			.run((context) -> assertThat(
					ConfigurationFailures.assertFailedOn(context, "zkzeo.server.address").getDescription())
				.contains("localhost:http"));
	}

	@Test
	void runWithAddressInUseFailsNamingTheAddress() throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			this.contextRunner
				.withPropertyValues("zkzeo.server.enabled=true", "zkzeo.server.register=false",
						"zkzeo.server.storage.type=memory", "zkzeo.server.address=127.0.0.1:" + taken.getLocalPort())
				.run((context) -> ConfigurationFailures.assertFailedOn(context, "zkzeo.server.address"));
		}
	}

	@Test
	void runWithAddressWithoutPortListensOnAFreePort() {
		this.contextRunner
			.withPropertyValues("zkzeo.server.enabled=true", "zkzeo.server.register=false",
					"zkzeo.server.storage.type=memory", "zkzeo.server.address=127.0.0.1")
			.run((context) -> assertThat(context.getBean(StorageServer.class).boundAddress().getPort()).isPositive());
	}

	@Test
	void runWithServerReadOnlyRefusesWrites() {
		this.contextRunner
			.withPropertyValues("zkzeo.server.enabled=true", "zkzeo.server.register=false",
					"zkzeo.server.storage.type=memory", "zkzeo.server.read-only=true",
					"zkzeo.server.transaction-timeout=5s", "zkzeo.server.invalidation-queue-size=7",
					"zkzeo.server.io-threads=3", "zkzeo.server.transport=nio")
			.run((context) -> {
				StorageServer server = context.getBean(StorageServer.class);
				assertThat(server.options().readOnly()).isTrue();
				assertThat(server.options().transactionTimeout()).hasSeconds(5);
				assertThat(server.options().invalidationQueueSize()).isEqualTo(7);
				assertThat(server.options().effectiveIoThreads()).isEqualTo(3);
				assertThat(server.options().transport()).isEqualTo(Transport.NIO);
			});
	}

	@Test
	void runWithNegativeInvalidationQueueSizeFails() {
		this.contextRunner
			.withPropertyValues("zkzeo.server.enabled=true", "zkzeo.server.register=false",
					"zkzeo.server.storage.type=memory", "zkzeo.server.invalidation-queue-size=-1")
			.run((context) -> ConfigurationFailures.assertFailedOn(context, "zkzeo.server.invalidation-queue-size"));
	}

	@Test
	void runWithNegativeIoThreadsFails() {
		this.contextRunner
			.withPropertyValues("zkzeo.server.enabled=true", "zkzeo.server.register=false",
					"zkzeo.server.storage.type=memory", "zkzeo.server.io-threads=-1")
			.run((context) -> ConfigurationFailures.assertFailedOn(context, "zkzeo.server.io-threads"));
	}

	@Test
	void runWithSslEnabledAndNoKeyFailsNamingSsl() {
		this.contextRunner
			.withPropertyValues("zkzeo.server.enabled=true", "zkzeo.server.register=false",
					"zkzeo.server.storage.type=memory", "zkzeo.server.ssl.enabled=true")
			.run((context) -> assertThat(ConfigurationFailures.assertFailedOn(context, "zkzeo.server.ssl").getAction())
				.isNotEmpty());
	}

	@Test
	void runWithRegistrationRegistersTheBoundAddressInZooKeeper() throws Exception {
		this.contextRunner
			.withPropertyValues("zkzeo.server.enabled=true", "zkzeo.server.storage.type=memory",
					"zkzeo.zookeeper.path=/servers/registered", "zkzeo.zookeeper.create-path=true")
			.run((context) -> {
				assertThat(context).hasSingleBean(ZkRegistration.class).hasSingleBean(CuratorFramework.class);
				ZkRegistration registration = context.getBean(ZkRegistration.class);
				assertThat(registration.awaitRegistered(java.time.Duration.ofSeconds(10))).isTrue();
				InetSocketAddress bound = context.getBean(StorageServer.class).boundAddress();
				List<String> children = observer.getChildren().forPath("/servers/registered");
				assertThat(children).containsExactly("127.0.0.1:" + bound.getPort());
			});
		assertThat(children("/servers/registered")).isEmpty();
	}

	@Test
	void runWithRegistrationAndNoPathFailsNamingThePath() {
		this.contextRunner.withPropertyValues("zkzeo.server.enabled=true", "zkzeo.server.storage.type=memory")
			.run((context) -> ConfigurationFailures.assertFailedOn(context, "zkzeo.zookeeper.path"));
	}

	@Test
	void runWithRegistrationUnderMissingPathFailsUnlessCreatePath() {
		this.contextRunner
			.withPropertyValues("zkzeo.server.enabled=true", "zkzeo.server.storage.type=memory",
					"zkzeo.zookeeper.path=/servers/absent")
			.run((context) -> assertThat(
					ConfigurationFailures.assertFailedOn(context, "zkzeo.zookeeper.path").getDescription())
				.contains("create-path"));
	}

	@Test
	void runWithExistingCuratorFrameworkReusesIt() throws Exception {
		CuratorFramework own = CuratorFrameworkFactory.newClient(zooKeeper.getConnectString(), new RetryOneTime(100));
		own.start();
		try {
			this.contextRunner.withBean(CuratorFramework.class, () -> own, (definition) -> definition.setDestroyMethodName(""))
				.withPropertyValues("zkzeo.server.enabled=true", "zkzeo.server.storage.type=memory",
						"zkzeo.zookeeper.path=/servers/own", "zkzeo.zookeeper.create-path=true",
						"zkzeo.zookeeper.connect-string=127.0.0.1:1")
				.run((context) -> {
					assertThat(context).hasSingleBean(CuratorFramework.class);
					assertThat(context.getBean(CuratorFramework.class)).isSameAs(own);
					assertThat(context.getBean(ZkRegistration.class).awaitRegistered(java.time.Duration.ofSeconds(10)))
						.isTrue();
					assertThat(children("/servers/own")).hasSize(1);
				});
		}
		finally {
			own.close();
		}
	}

	@Test
	void runWithOwnStorageServerBacksOff() {
		MemoryStorage storage = new MemoryStorage(io.zkzeo.storage.memory.MemoryStorageOptions.defaults());
		this.contextRunner
			.withBean(StorageServer.class,
					() -> new StorageServer(io.zkzeo.server.ServerOptions.of(storage)).start())
			.withPropertyValues("zkzeo.server.enabled=true", "zkzeo.server.storage.type=memory",
					"zkzeo.server.register=false")
			.run((context) -> assertThat(context.getBean(StorageServer.class).options().storages())
				.containsExactly(Map.entry("1", storage)));
	}

	@Test
	void runWithOwnStorageBeanServesIt() throws Exception {
		Path file = this.directory.resolve("own.fs");
		this.contextRunner
			.withBean(ZkzeoServerAutoConfiguration.STORAGE_BEAN_NAME, Storage.class, () -> FileStorage.open(file))
			.withPropertyValues("zkzeo.server.enabled=true", "zkzeo.server.register=false")
			.run((context) -> assertThat(context.getBean(StorageServer.class).options().storages().get("1"))
				.isInstanceOf(FileStorage.class));
		assertThat(Files.exists(file)).isTrue();
	}

	private static List<String> children(String path) throws Exception {
		return (observer.checkExists().forPath(path) != null) ? observer.getChildren().forPath(path) : List.of();
	}

}
