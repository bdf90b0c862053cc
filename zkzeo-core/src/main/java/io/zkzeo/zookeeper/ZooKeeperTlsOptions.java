package io.zkzeo.zookeeper;

import java.nio.file.Path;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * How a client talks TLS to ZooKeeper: the trust store holding the certificates of the authorities
 * that sign ZooKeeper's server certificates, an optional key store with a client certificate, and
 * whether the server's host name must match its certificate.
 *
 * <p>Store types may be left out; ZooKeeper then infers them from the file extension
 * ({@code .jks}, {@code .p12}/{@code .pfx}, {@code .pem}, {@code .bcfks}). Immutable; start with
 * {@link #trusting(Path, String)} and derive variants with the {@code withX} methods.
 *
 * @param trustStore the trust store file
 * @param trustStorePassword the trust store password, or {@code null} for none
 * @param trustStoreType the trust store type, or {@code null} to infer it from the file name
 * @param keyStore the key store holding the client certificate, or {@code null} for none
 * @param keyStorePassword the key store password, or {@code null} for none
 * @param keyStoreType the key store type, or {@code null} to infer it from the file name
 * @param hostnameVerification whether the server's host name must match its certificate
 */
public record ZooKeeperTlsOptions(Path trustStore, @Nullable String trustStorePassword,
		@Nullable String trustStoreType, @Nullable Path keyStore, @Nullable String keyStorePassword,
		@Nullable String keyStoreType, boolean hostnameVerification) {

	/**
	 * Check the options.
	 * @param trustStore the trust store file
	 * @param trustStorePassword the trust store password, or {@code null}
	 * @param trustStoreType the trust store type, or {@code null}
	 * @param keyStore the key store file, or {@code null}
	 * @param keyStorePassword the key store password, or {@code null}
	 * @param keyStoreType the key store type, or {@code null}
	 * @param hostnameVerification whether to verify the server's host name
	 * @throws IllegalArgumentException if a key store password or type is given without a key store, or a
	 * type is blank
	 */
	public ZooKeeperTlsOptions {
		Objects.requireNonNull(trustStore, "'trustStore' must not be null");
		trustStoreType = normalizedType(trustStoreType, "trustStoreType");
		keyStoreType = normalizedType(keyStoreType, "keyStoreType");
		if (keyStore == null && (keyStorePassword != null || keyStoreType != null)) {
			throw new IllegalArgumentException("A key store password or type needs a key store");
		}
	}

	/**
	 * Return options trusting the certificates of the given trust store, without a client certificate
	 * and with host name verification on.
	 * @param trustStore the trust store file
	 * @param password its password, or {@code null} for none
	 * @return the options
	 */
	public static ZooKeeperTlsOptions trusting(Path trustStore, @Nullable String password) {
		return new ZooKeeperTlsOptions(trustStore, password, null, null, null, null, true);
	}

	/**
	 * Return a copy with another trust store type.
	 * @param type the type, such as {@code PKCS12}, or {@code null} to infer it from the file name
	 * @return the new options
	 */
	public ZooKeeperTlsOptions withTrustStoreType(@Nullable String type) {
		return new ZooKeeperTlsOptions(this.trustStore, this.trustStorePassword, type, this.keyStore,
				this.keyStorePassword, this.keyStoreType, this.hostnameVerification);
	}

	/**
	 * Return a copy presenting the client certificate of the given key store.
	 * @param keyStore the key store file, or {@code null} for no client certificate
	 * @param password its password, or {@code null} for none
	 * @return the new options
	 */
	public ZooKeeperTlsOptions withKeyStore(@Nullable Path keyStore, @Nullable String password) {
		return new ZooKeeperTlsOptions(this.trustStore, this.trustStorePassword, this.trustStoreType, keyStore,
				password, (keyStore != null) ? this.keyStoreType : null, this.hostnameVerification);
	}

	/**
	 * Return a copy with another key store type.
	 * @param type the type, such as {@code PKCS12}, or {@code null} to infer it from the file name
	 * @return the new options
	 */
	public ZooKeeperTlsOptions withKeyStoreType(@Nullable String type) {
		return new ZooKeeperTlsOptions(this.trustStore, this.trustStorePassword, this.trustStoreType, this.keyStore,
				this.keyStorePassword, type, this.hostnameVerification);
	}

	/**
	 * Return a copy with host name verification switched on or off.
	 * @param hostnameVerification whether the server's host name must match its certificate
	 * @return the new options
	 */
	public ZooKeeperTlsOptions withHostnameVerification(boolean hostnameVerification) {
		return new ZooKeeperTlsOptions(this.trustStore, this.trustStorePassword, this.trustStoreType, this.keyStore,
				this.keyStorePassword, this.keyStoreType, hostnameVerification);
	}

	@Override
	public String toString() {
		return "ZooKeeperTlsOptions[trustStore=" + this.trustStore + ", trustStorePassword="
				+ masked(this.trustStorePassword) + ", trustStoreType=" + this.trustStoreType + ", keyStore="
				+ this.keyStore + ", keyStorePassword=" + masked(this.keyStorePassword) + ", keyStoreType="
				+ this.keyStoreType + ", hostnameVerification=" + this.hostnameVerification + "]";
	}

	private static @Nullable String masked(@Nullable String password) {
		return (password != null) ? "****" : null;
	}

	private static @Nullable String normalizedType(@Nullable String type, String name) {
		if (type == null) {
			return null;
		}
		if (type.isBlank()) {
			throw new IllegalArgumentException("'" + name + "' must not be blank");
		}
		return type.strip();
	}

}
