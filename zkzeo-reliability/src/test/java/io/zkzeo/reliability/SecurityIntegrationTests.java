package io.zkzeo.reliability;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zkzeo.client.ClientOptions;
import io.zkzeo.client.ClientStorage;
import io.zkzeo.client.ClientTlsOptions;
import io.zkzeo.db.Connection;
import io.zkzeo.db.DB;
import io.zkzeo.db.GenericPersistent;
import io.zkzeo.db.Persistent;
import io.zkzeo.db.TransactionManager;
import io.zkzeo.pickle.ObjectRecord;
import io.zkzeo.pickle.PickleObject;
import io.zkzeo.pickle.RecordCodec;
import io.zkzeo.protocol.ClientDisconnectedException;
import io.zkzeo.server.ClientAuthentication;
import io.zkzeo.server.ServerOptions;
import io.zkzeo.server.ServerTlsOptions;
import io.zkzeo.server.StorageServer;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import io.zkzeo.storage.file.FileStorage;
import io.zkzeo.storage.conformance.TestRecords;
import io.zkzeo.zookeeper.ZkAddressWatcher;
import io.zkzeo.zookeeper.ZkRegistration;
import io.zkzeo.zookeeper.ZooKeeperAcl;
import io.zkzeo.zookeeper.ZooKeeperClientFactory;
import io.zkzeo.zookeeper.ZooKeeperOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Scenario 5: TLS with required client certificates, ZooKeeper digest ACLs against a rogue client, and
 * records naming unknown or dangerous classes.
 */
class SecurityIntegrationTests {

	private static final String PATH = "/zkzeo/secure";

	@TempDir
	static Path certificates;

	@TempDir
	Path directory;

	private static Path serverStore;

	private static Path clientStore;

	private static Path strangerStore;

	@BeforeAll
	static void createCertificates() throws Exception {
		serverStore = Certificates.selfSigned(certificates, "server", "localhost");
		clientStore = Certificates.selfSigned(certificates, "client", "zkzeo-client");
		strangerStore = Certificates.selfSigned(certificates, "stranger", "somebody-else");
	}

	@Test
	void serverRequiringClientCertificatesServesTrustedClientsAndRefusesOthers() throws Exception {
		ServerTlsOptions tls = ServerTlsOptions.keyStore(serverStore, Certificates.PASSWORD)
			.withTrustedCertificates(Certificates.pem(certificates, "client"), ClientAuthentication.REQUIRED);
		int refused = 0;
		try (FileStorage storage = FileStorage.open(this.directory.resolve("Data.fs"));
				StorageServer server = new StorageServer(
						ServerOptions.of(storage).withAddress("127.0.0.1", 0).withTls(tls)).start()) {
			try (ClientStorage trusted = tlsClient(server.boundAddress(), clientStore)) {
				Oid oid = trusted.newOid();
				TransactionMetaData txn = TransactionMetaData.of("trusted", "over TLS");
				trusted.tpcBegin(txn);
				trusted.store(oid, Tid.ZERO, TestRecords.counter(1), txn);
				trusted.vote(txn);
				trusted.tpcFinish(txn);
				assertThat(TestRecords.value(trusted.load(oid).data())).isEqualTo(1);
				for (Path store : new Path[] { null, strangerStore }) {
					assertThatExceptionOfType(ClientDisconnectedException.class)
						.as("a client with %s is refused", (store != null) ? "an untrusted certificate" : "no certificate")
						.isThrownBy(() -> tlsClient(server.boundAddress(), store).close());
					refused++;
				}
				assertThatExceptionOfType(ClientDisconnectedException.class).as("a plain client is refused")
					.isThrownBy(() -> new ClientStorage(
							ClientOptions.of(server.boundAddress()).withWaitTimeout(Duration.ofSeconds(3))).close());
				refused++;
				assertThat(TestRecords.value(trusted.load(oid).data())).isEqualTo(1);
			}
		}
		new Figures("security-tls").put("refusedClients", refused).report();
	}

	private static ClientStorage tlsClient(InetSocketAddress server, @Nullable Path keyStore) throws Exception {
		SslContextBuilder builder = SslContextBuilder.forClient()
			.sslProvider(SslProvider.JDK)
			.trustManager(Certificates.pem(certificates, "server").toFile());
		if (keyStore != null) {
			builder.keyManager(Certificates.keyManagers(keyStore));
		}
		SslContext context = builder.build();
		return new ClientStorage(ClientOptions.of(server)
			.withTls(ClientTlsOptions.of(context))
			.withWaitTimeout(Duration.ofSeconds(3)));
	}

	@Test
	void digestAclRefusesRogueOverwriteDeletionAndFakeRegistration() throws Exception {
		List<List<InetSocketAddress>> seen = new CopyOnWriteArrayList<>();
		try (TestingServer zooKeeper = new TestingServer(true);
				CuratorFramework owner = connect(zooKeeper, "zkzeo:owner-secret", ZooKeeperAcl.CREATOR_ALL_WORLD_READ);
				CuratorFramework rogue = connect(zooKeeper, "zkzeo:guessed", ZooKeeperAcl.OPEN);
				CuratorFramework anonymous = connect(zooKeeper, null, ZooKeeperAcl.OPEN);
				ZkRegistration registration = ZkRegistration.builder(owner, PATH)
					.address(new InetSocketAddress("127.0.0.1", 8100))
					.createPath(true)
					.build();
				ZkAddressWatcher watcher = new ZkAddressWatcher(anonymous, PATH, seen::add)) {
			registration.start();
			assertThat(registration.awaitRegistered(Waiting.WAIT)).isTrue();
			String node = registration.nodePaths().get(0);
			byte[] data = anonymous.getData().forPath(node);
			int refused = 0;
			for (CuratorFramework intruder : List.of(rogue, anonymous)) {
				assertThatExceptionOfType(KeeperException.NoAuthException.class)
					.isThrownBy(() -> intruder.setData().forPath(node, "{\"pid\":666}".getBytes(StandardCharsets.UTF_8)));
				assertThatExceptionOfType(KeeperException.NoAuthException.class)
					.isThrownBy(() -> intruder.delete().forPath(node));
				assertThatExceptionOfType(KeeperException.NoAuthException.class)
					.isThrownBy(() -> intruder.create().withMode(CreateMode.EPHEMERAL).forPath(PATH + "/127.0.0.1:6666"));
				refused += 3;
			}
			assertThat(anonymous.getData().forPath(node)).as("the registration is untouched").isEqualTo(data);
			assertThat(anonymous.getChildren().forPath(PATH)).containsExactly("127.0.0.1:8100");
			watcher.start();
			Waiting.await("the watcher has the registered address", () -> !watcher.currentAddresses().isEmpty());
			assertThat(watcher.currentAddresses()).extracting(InetSocketAddress::getPort).containsExactly(8100);
			new Figures("security-zookeeper-acl").put("refusedOperations", refused).report();
		}
	}

	private static CuratorFramework connect(TestingServer zooKeeper, @Nullable String auth, ZooKeeperAcl acl)
			throws InterruptedException {
		CuratorFramework client = ZooKeeperClientFactory.createStarted(ZooKeeperOptions.builder()
			.connectString(zooKeeper.getConnectString())
			.auth(auth)
			.acl(acl)
			.sessionTimeout(Duration.ofSeconds(5))
			.build());
		client.blockUntilConnected(30, java.util.concurrent.TimeUnit.SECONDS);
		return client;
	}

	@Test
	void recordsNamingUnknownOrDangerousClassesDecodeToGenericObjectsAndRunNothing() throws Exception {
		Path witness = this.directory.resolve("pwned");
		byte[] record = dangerousRecord(witness);
		ObjectRecord decoded = RecordCodec.generic().decode(record);
		assertThat(decoded.type().dottedName()).isEqualTo("io.zkzeo.reliability.Trap");
		assertThat(decoded.state()).isInstanceOf(PickleObject.class);
		assertThat(((PickleObject) decoded.state()).type().dottedName()).isEqualTo("os.system");
		try (DB db = new DB(FileStorage.open(this.directory.resolve("Data.fs")))) {
			Oid oid = db.storage().newOid();
			TransactionMetaData txn = TransactionMetaData.of("rogue", "a record naming dangerous classes");
			db.storage().tpcBegin(txn);
			db.storage().store(oid, Tid.ZERO, record, txn);
			db.storage().vote(txn);
			db.storage().tpcFinish(txn);
			try (Connection connection = db.open(new TransactionManager())) {
				Persistent object = connection.get(oid);
				assertThat(object).isInstanceOf(GenericPersistent.class);
				GenericPersistent generic = (GenericPersistent) object;
				assertThat(generic.type().dottedName()).isEqualTo("io.zkzeo.reliability.Trap");
				assertThat(generic.state()).isInstanceOf(PickleObject.class);
			}
		}
		assertThat(TrapWitness.initialised).as("the named Java class was never initialised").isFalse();
		assertThat(witness).as("os.system never ran").doesNotExist();
	}

	/** A record whose class is a Java class with a static initialiser and whose state calls os.system. */
	private static byte[] dangerousRecord(Path witness) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(new byte[] { (byte) 0x80, 3, 'c' });
		out.writeBytes("io.zkzeo.reliability\nTrap\n".getBytes(StandardCharsets.US_ASCII));
		out.writeBytes(new byte[] { 'N', (byte) 0x86, '.' });
		out.writeBytes(new byte[] { (byte) 0x80, 3, 'c' });
		out.writeBytes("os\nsystem\n".getBytes(StandardCharsets.US_ASCII));
		byte[] command = ("touch " + witness).getBytes(StandardCharsets.UTF_8);
		out.write('X');
		out.writeBytes(new byte[] { (byte) command.length, 0, 0, 0 });
		out.writeBytes(command);
		out.writeBytes(new byte[] { (byte) 0x85, 'R', '.' });
		return out.toByteArray();
	}

}
