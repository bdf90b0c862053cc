package io.zkzeo.zookeeper;

import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.server.NettyServerCnxnFactory;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.apache.zookeeper.server.auth.ProviderRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real ZooKeeper server whose client port speaks TLS only and asks for client certificates.
 */
class ZooKeeperTlsIntegrationTests {

	private static final String PASSWORD = "changeit";

	private static final String X509_PROVIDER_PROPERTY = "zookeeper.authProvider.x509";

	/** How long a client that must be refused is given to connect anyway. */
	private static final int REFUSED_WAIT_MS = 2_000;

	private static final Map<String, String> savedProperties = new HashMap<>();

	@TempDir
	static Path directory;

	private static Path serverKeys;

	private static Path clientKeys;

	private static Path trust;

	private static Path otherTrust;

	private static ZooKeeperServer zooKeeper;

	private static ServerCnxnFactory connections;

	private static String connectString;

	@BeforeAll
	static void startTlsZooKeeper() throws Exception {
		serverKeys = selfSigned("server");
		clientKeys = selfSigned("client");
		trust = trustStore("trust", serverKeys, clientKeys);
		otherTrust = trustStore("other-trust", selfSigned("other"));
		// the server side of ZooKeeper reads its TLS settings from system properties only
		setServerProperty("zookeeper.ssl.keyStore.location", serverKeys.toString());
		setServerProperty("zookeeper.ssl.keyStore.password", PASSWORD);
		setServerProperty("zookeeper.ssl.trustStore.location", trust.toString());
		setServerProperty("zookeeper.ssl.trustStore.password", PASSWORD);
		setServerProperty(X509_PROVIDER_PROPERTY, "org.apache.zookeeper.server.auth.X509AuthenticationProvider");
		ProviderRegistry.addOrUpdateProvider(X509_PROVIDER_PROPERTY);
		File data = Files.createDirectories(directory.resolve("data")).toFile();
		zooKeeper = new ZooKeeperServer(data, data, ZooKeeperTestSupport.TICK_MS);
		// its constructor is package-private; ZooKeeper picks the factory class from a system property
		String previousFactory = System.setProperty(ServerCnxnFactory.ZOOKEEPER_SERVER_CNXN_FACTORY,
				NettyServerCnxnFactory.class.getName());
		try {
			connections = ServerCnxnFactory.createFactory();
		}
		finally {
			if (previousFactory != null) {
				System.setProperty(ServerCnxnFactory.ZOOKEEPER_SERVER_CNXN_FACTORY, previousFactory);
			}
			else {
				System.clearProperty(ServerCnxnFactory.ZOOKEEPER_SERVER_CNXN_FACTORY);
			}
		}
		connections.configure(new InetSocketAddress("127.0.0.1", 0), 60, -1, true);
		connections.startup(zooKeeper);
		connectString = "127.0.0.1:" + connections.getLocalPort();
	}

	@AfterAll
	static void stopTlsZooKeeper() {
		if (connections != null) {
			connections.shutdown();
		}
		if (zooKeeper != null) {
			zooKeeper.shutdown();
		}
		ProviderRegistry.removeProvider("x509");
		savedProperties.forEach((key, value) -> {
			if (value != null) {
				System.setProperty(key, value);
			}
			else {
				System.clearProperty(key);
			}
		});
	}

	@Test
	void tlsClientConnectsAndRegistersServerNode() throws Exception {
		ZooKeeperOptions options = ZooKeeperTestSupport.options(connectString)
			.withTls(ZooKeeperTlsOptions.trusting(trust, PASSWORD)
				.withTrustStoreType("PKCS12")
				.withKeyStore(clientKeys, PASSWORD)
				.withKeyStoreType("PKCS12"));
		try (CuratorFramework client = ZooKeeperTestSupport.connect(options);
				ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
			client.create().creatingParentsIfNeeded().forPath("/databases/tls");
			try (ZkRegistration registration = ZkRegistration.builder(client, "/databases/tls")
				.address((InetSocketAddress) socket.getLocalSocketAddress())
				.build()) {
				registration.start();
				assertThat(registration.awaitRegistered(ZooKeeperTestSupport.WAIT)).isTrue();
				assertThat(client.getChildren().forPath("/databases/tls"))
					.containsExactly("127.0.0.1:" + socket.getLocalPort());
			}
			assertThat(client.getZookeeperClient().getZooKeeper().getClientConfig().getProperty("zookeeper.client.secure"))
				.isEqualTo("true");
		}
		assertThat(System.getProperty("zookeeper.client.secure")).isNull();
	}

	@Test
	void plainClientCannotTalkToTlsPort() throws Exception {
		assertRefused(ZooKeeperTestSupport.options(connectString));
	}

	@Test
	void clientTrustingAnotherAuthorityIsRefused() throws Exception {
		assertRefused(ZooKeeperTestSupport.options(connectString)
			.withTls(ZooKeeperTlsOptions.trusting(otherTrust, PASSWORD).withKeyStore(clientKeys, PASSWORD)));
	}

	@Test
	void clientWithoutCertificateIsRefused() throws Exception {
		// the server's key store is also in the system properties; the options must keep it out
		assertRefused(ZooKeeperTestSupport.options(connectString)
			.withTls(ZooKeeperTlsOptions.trusting(trust, PASSWORD)));
	}

	private static void assertRefused(ZooKeeperOptions options) throws Exception {
		try (CuratorFramework client = ZooKeeperClientFactory.createStarted(options)) {
			assertThat(client.blockUntilConnected(REFUSED_WAIT_MS, TimeUnit.MILLISECONDS)).isFalse();
			assertThat(client.getZookeeperClient().isConnected()).isFalse();
		}
	}

	private static void setServerProperty(String key, String value) {
		savedProperties.putIfAbsent(key, System.getProperty(key));
		System.setProperty(key, value);
	}

	private static Path selfSigned(String name) throws Exception {
		Path store = directory.resolve(name + ".p12");
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
				"-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
				"-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore",
				store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException("keytool failed for " + name + ": " + output);
		}
		return store;
	}

	private static Path trustStore(String name, Path... keyStores) throws Exception {
		KeyStore trusted = KeyStore.getInstance("PKCS12");
		trusted.load(null, null);
		for (Path keyStore : keyStores) {
			KeyStore keys = KeyStore.getInstance("PKCS12");
			try (InputStream in = Files.newInputStream(keyStore)) {
				keys.load(in, PASSWORD.toCharArray());
			}
			String alias = keys.aliases().nextElement();
			Certificate certificate = keys.getCertificate(alias);
			trusted.setCertificateEntry(alias, certificate);
		}
		Path file = directory.resolve(name + ".p12");
		try (OutputStream out = Files.newOutputStream(file)) {
			trusted.store(out, PASSWORD.toCharArray());
		}
		return file;
	}

}
