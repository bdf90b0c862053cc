package io.zkzeo.autoconfigure;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import io.zkzeo.client.ClientStorage;
import io.zkzeo.db.DB;
import io.zkzeo.db.DbOptions;
import io.zkzeo.protocol.Transport;
import io.zkzeo.server.ServerOptions;
import io.zkzeo.server.StorageServer;
import io.zkzeo.spring.transaction.CurrentConnection;
import io.zkzeo.spring.transaction.ZkzeoTransactionManager;
import io.zkzeo.storage.memory.MemoryStorage;
import io.zkzeo.storage.memory.MemoryStorageOptions;
import io.zkzeo.zookeeper.ZkAddressWatcher;
import io.zkzeo.zookeeper.ZkRegistration;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ZkzeoClientAutoConfigurationTests {

	private static TestingServer zooKeeper;

	private static CuratorFramework registrar;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZkzeoZooKeeperAutoConfiguration.class,
				ZkzeoServerAutoConfiguration.class, ZkzeoClientAutoConfiguration.class,
				ZkzeoTransactionAutoConfiguration.class))
		.withPropertyValues("zkzeo.zookeeper.connect-string=" + zooKeeper.getConnectString(),
				"zkzeo.zookeeper.create-path=true");

	@BeforeAll
	static void startZooKeeper() throws Exception {
		zooKeeper = new TestingServer(true);
		registrar = CuratorFrameworkFactory.newClient(zooKeeper.getConnectString(), new RetryOneTime(100));
		registrar.start();
	}

	@AfterAll
	static void stopZooKeeper() throws Exception {
		registrar.close();
		zooKeeper.close();
	}

	@Test
	void runWithServerAndClientInOneApplicationCommitsThroughTheServer() {
		this.contextRunner
			.withPropertyValues("zkzeo.zookeeper.path=/both", "zkzeo.server.enabled=true",
					"zkzeo.server.storage.type=memory", "zkzeo.client.enabled=true")
			.run((context) -> {
				assertThat(context).hasSingleBean(ClientStorage.class)
					.hasSingleBean(DB.class)
					.hasSingleBean(ZkAddressWatcher.class)
					.hasSingleBean(ZkzeoTransactionManager.class)
					.hasSingleBean(CurrentConnection.class);
				ClientStorage client = context.getBean(ClientStorage.class);
				StorageServer server = context.getBean(StorageServer.class);
				assertThat(client.isConnected()).isTrue();
				assertThat(client.getServerAddress().getPort()).isEqualTo(server.boundAddress().getPort());
				TransactionTemplate transactions = new TransactionTemplate(
						context.getBean(ZkzeoTransactionManager.class));
				CurrentConnection connection = context.getBean(CurrentConnection.class);
				transactions.executeWithoutResult((status) -> connection.root().put("greeting", "hello"));
				assertThat(server.status().storage("1").commits()).isEqualTo(2);
				Object greeting = transactions.execute((status) -> connection.root().get("greeting"));
				assertThat(greeting).isEqualTo("hello");
			});
	}

	@Test
	void runWithClientFollowsServersAsTheyComeAndGo() throws Exception {
		MemoryStorage storage = new MemoryStorage(MemoryStorageOptions.defaults());
		try (StorageServer first = new StorageServer(ServerOptions.of(storage).withCloseStorages(false)).start();
				StorageServer second = new StorageServer(ServerOptions.of(storage).withCloseStorages(false)).start()) {
			ZkRegistration firstRegistration = register(first, "/follow");
			ZkRegistration secondRegistration = register(second, "/follow");
			try {
				this.contextRunner.withPropertyValues("zkzeo.zookeeper.path=/follow", "zkzeo.client.enabled=true")
					.run((context) -> {
						ClientStorage client = context.getBean(ClientStorage.class);
						assertThat(client.getAddresses()).extracting(InetSocketAddress::getPort)
							.containsExactlyInAnyOrder(first.boundAddress().getPort(),
									second.boundAddress().getPort());
						int used = client.getServerAddress().getPort();
						StorageServer other = (used == first.boundAddress().getPort()) ? second : first;
						((used == first.boundAddress().getPort()) ? firstRegistration : secondRegistration).close();
						await().atMost(Duration.ofSeconds(30))
							.untilAsserted(() -> assertThat(client.getAddresses())
								.extracting(InetSocketAddress::getPort)
								.containsExactly(other.boundAddress().getPort()));
						await().atMost(Duration.ofSeconds(30))
							.untilAsserted(() -> assertThat(client.getServerAddress())
								.extracting(InetSocketAddress::getPort)
								.isEqualTo(other.boundAddress().getPort()));
						DB db = context.getBean(DB.class);
						db.transaction((connection) -> connection.root().put("after", "switch"));
						assertThat(other.status().storage("1").commits()).isPositive();
					});
			}
			finally {
				firstRegistration.close();
				secondRegistration.close();
			}
		}
	}

	@Test
	void runWithClientAndNoPathFailsNamingThePath() {
		this.contextRunner.withPropertyValues("zkzeo.client.enabled=true")
			.run((context) -> ConfigurationFailures.assertFailedOn(context, "zkzeo.zookeeper.path"));
	}

	@Test
	void runWithClientWaitingAndNoServerFailsNamingThePath() {
		this.contextRunner
			.withPropertyValues("zkzeo.zookeeper.path=/empty-wait", "zkzeo.client.enabled=true",
					"zkzeo.client.wait-timeout=1s")
			.run((context) -> assertThat(
					ConfigurationFailures.assertFailedOn(context, "zkzeo.zookeeper.path").getDescription())
				.contains("wait=false"));
	}

	@Test
	void runWithClientNotWaitingStartsWithoutServer() {
		this.contextRunner
			.withPropertyValues("zkzeo.zookeeper.path=/empty-nowait", "zkzeo.client.enabled=true",
					"zkzeo.client.wait=false", "zkzeo.client.read-only=true")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(ClientStorage.class);
				ClientStorage client = context.getBean(ClientStorage.class);
				assertThat(client.isConnected()).isFalse();
				assertThat(client.getAddresses()).isEmpty();
			});
	}

	@Test
	void runMapsClientPropertiesToClientOptions() {
		this.contextRunner
			.withPropertyValues("zkzeo.zookeeper.path=/options", "zkzeo.client.enabled=true",
					"zkzeo.client.wait=false", "zkzeo.client.cache-size=3MB", "zkzeo.client.read-only-fallback=true",
					"zkzeo.client.wait-timeout=7s", "zkzeo.client.max-disconnect-poll=2s",
					"zkzeo.client.storage-name=other", "zkzeo.client.db.pool-size=3", "zkzeo.client.db.cache-size=50",
					"zkzeo.client.transport=nio", "zkzeo.client.oids-on-connect=false")
			.run((context) -> {
				ClientStorage client = context.getBean(ClientStorage.class);
				assertThat(client.getOptions().cacheSize()).isEqualTo(3L * 1024 * 1024);
				assertThat(client.getOptions().readOnlyFallback()).isTrue();
				assertThat(client.getOptions().waitTimeout()).hasSeconds(7);
				assertThat(client.getOptions().maxDisconnectPoll()).hasSeconds(2);
				assertThat(client.getOptions().storageName()).isEqualTo("other");
				assertThat(client.getOptions().tls()).isNull();
				assertThat(client.getOptions().transport()).isEqualTo(Transport.NIO);
				assertThat(client.getOptions().oidsOnConnect()).isFalse();
			});
	}

	@Test
	void runWithZeroPoolSizeFailsNamingTheDbProperties() {
		this.contextRunner
			.withPropertyValues("zkzeo.zookeeper.path=/both-pool", "zkzeo.server.enabled=true",
					"zkzeo.server.storage.type=memory", "zkzeo.client.enabled=true", "zkzeo.client.db.pool-size=0")
			.run((context) -> ConfigurationFailures.assertFailedOn(context, "zkzeo.client.db"));
	}

	@Test
	void runAppliesDbPropertiesAndCustomizers() {
		this.contextRunner
			.withPropertyValues("zkzeo.zookeeper.path=/both-db", "zkzeo.server.enabled=true",
					"zkzeo.server.storage.type=memory", "zkzeo.client.enabled=true", "zkzeo.client.db.pool-size=3",
					"zkzeo.client.db.cache-size=50", "zkzeo.client.db.prefetch-limit=16")
			.withBean(DbOptionsCustomizer.class, () -> (options) -> options.withConflictRetries(2))
			.run((context) -> {
				DbOptions options = context.getBean(DB.class).options();
				assertThat(options.poolSize()).isEqualTo(3);
				assertThat(options.cacheSize()).isEqualTo(50);
				assertThat(options.prefetchLimit()).isEqualTo(16);
				assertThat(options.conflictRetries()).isEqualTo(2);
			});
	}

	@Test
	void runWithClientSslAndHalfACertificateFails() {
		this.contextRunner
			.withPropertyValues("zkzeo.zookeeper.path=/ssl", "zkzeo.client.enabled=true", "zkzeo.client.wait=false",
					"zkzeo.client.ssl.enabled=true", "zkzeo.client.ssl.certificate=/nonexistent/cert.pem")
			.run((context) -> ConfigurationFailures.assertFailedOn(context, "zkzeo.client.ssl.private-key"));
	}

	@Test
	void runWithOwnDbBacksOff() {
		MemoryStorage storage = new MemoryStorage(MemoryStorageOptions.defaults());
		this.contextRunner.withBean(DB.class, () -> new DB(storage))
			.withPropertyValues("zkzeo.zookeeper.path=/own-db", "zkzeo.client.enabled=true", "zkzeo.client.wait=false")
			.run((context) -> {
				assertThat(context).hasSingleBean(DB.class);
				assertThat(context.getBean(DB.class).storage()).isSameAs(storage);
			});
	}

	@Test
	void runWithClientDisabledCreatesNoClientBeans() {
		this.contextRunner.withPropertyValues("zkzeo.zookeeper.path=/off")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ClientStorage.class)
				.doesNotHaveBean(DB.class)
				.doesNotHaveBean(ZkzeoTransactionManager.class)
				.doesNotHaveBean(CuratorFramework.class));
	}

	private static ZkRegistration register(StorageServer server, String path) {
		ZkRegistration registration = ZkRegistration.builder(registrar, path)
			.address(server.boundAddress())
			.createPath(true)
			.build();
		registration.start();
		assertThat(registration.awaitRegistered(Duration.ofSeconds(10))).isTrue();
		return registration;
	}

	static List<Integer> ports(List<InetSocketAddress> addresses) {
		return addresses.stream().map(InetSocketAddress::getPort).toList();
	}

}
