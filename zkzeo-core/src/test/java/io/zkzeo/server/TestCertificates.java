package io.zkzeo.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;

/**
 * Key stores and PEM files for TLS tests, made with the JDK's {@code keytool}.
 */
final class TestCertificates {

	static final String PASSWORD = "changeit";

	private TestCertificates() {
	}

	/**
	 * Creates a PKCS12 key store with a self-signed certificate, and the certificate as PEM beside it.
	 * @param directory where to write {@code NAME.p12} and {@code NAME.pem}
	 * @param name the alias and file name
	 * @param host the host the certificate is for
	 * @return the key store
	 */
	static Path selfSigned(Path directory, String name, String host) throws Exception {
		Path store = directory.resolve(name + ".p12");
		keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + host,
				"-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore",
				store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
		keytool("-exportcert", "-rfc", "-alias", name, "-keystore", store.toString(), "-storepass", PASSWORD, "-file",
				directory.resolve(name + ".pem").toString());
		return store;
	}

	/** Writes the private key of a key store as a PKCS#8 PEM file. */
	static Path privateKeyPem(Path store, String alias) throws Exception {
		KeyStore keys = load(store);
		PrivateKey key = (PrivateKey) keys.getKey(alias, PASSWORD.toCharArray());
		String pem = "-----BEGIN PRIVATE KEY-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
				+ "\n-----END PRIVATE KEY-----\n";
		Path file = store.resolveSibling(alias + "-key.pem");
		Files.writeString(file, pem, StandardCharsets.US_ASCII);
		return file;
	}

	static KeyManagerFactory keyManagers(Path store) throws Exception {
		KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		factory.init(load(store), PASSWORD.toCharArray());
		return factory;
	}

	private static KeyStore load(Path store) throws Exception {
		KeyStore keys = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(store)) {
			keys.load(in, PASSWORD.toCharArray());
		}
		return keys;
	}

	private static void keytool(String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
		}
	}

}
