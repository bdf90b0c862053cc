package io.zkzeo.server;

import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.HexFormat;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.zkzeo.protocol.PyValues;
import io.zkzeo.protocol.ZeoMethods;
import io.zkzeo.storage.Tid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * TLS over real sockets, with certificates made by keytool: a server key from a key store or from PEM files,
 * client certificates optional or required.
 */
class StorageServerTlsIntegrationTests {

	@TempDir
	static Path certificates;

	private static Path serverStore;

	private static Path clientStore;

	private static Path strangerStore;

	@TempDir
	Path directory;

	private static ServerFixture fixture;

	@BeforeAll
	static void createCertificates() throws Exception {
		serverStore = TestCertificates.selfSigned(certificates, "server", "localhost");
		clientStore = TestCertificates.selfSigned(certificates, "client", "zkzeo-client");
		strangerStore = TestCertificates.selfSigned(certificates, "stranger", "somebody-else");
		fixture = new ServerFixture(certificates);
	}

	@AfterAll
	static void closeFixture() throws Exception {
		fixture.close();
	}

	@Test
	void serverWithAKeyStoreServesClientsWithoutCertificates() throws Exception {
		StorageServer server = fixture.start(ServerOptions.of(fixture.storage("memory"))
			.withTls(ServerTlsOptions.keyStore(serverStore, TestCertificates.PASSWORD)));
		try (ZeoTestClient client = ZeoTestClient.connect(fixture.group, server.boundAddress(), clientContext(null))) {
			assertThat(PyValues.toTid(client.value(ZeoMethods.REGISTER, "1", false))).isEqualTo(Tid.ZERO);
			assertThat(client.value(ZeoMethods.PING)).isNull();
		}
	}

	@Test
	void requiredClientCertificateLetsTrustedClientsIn() throws Exception {
		StorageServer server = fixture.start(ServerOptions.of(fixture.storage("memory")).withTls(pemServer()
			.withTrustedCertificates(certificates.resolve("client.pem"), ClientAuthentication.REQUIRED)));
		try (ZeoTestClient client = ZeoTestClient.connect(fixture.group, server.boundAddress(),
				clientContext(clientStore))) {
			assertThat(PyValues.toTid(client.value(ZeoMethods.REGISTER, "1", false))).isEqualTo(Tid.ZERO);
		}
	}

	@Test
	void requiredClientCertificateRefusesClientsWithoutOneOrWithAnUntrustedOne() throws Exception {
		StorageServer server = fixture.start(ServerOptions.of(fixture.storage("memory")).withTls(pemServer()
			.withTrustedCertificates(certificates.resolve("client.pem"), ClientAuthentication.REQUIRED)));
		assertThatException()
			.isThrownBy(() -> ZeoTestClient.connect(fixture.group, server.boundAddress(), clientContext(null)).close());
		assertThatException().isThrownBy(
				() -> ZeoTestClient.connect(fixture.group, server.boundAddress(), clientContext(strangerStore)).close());
		try (ZeoTestClient client = ZeoTestClient.connect(fixture.group, server.boundAddress(),
				clientContext(clientStore))) {
			assertThat(client.value(ZeoMethods.REGISTER, "1", false)).isNotNull();
		}
	}

	@Test
	void optionalClientCertificateAcceptsClientsWithoutOne() throws Exception {
		StorageServer server = fixture.start(ServerOptions.of(fixture.storage("memory")).withTls(pemServer()
			.withTrustedCertificates(certificates.resolve("client.pem"), ClientAuthentication.OPTIONAL)));
		try (ZeoTestClient client = ZeoTestClient.connect(fixture.group, server.boundAddress(), clientContext(null))) {
			assertThat(client.value(ZeoMethods.REGISTER, "1", false)).isNotNull();
		}
	}

	@Test
	void plainClientIsDisconnectedByATlsServer() throws Exception {
		StorageServer server = fixture.start(ServerOptions.of(fixture.storage("memory"))
			.withTls(ServerTlsOptions.keyStore(serverStore, TestCertificates.PASSWORD)));
		try (Socket socket = new Socket()) {
			socket.connect(server.boundAddress(), 5000);
			socket.setSoTimeout(5000);
			socket.getOutputStream().write(HexFormat.of().parseHex("000000024d35000000109401c2a8726567697374657292a13100"));
			byte[] answer = socket.getInputStream().readAllBytes();
			if (answer.length > 0) {
				assertThat(answer[0]).as("a TLS alert record, not a ZEO greeting").isEqualTo((byte) 21);
			}
		}
		catch (SocketException ex) {
			assertThat(ex.getMessage()).containsIgnoringCase("reset");
		}
	}

	private static ServerTlsOptions pemServer() throws Exception {
		return ServerTlsOptions.pem(certificates.resolve("server.pem"),
				TestCertificates.privateKeyPem(serverStore, "server"));
	}

	private static SslContext clientContext(Path keyStore) throws Exception {
		SslContextBuilder builder = SslContextBuilder.forClient()
			.sslProvider(SslProvider.JDK)
			.trustManager(certificates.resolve("server.pem").toFile());
		if (keyStore != null) {
			builder.keyManager(TestCertificates.keyManagers(keyStore));
		}
		return builder.build();
	}

}
