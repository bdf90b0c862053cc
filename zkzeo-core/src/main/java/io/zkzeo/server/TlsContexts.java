package io.zkzeo.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import org.jspecify.annotations.Nullable;

/**
 * Builds the Netty {@link SslContext} of a server from its {@link ServerTlsOptions}.
 */
final class TlsContexts {

	private TlsContexts() {
	}

	/**
	 * Builds the server context.
	 * @param options the TLS settings
	 * @return the context
	 * @throws IllegalStateException if a file cannot be read or holds no usable key or certificate
	 */
	static SslContext forServer(ServerTlsOptions options) {
		try {
			SslContextBuilder builder;
			if (options.keyStore() != null) {
				char[] password = chars(options.keyStorePassword());
				KeyStore store = load(options.keyStore(), password);
				KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
				keys.init(store, password);
				builder = SslContextBuilder.forServer(keys);
			}
			else {
				builder = SslContextBuilder.forServer(options.certificateChain().toFile(), options.privateKey().toFile(),
						options.privateKeyPassword());
			}
			if (options.trustStore() != null) {
				KeyStore store = load(options.trustStore(), chars(options.trustStorePassword()));
				TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
				trust.init(store);
				builder.trustManager(trust);
			}
			else if (options.trustedCertificates() != null) {
				builder.trustManager(options.trustedCertificates().toFile());
			}
			builder.clientAuth(switch (options.clientAuthentication()) {
				case NONE -> ClientAuth.NONE;
				case OPTIONAL -> ClientAuth.OPTIONAL;
				case REQUIRED -> ClientAuth.REQUIRE;
			});
			return builder.sslProvider(SslProvider.JDK).build();
		}
		catch (SSLException | GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalStateException("Cannot set up TLS from " + options + ": " + ex.getMessage(), ex);
		}
	}

	private static char @Nullable [] chars(@Nullable String password) {
		return (password != null) ? password.toCharArray() : null;
	}

	private static KeyStore load(Path path, char @Nullable [] password) throws GeneralSecurityException {
		String name = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
		KeyStore store = KeyStore.getInstance(name.endsWith(".jks") ? "JKS" : "PKCS12");
		try (InputStream in = Files.newInputStream(path)) {
			store.load(in, password);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read the key store " + path + ": " + ex.getMessage(), ex);
		}
		return store;
	}

}
