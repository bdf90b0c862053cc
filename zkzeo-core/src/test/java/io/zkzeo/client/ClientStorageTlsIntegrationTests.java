package io.zkzeo.client;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.zkzeo.protocol.ClientDisconnectedException;
import io.zkzeo.server.ServerOptions;
import io.zkzeo.server.ServerTlsOptions;
import io.zkzeo.server.StorageServer;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.conformance.TestRecords;
import io.zkzeo.storage.memory.MemoryStorage;
import io.zkzeo.storage.memory.MemoryStorageOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.zkzeo.storage.conformance.TestCommits.commit;
import static io.zkzeo.storage.conformance.TestCommits.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The client over TLS to a zkzeo server whose certificate {@code keytool} made for 127.0.0.1.
 */
class ClientStorageTlsIntegrationTests {

	private static final String PASSWORD = "changeit";

	@TempDir
	static Path directory;

	private static Path keyStore;

	private static X509Certificate certificate;

	private final MemoryStorage memory = new MemoryStorage(MemoryStorageOptions.defaults());

	private StorageServer server;

	@BeforeAll
	static void makeServerCertificate() throws Exception {
		keyStore = directory.resolve("server.p12");
		Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
				"-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
				"-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12", "-keystore",
				keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
			.redirectErrorStream(true)
			.start();
		byte[] output = keytool.getInputStream().readAllBytes();
		assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(keytool.exitValue()).as(new String(output)).isZero();
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keyStore)) {
			store.load(in, PASSWORD.toCharArray());
		}
		certificate = (X509Certificate) store.getCertificate("server");
	}

	@BeforeEach
	void startTlsServer() {
		this.server = new StorageServer(ServerOptions.of(this.memory).withTls(ServerTlsOptions.keyStore(keyStore, PASSWORD)))
			.start();
	}

	@AfterEach
	void stop() {
		this.server.close();
		this.memory.close();
	}

	@Test
	void clientTrustingTheServerCertificateCommitsAndLoads() throws Exception {
		SslContext context = SslContextBuilder.forClient().trustManager(certificate).build();
		ClientOptions options = ClientOptions.of(this.server.boundAddress())
			.withTls(ClientTlsOptions.of(context))
			.withWaitTimeout(Duration.ofSeconds(10));
		try (ClientStorage client = new ClientStorage(options)) {
			Oid oid = client.newOid();
			Tid tid = commit(client, "over TLS", store(oid, Tid.ZERO, TestRecords.counter(7)));
			assertThat(TestRecords.value(client.load(oid).data())).isEqualTo(7);
			assertThat(this.memory.load(oid).serial()).isEqualTo(tid);
		}
	}

	@Test
	void clientThatDoesNotTrustTheServerNeverConnects() throws Exception {
		SslContext context = SslContextBuilder.forClient().build();
		ClientOptions options = ClientOptions.of(this.server.boundAddress())
			.withTls(ClientTlsOptions.of(context))
			.withWaitTimeout(Duration.ofMillis(700));
		assertThatExceptionOfType(ClientDisconnectedException.class).isThrownBy(() -> new ClientStorage(options));
	}

	@Test
	void hostNameMismatchIsRefusedUnlessTheCheckIsOff() throws Exception {
		SslContext context = SslContextBuilder.forClient().trustManager(certificate).build();
		ClientOptions checked = ClientOptions.of(this.server.boundAddress())
			.withTls(new ClientTlsOptions(context, "db.example.org", true))
			.withWaitTimeout(Duration.ofMillis(700));
		assertThatExceptionOfType(ClientDisconnectedException.class).isThrownBy(() -> new ClientStorage(checked));
		SslContext lenient = SslContextBuilder.forClient()
			.trustManager(certificate)
			.endpointIdentificationAlgorithm(null)
			.build();
		try (ClientStorage client = new ClientStorage(checked.withTls(new ClientTlsOptions(lenient, "db.example.org", false))
			.withWaitTimeout(Duration.ofSeconds(10)))) {
			assertThat(client.lastTransaction()).isEqualTo(Tid.ZERO);
		}
	}

}
