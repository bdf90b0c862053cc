package io.zkzeo.config;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.zkzeo.zookeeper.ZooKeeperOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RunZeoConfigTests {

	@Test
	void zcZkzeoReadmeServerExampleShouldParse() {
		RunZeoConfig config = RunZeoConfig.parse(ConfigResources.path("zkzeo-readme-server.conf"));
		assertThat(config.zeo().address()).isEqualTo(new ZeoAddress("127.0.0.1", null, null));
		assertThat(config.zeo().readOnly()).isFalse();
		assertThat(config.zeo().invalidationQueueSize()).isEqualTo(100);
		assertThat(config.zeo().transactionTimeout()).isNull();
		assertThat(config.zeo().ssl()).isNull();
		assertThat(config.zookeeper()).isEqualTo(new ZooKeeperConfig("zookeeper.example.com:2181", "/databases/demo", null, null));
		assertThat(config.storages()).singleElement().isInstanceOfSatisfying(FileStorageConfig.class, (storage) -> {
			assertThat(storage.name()).isEqualTo("1");
			assertThat(storage.path()).isEqualTo(Path.of("demo.fs"));
			assertThat(storage.packGc()).isTrue();
			assertThat(storage.packKeepOld()).isTrue();
			assertThat(storage.create()).isFalse();
			assertThat(storage.quota()).isNull();
		});
		assertThat(config.eventLog()).isNull();
		assertThat(config.unsupported()).isEmpty();
		ZooKeeperOptions options = config.zookeeper().toOptions();
		assertThat(options.connectString()).isEqualTo("zookeeper.example.com:2181");
		assertThat(options.path()).isEqualTo("/databases/demo");
		assertThat(options.sessionTimeout()).isEqualTo(ZooKeeperOptions.DEFAULT_SESSION_TIMEOUT);
	}

	@Test
	void zcZkzeoReadmeMonitorExamplesShouldParse() {
		RunZeoConfig tcp = RunZeoConfig.parse(ConfigResources.path("zkzeo-readme-server-monitor.conf"));
		assertThat(tcp.zookeeper().monitorServer()).isEqualTo(new ZeoAddress("127.0.0.1", null, null));
		assertThat(tcp.unsupported()).isEmpty();
		RunZeoConfig socket = RunZeoConfig.parse(ConfigResources.path("zkzeo-readme-server-monitor-socket.conf"));
		assertThat(socket.zookeeper().monitorServer().socketPath()).isEqualTo("./monitor.sock");
		assertThat(socket.unsupported()).singleElement()
			.satisfies((setting) -> assertThat(setting.key()).isEqualTo("monitor-server"))
			.satisfies((setting) -> assertThat(setting.location().line()).isEqualTo(8));
	}

	@Test
	void zcZkzeoTestTemplateWithMappingStorageShouldParse() {
		RunZeoConfig config = RunZeoConfig.parse(ConfigResources.path("zkzeo-runzeo-test.conf"));
		assertThat(config.storages()).singleElement()
			.isEqualTo(new MemoryStorageConfig("1", new ConfigLocation(ConfigResources.path("zkzeo-runzeo-test.conf").toString(), 9),
					"Mapping Storage"));
		assertThat(config.zookeeper().path()).isEqualTo("/databases/demo");
	}

	@Test
	void everyServerKeyShouldBeReadWithItsType() {
		RunZeoConfig config = RunZeoConfig.parse(ConfigResources.path("full-server.conf"));
		ZeoServerConfig zeo = config.zeo();
		assertThat(zeo.address()).isEqualTo(new ZeoAddress("0.0.0.0", 8100, null));
		assertThat(zeo.invalidationQueueSize()).isEqualTo(1000);
		assertThat(zeo.invalidationAge()).isEqualTo(Duration.ofMillis(3_600_500));
		assertThat(zeo.transactionTimeout()).isEqualTo(Duration.ofSeconds(30));
		assertThat(zeo.pidFilename()).isEqualTo(Path.of("/var/lib/zeo/var/ZEO.pid"));
		assertThat(zeo.clientConflictResolution()).isTrue();
		assertThat(zeo.msgpack()).isTrue();
		assertThat(zeo.ssl()).isEqualTo(new SslConfig(Path.of("/var/lib/zeo/server.pem"), Path.of("/var/lib/zeo/server.key"),
				"SIGNED", "mymodule.get_password", null, null));
		assertThat(config.zookeeper()).isEqualTo(new ZooKeeperConfig("zk1.example.com:2181,zk2.example.com:2181",
				"/databases/main", Duration.ofMillis(4000), new ZeoAddress("127.0.0.1", 0, null)));
		assertThat(config.zookeeper().toOptions().sessionTimeout()).isEqualTo(Duration.ofSeconds(4));
		assertThat(config.storages()).extracting(StorageConfig::name).containsExactly("main", "scratch");
		FileStorageConfig main = (FileStorageConfig) config.storage("main").orElseThrow();
		assertThat(main.path()).isEqualTo(Path.of("/var/lib/zeo/Data.fs"));
		assertThat(main.blobDir()).isEqualTo(Path.of("/var/lib/zeo/blobs"));
		assertThat(main.quota()).isEqualTo(100L * 1024 * 1024);
		assertThat(main.readOnly()).isFalse();
		assertThat(main.packGc()).isFalse();
		assertThat(main.packKeepOld()).isFalse();
		EventLogConfig eventLog = config.eventLog();
		assertThat(eventLog.rootLevel()).isEqualTo(org.slf4j.event.Level.WARN);
		assertThat(eventLog.logFilePaths()).containsExactly("/var/lib/zeo/log/zeo.log", "STDOUT");
		LogHandlerConfig logfile = eventLog.handlers().get(0);
		assertThat(logfile.level()).isEqualTo(new LogLevel(10));
		assertThat(logfile.format()).isEqualTo("%(asctime)s %(message)s");
		assertThat(logfile.maxSize()).isEqualTo(10L * 1024 * 1024);
		assertThat(logfile.oldFiles()).isEqualTo(5);
		assertThat(eventLog.handlers().get(1).level()).isEqualTo(LogLevel.NOTSET);
		assertThat(eventLog.handlers().get(2).type()).isEqualTo("syslog");
		assertThat(eventLog.handlers().get(2).settings()).containsEntry("facility", "local0");
		assertThat(config.unsupported()).extracting(ConfigSetting::key)
			.containsExactlyInAnyOrder("password-function", "blob-dir", "syslog", "runner", "program", "daemon");
		assertThat(config.unsupported()).filteredOn((setting) -> setting.key().equals("blob-dir"))
			.singleElement()
			.satisfies((setting) -> assertThat(setting.location().line()).isEqualTo(31))
			.satisfies((setting) -> assertThat(setting.section()).isEqualTo("<filestorage main>"));
	}

	@Test
	void unknownKeyShouldNameFileLineAndSection() {
		assertThatExceptionOfType(ZConfigException.class)
			.isThrownBy(() -> RunZeoConfig.parse("<zeo>\n  address 8100\n  adress 8100\n</zeo>\n<mappingstorage/>\n", "zeo.conf"))
			.withMessageStartingWith("zeo.conf:3: Unknown key 'adress' in <zeo>; known keys: address, ");
	}

	@Test
	void badValuesShouldNameFileLineKeyAndExpectedType() {
		assertError("<zeo>\n  address 8100\n  read-only maybe\n</zeo>\n<mappingstorage/>\n",
				"zeo.conf:3: Bad value 'maybe' for 'read-only' in <zeo>: expected a boolean (on/off, true/false, yes/no)");
		assertError("<zeo>\n  address 8100\n</zeo>\n<filestorage>\n  path a.fs\n  quota lots\n</filestorage>\n",
				"zeo.conf:6: Bad value 'lots' for 'quota' in <filestorage>: expected a size (bytes, or with KB, MB or GB)");
		assertError("<zeo>\n  address 8100\n  transaction-timeout 1.5\n</zeo>\n<mappingstorage/>\n",
				"zeo.conf:3: Bad value '1.5' for 'transaction-timeout' in <zeo>: expected a whole number of seconds");
		assertError("<zeo>\n  address 99999\n</zeo>\n<mappingstorage/>\n",
				"zeo.conf:2: Bad value '99999' for 'address' in <zeo>: expected an address (host:port, host, port or a socket path)");
		assertError("<zeo>\n  address 8100\n</zeo>\n<mappingstorage/>\n<zookeeper>\n  session-timeout 10s\n</zookeeper>\n",
				"zeo.conf:6: Bad value '10s' for 'session-timeout' in <zookeeper>: expected a whole number of milliseconds");
		assertError("<zeo>\n  address 8100\n</zeo>\n<mappingstorage/>\n<eventlog>\n  level loud\n</eventlog>\n",
				"zeo.conf:6: Bad value 'loud' for 'level' in <eventlog>: expected a level name (critical ... debug, trace, all, notset) or 0-50");
	}

	@Test
	void structuralErrorsShouldBeReported() {
		assertError("<mappingstorage/>\n", "zeo.conf:1: Missing required section <zeo>");
		assertError("<zeo>\n</zeo>\n<mappingstorage/>\n", "zeo.conf:1: Missing required key 'address' in <zeo>");
		assertError("<zeo>\n address 1\n</zeo>\n", "zeo.conf:1: No storage section; add <filestorage> or <mappingstorage>");
		assertError("<zeo>\n address 1\n</zeo>\n<zeo>\n address 2\n</zeo>\n<mappingstorage/>\n",
				"zeo.conf:4: Only one <zeo> section is allowed");
		assertError("<zeo>\n address 1\n</zeo>\n<mappingstorage/>\n<mappingstorage/>\n",
				"zeo.conf:5: No more than one storage may be unnamed");
		assertError("<zeo>\n address 1\n</zeo>\n<mappingstorage/>\n<filestorage 1>\n path a.fs\n</filestorage>\n",
				"zeo.conf:5: Storage name '1' is used twice (also at line 4; an unnamed storage is named '1')");
		assertError("<zeo>\n address 1\n</zeo>\n<demostorage>\n</demostorage>\n",
				"zeo.conf:4: Storage type <demostorage> is not supported; zkzeo serves <filestorage> and <mappingstorage>");
		assertError("<zeo>\n address 1\n</zeo>\n<mappingstorage/>\n<zeoserver>\n</zeoserver>\n",
				"zeo.conf:5: Unknown section <zeoserver>; allowed: <zeo>, <zookeeper>, <filestorage>, <mappingstorage>, <eventlog>, <runner>");
		assertError("<zeo>\n address 1\n</zeo>\n<filestorage>\n create on\n</filestorage>\n",
				"zeo.conf:4: Missing required key 'path' in <filestorage>");
		assertError("<zeo>\n address 1\n <ssl>\n  certificate a.pem\n </ssl>\n</zeo>\n<mappingstorage/>\n",
				"zeo.conf:3: Missing required key 'authenticate' in <ssl>");
		assertError("<zeo>\n address 1\n</zeo>\n<mappingstorage/>\n<zookeeper>\n path databases\n</zookeeper>\n",
				"zeo.conf:6: Bad value 'databases' for 'path' in <zookeeper>: expected an absolute ZooKeeper path");
		assertError("address 1\n", "zeo.conf:1: Unexpected key 'address' outside of a section");
		assertError("<zeo>\n address 1\n read-only on\n read-only off\n</zeo>\n<mappingstorage/>\n",
				"zeo.conf:4: Key 'read-only' in <zeo> given more than once (first at line 3)");
	}

	private static void assertError(String text, String message) {
		assertThatExceptionOfType(ZConfigException.class).isThrownBy(() -> RunZeoConfig.parse(text, "zeo.conf"))
			.withMessage(message);
	}

}
