package io.zkzeo.server;

import java.nio.file.Path;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * TLS settings of a server: its certificate and key, either as PEM files or as a key store, the
 * authorities trusted to sign client certificates (a PEM file or a trust store), and whether clients must
 * authenticate. Immutable; derive variants with the {@code withX} methods.
 *
 * @param certificateChain the server's PEM certificate chain, or {@code null} when a key store is used
 * @param privateKey the server's PEM (PKCS#8) private key, or {@code null} when a key store is used
 * @param privateKeyPassword the password of an encrypted PEM key, or {@code null}
 * @param keyStore a key store (PKCS12 or JKS) holding the server's key and certificate, or {@code null}
 * @param keyStorePassword the key store's password, or {@code null}
 * @param trustedCertificates a PEM file of the authorities that sign client certificates, or {@code null}
 * @param trustStore a trust store of those authorities, or {@code null}
 * @param trustStorePassword the trust store's password, or {@code null}
 * @param clientAuthentication whether clients must present a certificate
 */
public record ServerTlsOptions(@Nullable Path certificateChain, @Nullable Path privateKey,
		@Nullable String privateKeyPassword, @Nullable Path keyStore, @Nullable String keyStorePassword,
		@Nullable Path trustedCertificates, @Nullable Path trustStore, @Nullable String trustStorePassword,
		ClientAuthentication clientAuthentication) {

	/**
	 * Creates the options, checking that the server has a key and that a trust source exists when client
	 * certificates are asked for.
	 */
	public ServerTlsOptions {
		Objects.requireNonNull(clientAuthentication, "'clientAuthentication' must not be null");
		boolean pem = certificateChain != null && privateKey != null;
		if (!pem && keyStore == null) {
			throw new IllegalArgumentException(
					"TLS needs 'certificateChain' and 'privateKey' (PEM) or a 'keyStore' for the server's key");
		}
		if (clientAuthentication != ClientAuthentication.NONE && trustedCertificates == null && trustStore == null) {
			throw new IllegalArgumentException(
					"Client authentication " + clientAuthentication + " needs 'trustedCertificates' or a 'trustStore'");
		}
	}

	/**
	 * Returns options for a PEM certificate chain and private key, without client authentication.
	 * @param certificateChain the PEM certificate chain
	 * @param privateKey the PEM (PKCS#8) private key
	 * @return the options
	 */
	public static ServerTlsOptions pem(Path certificateChain, Path privateKey) {
		return new ServerTlsOptions(certificateChain, privateKey, null, null, null, null, null, null,
				ClientAuthentication.NONE);
	}

	/**
	 * Returns options for a key store holding the server's key, without client authentication.
	 * @param keyStore the key store (PKCS12 or JKS)
	 * @param password its password (also the key's)
	 * @return the options
	 */
	public static ServerTlsOptions keyStore(Path keyStore, String password) {
		return new ServerTlsOptions(null, null, null, keyStore, password, null, null, null, ClientAuthentication.NONE);
	}

	/**
	 * Returns a copy that checks client certificates against the authorities in a PEM file.
	 * @param trustedCertificates the PEM file of trusted authorities
	 * @param clientAuthentication whether a client certificate is optional or required
	 * @return the new options
	 */
	public ServerTlsOptions withTrustedCertificates(Path trustedCertificates, ClientAuthentication clientAuthentication) {
		return new ServerTlsOptions(this.certificateChain, this.privateKey, this.privateKeyPassword, this.keyStore,
				this.keyStorePassword, trustedCertificates, null, null, clientAuthentication);
	}

	/**
	 * Returns a copy that checks client certificates against the authorities in a trust store.
	 * @param trustStore the trust store (PKCS12 or JKS)
	 * @param password its password
	 * @param clientAuthentication whether a client certificate is optional or required
	 * @return the new options
	 */
	public ServerTlsOptions withTrustStore(Path trustStore, String password, ClientAuthentication clientAuthentication) {
		return new ServerTlsOptions(this.certificateChain, this.privateKey, this.privateKeyPassword, this.keyStore,
				this.keyStorePassword, null, trustStore, password, clientAuthentication);
	}

	/**
	 * Returns a copy with the password of an encrypted PEM private key.
	 * @param password the password
	 * @return the new options
	 */
	public ServerTlsOptions withPrivateKeyPassword(String password) {
		return new ServerTlsOptions(this.certificateChain, this.privateKey, password, this.keyStore,
				this.keyStorePassword, this.trustedCertificates, this.trustStore, this.trustStorePassword,
				this.clientAuthentication);
	}

	@Override
	public String toString() {
		return "ServerTlsOptions[certificateChain=" + this.certificateChain + ", keyStore=" + this.keyStore
				+ ", trustedCertificates=" + this.trustedCertificates + ", trustStore=" + this.trustStore
				+ ", clientAuthentication=" + this.clientAuthentication + "]";
	}

}
