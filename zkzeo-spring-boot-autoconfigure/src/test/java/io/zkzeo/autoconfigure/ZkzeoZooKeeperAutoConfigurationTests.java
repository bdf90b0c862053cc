package io.zkzeo.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class ZkzeoZooKeeperAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZkzeoZooKeeperAutoConfiguration.class));

	@TempDir
	Path directory;

	@Test
	void runWithNothingNeedingZooKeeperCreatesNoClient() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(CuratorFramework.class)
			.doesNotHaveBean(EmbeddedZooKeeper.class));
	}

	@Test
	void runWithEmbeddedZooKeeperConnectsToIt() {
		this.contextRunner.withPropertyValues("zkzeo.zookeeper.embedded.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(EmbeddedZooKeeper.class).hasSingleBean(CuratorFramework.class);
			EmbeddedZooKeeper server = context.getBean(EmbeddedZooKeeper.class);
			CuratorFramework client = context.getBean(CuratorFramework.class);
			assertThat(client.getZookeeperClient().getCurrentConnectionString()).isEqualTo(server.getConnectString());
			assertThat(client.blockUntilConnected(10, TimeUnit.SECONDS)).isTrue();
			client.create().creatingParentsIfNeeded().forPath("/embedded/check", new byte[] { 1 });
			assertThat(client.getData().forPath("/embedded/check")).containsExactly(1);
		});
	}

	@Test
	void runWithEmbeddedZooKeeperKeepsDataInTheGivenDirectory() {
		Path data = this.directory.resolve("zk");
		this.contextRunner
			.withPropertyValues("zkzeo.zookeeper.embedded.enabled=true",
					"zkzeo.zookeeper.embedded.data-directory=" + data)
			.run((context) -> {
				CuratorFramework client = context.getBean(CuratorFramework.class);
				assertThat(client.blockUntilConnected(10, TimeUnit.SECONDS)).isTrue();
				client.create().forPath("/kept");
			});
		assertThat(data).isDirectory();
		this.contextRunner
			.withPropertyValues("zkzeo.zookeeper.embedded.enabled=true",
					"zkzeo.zookeeper.embedded.data-directory=" + data)
			.run((context) -> {
				CuratorFramework client = context.getBean(CuratorFramework.class);
				assertThat(client.blockUntilConnected(10, TimeUnit.SECONDS)).isTrue();
				assertThat(client.checkExists().forPath("/kept")).isNotNull();
			});
	}

	@Test
	void runWithTemporaryEmbeddedZooKeeperDeletesItsDataOnClose() {
		Path[] base = new Path[1];
		this.contextRunner.withPropertyValues("zkzeo.zookeeper.embedded.enabled=true").run((context) -> {
			String tmp = System.getProperty("java.io.tmpdir");
			try (var entries = Files.list(Path.of(tmp))) {
				base[0] = entries.filter((p) -> p.getFileName().toString().startsWith("zkzeo-zookeeper-"))
					.findFirst()
					.orElseThrow();
			}
		});
		assertThat(base[0]).doesNotExist();
	}

	@Test
	void runWithEmbeddedZooKeeperOnATakenPortFailsNamingTheEmbeddedServer() throws Exception {
		try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
				java.net.InetAddress.getLoopbackAddress())) {
			this.contextRunner
				.withPropertyValues("zkzeo.zookeeper.embedded.enabled=true",
						"zkzeo.zookeeper.embedded.port=" + taken.getLocalPort())
				.run((context) -> ConfigurationFailures.assertFailedOn(context, "zkzeo.zookeeper.embedded.enabled"));
		}
	}

	@Test
	void runMapsPropertiesToTheCuratorClient() {
		this.contextRunner
			.withPropertyValues("zkzeo.client.enabled=true", "zkzeo.zookeeper.connect-string=127.0.0.1:1",
					"zkzeo.zookeeper.session-timeout=4s", "zkzeo.zookeeper.connection-timeout=3s")
			.run((context) -> {
				CuratorFramework client = context.getBean(CuratorFramework.class);
				assertThat(client.getZookeeperClient().getCurrentConnectionString()).isEqualTo("127.0.0.1:1");
				assertThat(client.getZookeeperClient().getConnectionTimeoutMs()).isEqualTo(3000);
			});
	}

	@Test
	void runWithAuthWithoutPasswordFailsNamingAuth() {
		this.contextRunner.withPropertyValues("zkzeo.client.enabled=true", "zkzeo.zookeeper.auth=alice")
			.run((context) -> {
				ZkzeoConfigurationException cause = ConfigurationFailures.cause(context);
				assertThat(cause.getProperty()).isEqualTo("zkzeo.zookeeper.auth");
				assertThat(cause.getMessage()).doesNotContain("alice");
			});
	}

	@Test
	void runWithCreatorAclWithoutAuthFailsNamingAcl() {
		this.contextRunner
			.withPropertyValues("zkzeo.client.enabled=true", "zkzeo.zookeeper.acl=creator-all-world-read")
			.run((context) -> ConfigurationFailures.assertFailedOn(context, "zkzeo.zookeeper.acl"));
	}

	@Test
	void runWithInvalidPathFailsNamingThePath() {
		this.contextRunner.withPropertyValues("zkzeo.client.enabled=true", "zkzeo.zookeeper.path=no-slash")
			.run((context) -> ConfigurationFailures.assertFailedOn(context, "zkzeo.zookeeper.path"));
	}

	@Test
	void runWithZeroSessionTimeoutFailsNamingTheTimeout() {
		this.contextRunner.withPropertyValues("zkzeo.client.enabled=true", "zkzeo.zookeeper.session-timeout=0s")
			.run((context) -> ConfigurationFailures.assertFailedOn(context, "zkzeo.zookeeper.session-timeout"));
	}

	@Test
	void runWithBlankConnectStringFailsNamingIt() {
		this.contextRunner.withPropertyValues("zkzeo.client.enabled=true", "zkzeo.zookeeper.connect-string= ")
			.run((context) -> ConfigurationFailures.assertFailedOn(context, "zkzeo.zookeeper.connect-string"));
	}

	@Test
	void embeddedServerReportsItsRealPort() {
		try (EmbeddedZooKeeper server = EmbeddedZooKeeper.start(0, null)) {
			assertThat(server.getConnectString()).matches("[^:]+:[1-9][0-9]*");
		}
	}

}
