package io.zkzeo.tools;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.zkzeo.client.ClientOptions;
import io.zkzeo.client.ClientStorage;
import io.zkzeo.config.RunZeoSetup;
import io.zkzeo.config.ZConfigException;
import io.zkzeo.config.ZkZeoClientConfig;
import io.zkzeo.config.ZkZeoClientSetup;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.file.FileStorage;
import io.zkzeo.zookeeper.ZkClientStorage;
import io.zkzeo.zookeeper.ZooKeeperClientFactory;
import io.zkzeo.zookeeper.ZooKeeperOptions;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.zkzeo.storage.conformance.TestCommits.commit;
import static io.zkzeo.storage.conformance.TestCommits.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code zkrunzeo} runs zc.zkzeo's example configuration files as registered servers.
 */
class ZkRunZeoTests {

	private static final String PATH = "/databases/demo";

	@TempDir
	Path directory;

	private TestingServer zooKeeper;

	private CuratorFramework observer;

	@BeforeEach
	void startZooKeeper() throws Exception {
		this.zooKeeper = new TestingServer(true);
		this.observer = ZooKeeperClientFactory
			.createStarted(ZooKeeperOptions.builder().connectString(this.zooKeeper.getConnectString()).build());
		this.observer.create().creatingParentsIfNeeded().forPath(PATH);
	}

	@AfterEach
	void stopZooKeeper() throws Exception {
		this.observer.close();
		this.zooKeeper.close();
	}

	@Test
	void readmeFileStorageExampleShouldRunRegisterServeAndUnregister() throws Exception {
		Path pidFile = this.directory.resolve("zeo.pid");
		String text = example("zkzeo-readme-server.conf").replace("</zeo>",
				"   pid-filename " + pidFile + "\n</zeo>");
		Oid oid;
		Tid tid;
		String nodeName;
		try (ZkRunZeo running = ZkRunZeo.start(RunZeoSetup.parse(text, "zkzeo-readme-server.conf"))) {
			assertThat(running.server().awaitRegistered(Duration.ofSeconds(20))).isTrue();
			nodeName = "127.0.0.1:" + running.boundAddress().getPort();
			assertThat(this.observer.getChildren().forPath(PATH)).containsExactly(nodeName);
			assertThat(Files.readString(pidFile).strip()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
			assertThat(running.describe()).contains("serving [1] on " + nodeName)
				.contains("registered as " + nodeName + " at " + this.zooKeeper.getConnectString() + PATH);
			try (ClientStorage client = new ClientStorage(
					ClientOptions.defaults().withAddresses(List.of(running.boundAddress())))) {
				oid = client.newOid();
				tid = commit(client, "zkrunzeo", store(oid, Tid.ZERO, new byte[] { 4, 2 }));
			}
		}
		assertThat(this.observer.getChildren().forPath(PATH)).isEmpty();
		assertThat(pidFile).doesNotExist();
		try (FileStorage storage = FileStorage.open(this.directory.resolve("demo.fs"))) {
			assertThat(storage.load(oid).serial()).isEqualTo(tid);
		}
	}

	@Test
	void zcZkzeoTestTemplateWithMappingStorageShouldRun() throws Exception {
		String text = example("zkzeo-runzeo-test.conf");
		try (ZkRunZeo running = ZkRunZeo.start(RunZeoSetup.parse(text, "zkzeo-runzeo-test.conf"))) {
			assertThat(running.server().awaitRegistered(Duration.ofSeconds(20))).isTrue();
			assertThat(this.observer.getChildren().forPath(PATH))
				.containsExactly("127.0.0.1:" + running.boundAddress().getPort());
			ToolsRun ruok = ToolsRun.of("ruok", "127.0.0.1:" + running.boundAddress().getPort());
			assertThat(ruok.status()).isZero();
			assertThat(ruok.out()).startsWith("{\"1\": {").contains("\"connections\"");
		}
		assertThat(this.observer.getChildren().forPath(PATH)).isEmpty();
	}

	@Test
	void readmeClientExampleShouldFindReadmeServerThroughZooKeeper() throws Exception {
		RunZeoSetup server = RunZeoSetup.parse(example("zkzeo-readme-server.conf"), "zkzeo-readme-server.conf");
		ZkZeoClientSetup client = ZkZeoClientSetup
			.of(ZkZeoClientConfig.parse(example("zkzeo-readme-client.conf"), "zkzeo-readme-client.conf"));
		try (ZkRunZeo running = ZkRunZeo.start(server); ZkClientStorage storage = client.open()) {
			assertThat(storage.getServerAddress().getPort()).isEqualTo(running.boundAddress().getPort());
			Oid oid = storage.newOid();
			Tid tid = commit(storage, "readme client", store(oid, Tid.ZERO, new byte[] { 9 }));
			assertThat(storage.load(oid).serial()).isEqualTo(tid);
			assertThat(running.server().status().storage("1").commits()).isEqualTo(1);
		}
	}

	@Test
	void readmeMonitorExampleShouldBeRefusedNamingMonitorServerAndItsLine() throws IOException {
		String text = example("zkzeo-readme-server-monitor.conf");
		assertThatExceptionOfType(ZConfigException.class)
			.isThrownBy(() -> RunZeoSetup.parse(text, "zkzeo-readme-server-monitor.conf"))
			.withMessageContaining("zkzeo-readme-server-monitor.conf:8:")
			.withMessageContaining("line 8: 'monitor-server' in <zookeeper> (127.0.0.1)");
	}

	@Test
	void missingRegistrationPathShouldFailStartAndLeaveNothingRunning() throws Exception {
		String text = example("zkzeo-readme-server.conf").replace(PATH, "/no/such/path");
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> ZkRunZeo.start(RunZeoSetup.parse(text, "missing-path.conf")))
			.withMessageContaining("/no/such/path");
		// the storage was closed: it can be opened read-write again
		FileStorage.open(this.directory.resolve("demo.fs")).close();
	}

	private String example(String name) throws IOException {
		try (InputStream in = ZkRunZeoTests.class.getResourceAsStream("/config/" + name)) {
			if (in == null) {
				throw new IllegalStateException("No test resource config/" + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8)
				.replace("zookeeper.example.com:2181", this.zooKeeper.getConnectString())
				.replace("path demo.fs", "path " + this.directory.resolve("demo.fs"));
		}
	}

}
