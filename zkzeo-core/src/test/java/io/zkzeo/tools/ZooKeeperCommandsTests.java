package io.zkzeo.tools;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.zkzeo.server.ServerOptions;
import io.zkzeo.storage.memory.MemoryStorage;
import io.zkzeo.storage.memory.MemoryStorageOptions;
import io.zkzeo.zookeeper.ZkZeoServer;
import io.zkzeo.zookeeper.ZooKeeperOptions;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ruok}, {@code zkls} and {@code zkrunzeo} through the command line entry point, against real
 * servers.
 */
class ZooKeeperCommandsTests {

	@TempDir
	Path directory;

	@Test
	void ruokShouldPrintServerJsonStatus() {
		try (ZkZeoServer server = ZkZeoServer.of(ServerOptions.builder().storage("main", memory("main")).build(), null).start()) {
			ToolsRun run = ToolsRun.of("ruok", "127.0.0.1:" + server.boundAddress().getPort());
			assertThat(run.status()).isZero();
			assertThat(run.err()).isEmpty();
			assertThat(run.out()).startsWith("{\"main\": {").contains("\"last-transaction\"").endsWith("}\n");
		}
	}

	@Test
	void ruokOfUnreachableServerShouldExitWithProblem() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			port = socket.getLocalPort();
		}
		ToolsRun run = ToolsRun.of("ruok", "127.0.0.1:" + port);
		assertThat(run.status()).isEqualTo(Tools.PROBLEM);
		assertThat(run.out()).isEmpty();
		assertThat(run.err()).startsWith("ruok: 127.0.0.1:" + port + " did not answer");
	}

	@Test
	void ruokWithoutAddressShouldBeUsageError() {
		assertThat(ToolsRun.of("ruok", "nonsense").status()).isEqualTo(Tools.USAGE);
	}

	@Test
	void zklsShouldListRegisteredServersWithTheirJson() throws Exception {
		try (TestingServer zooKeeper = new TestingServer(true)) {
			ZooKeeperOptions options = ZooKeeperOptions.builder()
				.connectString(zooKeeper.getConnectString())
				.path("/zeo/main")
				.createPath(true)
				.build();
			try (ZkZeoServer first = ZkZeoServer.of(ServerOptions.of(memory("1")), options).start();
					ZkZeoServer second = ZkZeoServer.of(ServerOptions.of(memory("1")), options).start()) {
				assertThat(first.awaitRegistered(Duration.ofSeconds(20))).isTrue();
				assertThat(second.awaitRegistered(Duration.ofSeconds(20))).isTrue();
				ToolsRun run = ToolsRun.of("zkls", zooKeeper.getConnectString(), "/zeo/main");
				assertThat(run.status()).isZero();
				String pid = "{\"pid\":" + ProcessHandle.current().pid() + "}";
				assertThat(run.out().lines()).containsExactlyInAnyOrder(first.nodeNames().get(0) + " " + pid,
						second.nodeNames().get(0) + " " + pid);
			}
			ToolsRun missing = ToolsRun.of("zkls", zooKeeper.getConnectString(), "/nothing/here");
			assertThat(missing.status()).isEqualTo(Tools.PROBLEM);
			assertThat(missing.err()).contains("/nothing/here");
		}
	}

	@Test
	void zkrunzeoWithMalformedOrUnsupportedFileShouldPrintLineAndExitWithProblem() throws Exception {
		Path file = Files.writeString(this.directory.resolve("zeo.conf"), """
				<zeo>
				  address 127.0.0.1
				</zeo>
				<filestorage>
				  path %s
				  blob-dir %s
				</filestorage>
				""".formatted(this.directory.resolve("Data.fs"), this.directory.resolve("blobs")));
		ToolsRun run = ToolsRun.of("zkrunzeo", "-C", file.toString());
		assertThat(run.status()).isEqualTo(Tools.PROBLEM);
		assertThat(run.err()).contains("zeo.conf:6:").contains("line 6: 'blob-dir' in <filestorage>");
		assertThat(this.directory.resolve("Data.fs")).doesNotExist();
		Path unknown = Files.writeString(this.directory.resolve("typo.conf"), "<zeo>\n  adress 1\n</zeo>\n");
		ToolsRun typo = ToolsRun.of("zkrunzeo", "-C", unknown.toString());
		assertThat(typo.status()).isEqualTo(Tools.PROBLEM);
		assertThat(typo.err()).contains("typo.conf:2:").contains("adress");
	}

	@Test
	void zkrunzeoWithoutConfigFileShouldBeUsageError() {
		ToolsRun run = ToolsRun.of("zkrunzeo");
		assertThat(run.status()).isEqualTo(Tools.USAGE);
		assertThat(run.err()).contains("expected -C FILE");
		assertThat(ToolsRun.of("help").out()).contains("zkrunzeo -C FILE").contains("zkls CONNECT PATH");
	}

	private static MemoryStorage memory(String name) {
		return new MemoryStorage(MemoryStorageOptions.defaults().withName(name));
	}

}
