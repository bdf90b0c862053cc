package io.zkzeo.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.zkzeo.server.ClientAuthentication;
import io.zkzeo.server.ServerOptions;
import io.zkzeo.server.ServerTlsOptions;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.file.FileStorage;
import io.zkzeo.storage.memory.MemoryStorage;
import io.zkzeo.storage.memory.MemoryStorageOptions;
import io.zkzeo.zookeeper.ZooKeeperOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RunZeoSetupTests {

	@Test
	void readmeServerConfigShouldMapToServerAndZooKeeperOptions() {
		RunZeoSetup setup = RunZeoSetup.load(ConfigResources.path("zkzeo-readme-server.conf"));
		ZooKeeperOptions zooKeeper = setup.zooKeeperOptions();
		assertThat(zooKeeper.connectString()).isEqualTo("zookeeper.example.com:2181");
		assertThat(zooKeeper.path()).isEqualTo("/databases/demo");
		ServerOptions options = setup.serverOptions(Map.of("1", new MemoryStorage(MemoryStorageOptions.defaults())));
		assertThat(options.host()).isEqualTo("127.0.0.1");
		assertThat(options.port()).isZero();
		assertThat(options.readOnly()).isFalse();
		assertThat(options.closeStorages()).isTrue();
		assertThat(setup.pidFile()).isNull();
	}

	@Test
	void everySupportedZeoKeyShouldReachServerOptionsAndStoragesShouldOpenInFileOrder(@TempDir Path dir) {
		String text = """
				<zeo>
				  address 127.0.0.1:0
				  read-only true
				  invalidation-queue-size 7
				  invalidation-age 60
				  transaction-timeout 30
				  client-conflict-resolution on
				  msgpack false
				  pid-filename %s
				</zeo>
				<zookeeper>
				  connection 127.0.0.1:1
				  path /zeo
				  session-timeout 4000
				</zookeeper>
				<filestorage main>
				  path %s
				  pack-keep-old false
				</filestorage>
				<mappingstorage scratch/>
				""".formatted(dir.resolve("zeo.pid"), dir.resolve("Data.fs"));
		RunZeoSetup setup = RunZeoSetup.parse(text, "test.conf");
		assertThat(setup.zooKeeperOptions().sessionTimeout()).isEqualTo(Duration.ofSeconds(4));
		assertThat(setup.pidFile()).isEqualTo(dir.resolve("zeo.pid"));
		Map<String, Storage> storages = setup.openStorages();
		try {
			assertThat(storages.keySet()).containsExactly("main", "scratch");
			assertThat(storages.get("main")).isInstanceOfSatisfying(FileStorage.class,
					(file) -> assertThat(file.getOptions().keepOldOnPack()).isFalse());
			assertThat(storages.get("scratch")).isInstanceOf(MemoryStorage.class);
			assertThat(Files.exists(dir.resolve("Data.fs"))).isTrue();
			ServerOptions options = setup.serverOptions(storages);
			assertThat(options.storages()).containsOnlyKeys("main", "scratch");
			assertThat(options.readOnly()).isTrue();
			assertThat(options.invalidationQueueSize()).isEqualTo(7);
			assertThat(options.invalidationAge()).isEqualTo(Duration.ofSeconds(60));
			assertThat(options.transactionTimeout()).isEqualTo(Duration.ofSeconds(30));
			assertThat(options.clientConflictResolution()).isTrue();
			assertThat(options.msgpack()).isFalse();
		}
		finally {
			storages.values().forEach(Storage::close);
		}
	}

	@Test
	void sslSectionShouldMapToPemTlsRequiringClientCertificatesSignedByAuthenticateFile(@TempDir Path dir)
			throws Exception {
		Path clients = Files.writeString(dir.resolve("clients.pem"), "");
		String text = """
				<zeo>
				  address 127.0.0.1
				  <ssl>
				    certificate %s
				    key %s
				    authenticate %s
				  </ssl>
				</zeo>
				<mappingstorage/>
				""".formatted(dir.resolve("server.pem"), dir.resolve("server.key"), clients);
		ServerTlsOptions tls = RunZeoSetup.parse(text, "tls.conf")
			.serverOptions(Map.of("1", new MemoryStorage(MemoryStorageOptions.defaults())))
			.tls();
		assertThat(tls.certificateChain()).isEqualTo(dir.resolve("server.pem"));
		assertThat(tls.privateKey()).isEqualTo(dir.resolve("server.key"));
		assertThat(tls.trustedCertificates()).isEqualTo(clients);
		assertThat(tls.clientAuthentication()).isEqualTo(ClientAuthentication.REQUIRED);
	}

	@Test
	void sslAuthenticatingByDirectoryShouldBeRefused(@TempDir Path dir) {
		String text = """
				<zeo>
				  address 127.0.0.1
				  <ssl>
				    certificate %s
				    authenticate %s
				  </ssl>
				</zeo>
				<mappingstorage/>
				""".formatted(dir.resolve("server.pem"), dir);
		assertThatExceptionOfType(ZConfigException.class).isThrownBy(() -> RunZeoSetup.parse(text, "tls.conf"))
			.withMessageContaining("line 5: 'authenticate' in <ssl>");
	}

	@Test
	void everySettingZkzeoCannotHonourShouldBeRefusedWithItsLine() {
		assertThatExceptionOfType(ZConfigException.class)
			.isThrownBy(() -> RunZeoSetup.load(ConfigResources.path("full-server.conf")))
			.satisfies((ex) -> assertThat(ex.getLocation().line()).isEqualTo(17))
			.withMessageContaining("full-server.conf:17: zkzeo cannot honour these settings")
			.withMessageContaining("line 17: 'authenticate' in <ssl> (SIGNED)")
			.withMessageContaining("line 18: 'password-function' in <ssl>")
			.withMessageContaining("line 26: 'monitor-server' in <zookeeper>")
			.withMessageContaining("line 31: 'blob-dir' in <filestorage main>")
			.withMessageContaining("line 34: 'quota' in <filestorage main>")
			.withMessageContaining("line 35: 'pack-gc' in <filestorage main>")
			.withMessageContaining("line 47: 'max-size' in <logfile>")
			.withMessageContaining("line 48: 'old-files' in <logfile>")
			.withMessageContaining("line 53: 'syslog' in <syslog>")
			.withMessageContaining("line 58: 'runner' in <runner>")
			.withMessageContaining("line 59: 'program' in <runner>")
			.withMessageContaining("line 60: 'daemon' in <runner>")
			.withMessageNotContaining("'format'");
	}

	@Test
	void monitorSocketShouldBeRefusedWithItsLine() {
		assertThatExceptionOfType(ZConfigException.class)
			.isThrownBy(() -> RunZeoSetup.load(ConfigResources.path("zkzeo-readme-server-monitor-socket.conf")))
			.withMessageContaining("zkzeo-readme-server-monitor-socket.conf:8:")
			.withMessageContaining("line 8: 'monitor-server' in <zookeeper> (./monitor.sock)");
	}

	@Test
	void fileStorageCreateAndUntranslatableLogFormatShouldBeRefused() {
		String text = """
				<zeo>
				  address 8100
				</zeo>
				<filestorage>
				  path /tmp/x.fs
				  create true
				</filestorage>
				<eventlog>
				  <logfile>
				    path STDOUT
				    format %(process)d %(message)s
				  </logfile>
				</eventlog>
				""";
		assertThatExceptionOfType(ZConfigException.class).isThrownBy(() -> RunZeoSetup.parse(text, "bad.conf"))
			.withMessageStartingWith("bad.conf:6:")
			.withMessageContaining("line 6: 'create' in <filestorage> (true)")
			.withMessageContaining("line 11: 'format' in <logfile>");
	}

	@Test
	void malformedFileShouldFailWithLine() {
		assertThatExceptionOfType(ZConfigException.class)
			.isThrownBy(() -> RunZeoSetup.load(ConfigResources.path("malformed-unbalanced.conf")))
			.satisfies((ex) -> assertThat(ex.getLocation().line()).isPositive())
			.withMessageContaining("malformed-unbalanced.conf:");
	}

	@Test
	void storageThatCannotOpenShouldCloseThoseAlreadyOpened(@TempDir Path dir) throws Exception {
		Path notAFile = Files.createDirectory(dir.resolve("dir.fs"));
		String text = """
				<zeo>
				  address 127.0.0.1
				</zeo>
				<filestorage first>
				  path %s
				</filestorage>
				<filestorage second>
				  path %s
				</filestorage>
				""".formatted(dir.resolve("first.fs"), notAFile);
		RunZeoSetup setup = RunZeoSetup.parse(text, "two.conf");
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(setup::openStorages);
		// the first storage was closed: it can be opened again (its lock is free)
		FileStorage.open(dir.resolve("first.fs")).close();
	}

}
