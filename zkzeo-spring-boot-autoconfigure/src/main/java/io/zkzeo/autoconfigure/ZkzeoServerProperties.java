package io.zkzeo.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import io.zkzeo.protocol.Transport;
import io.zkzeo.server.ClientAuthentication;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of a zkzeo storage server.
 */
@ConfigurationProperties(ZkzeoServerProperties.PREFIX)
public class ZkzeoServerProperties {

	/**
	 * Prefix of the properties.
	 */
	public static final String PREFIX = "zkzeo.server";

	/**
	 * Whether to run a ZEO storage server in this application.
	 */
	private boolean enabled;

	/**
	 * Address to listen on, as 'host' or 'host:port'; without a port, or with port 0, the system picks a free
	 * one (the registered node carries the real port).
	 */
	private String address = "127.0.0.1";

	/**
	 * Name under which clients find the storage.
	 */
	private String name = "1";

	/**
	 * Whether the server refuses writes.
	 */
	private boolean readOnly;

	/**
	 * How long a client may hold the commit lock before its transaction is aborted; no limit when not set.
	 */
	private @Nullable Duration transactionTimeout;

	/**
	 * Number of recent transactions whose invalidations are kept for reconnecting clients.
	 */
	private int invalidationQueueSize = 100;

	/**
	 * Number of event loops reading and writing the clients' sockets; 0 for one per processor.
	 */
	private int ioThreads;

	/**
	 * Socket transport: 'auto' takes Linux's epoll where Netty's native epoll library is on the class path, else the
	 * JDK's NIO; 'epoll' insists on epoll; 'nio' always uses NIO.
	 */
	private Transport transport = Transport.AUTO;

	/**
	 * Whether to register the server in ZooKeeper under 'zkzeo.zookeeper.path'.
	 */
	private boolean register = true;

	private final Storage storage = new Storage();

	private final Ssl ssl = new Ssl();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getAddress() {
		return this.address;
	}

	public void setAddress(String address) {
		this.address = address;
	}

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public boolean isReadOnly() {
		return this.readOnly;
	}

	public void setReadOnly(boolean readOnly) {
		this.readOnly = readOnly;
	}

	public @Nullable Duration getTransactionTimeout() {
		return this.transactionTimeout;
	}

	public void setTransactionTimeout(@Nullable Duration transactionTimeout) {
		this.transactionTimeout = transactionTimeout;
	}

	public int getInvalidationQueueSize() {
		return this.invalidationQueueSize;
	}

	public void setInvalidationQueueSize(int invalidationQueueSize) {
		this.invalidationQueueSize = invalidationQueueSize;
	}

	public int getIoThreads() {
		return this.ioThreads;
	}

	public void setIoThreads(int ioThreads) {
		this.ioThreads = ioThreads;
	}

	public Transport getTransport() {
		return this.transport;
	}

	public void setTransport(Transport transport) {
		this.transport = transport;
	}

	public boolean isRegister() {
		return this.register;
	}

	public void setRegister(boolean register) {
		this.register = register;
	}

	public Storage getStorage() {
		return this.storage;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	/**
	 * The storage the server serves.
	 */
	public static class Storage {

		/**
		 * Kind of storage.
		 */
		private StorageType type = StorageType.FILE;

		/**
		 * Path of the FileStorage data file, for example 'data/Data.fs'; its directory is created when missing.
		 * Required for the file storage.
		 */
		private @Nullable Path path;

		/**
		 * Memory for copies of the records the file storage wrote lately, so that loads of
		 * current revisions and the serial checks of stores need not read the file; at most 1GB. 0 turns the
		 * cache off.
		 */
		private DataSize recordCacheSize = DataSize.ofMegabytes(16);

		public StorageType getType() {
			return this.type;
		}

		public void setType(StorageType type) {
			this.type = type;
		}

		public @Nullable Path getPath() {
			return this.path;
		}

		public void setPath(@Nullable Path path) {
			this.path = path;
		}

		public DataSize getRecordCacheSize() {
			return this.recordCacheSize;
		}

		public void setRecordCacheSize(DataSize recordCacheSize) {
			this.recordCacheSize = recordCacheSize;
		}

	}

	/**
	 * Kinds of storage a server can serve.
	 */
	public enum StorageType {

		/**
		 * A FileStorage: ZODB's Data.fs, kept on disk.
		 */
		FILE,

		/**
		 * A MemoryStorage: kept in memory, lost on shutdown.
		 */
		MEMORY

	}

	/**
	 * TLS settings of the server.
	 */
	public static class Ssl {

		/**
		 * Whether the server accepts only TLS connections.
		 */
		private boolean enabled;

		/**
		 * PEM certificate chain of the server.
		 */
		private @Nullable Path certificate;

		/**
		 * PEM (PKCS#8) private key of the server.
		 */
		private @Nullable Path privateKey;

		/**
		 * Password of an encrypted private key.
		 */
		private @Nullable String privateKeyPassword;

		/**
		 * Key store (PKCS12 or JKS) holding the server's key and certificate, instead of PEM files.
		 */
		private @Nullable Path keyStore;

		/**
		 * Password of the key store.
		 */
		private @Nullable String keyStorePassword;

		/**
		 * PEM file of the authorities that sign client certificates.
		 */
		private @Nullable Path trustedCertificates;

		/**
		 * Trust store of the authorities that sign client certificates.
		 */
		private @Nullable Path trustStore;

		/**
		 * Password of the trust store.
		 */
		private @Nullable String trustStorePassword;

		/**
		 * Whether clients must present a certificate.
		 */
		private ClientAuthentication clientAuthentication = ClientAuthentication.NONE;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Path getCertificate() {
			return this.certificate;
		}

		public void setCertificate(@Nullable Path certificate) {
			this.certificate = certificate;
		}

		public @Nullable Path getPrivateKey() {
			return this.privateKey;
		}

		public void setPrivateKey(@Nullable Path privateKey) {
			this.privateKey = privateKey;
		}

		public @Nullable String getPrivateKeyPassword() {
			return this.privateKeyPassword;
		}

		public void setPrivateKeyPassword(@Nullable String privateKeyPassword) {
			this.privateKeyPassword = privateKeyPassword;
		}

		public @Nullable Path getKeyStore() {
			return this.keyStore;
		}

		public void setKeyStore(@Nullable Path keyStore) {
			this.keyStore = keyStore;
		}

		public @Nullable String getKeyStorePassword() {
			return this.keyStorePassword;
		}

		public void setKeyStorePassword(@Nullable String keyStorePassword) {
			this.keyStorePassword = keyStorePassword;
		}

		public @Nullable Path getTrustedCertificates() {
			return this.trustedCertificates;
		}

		public void setTrustedCertificates(@Nullable Path trustedCertificates) {
			this.trustedCertificates = trustedCertificates;
		}

		public @Nullable Path getTrustStore() {
			return this.trustStore;
		}

		public void setTrustStore(@Nullable Path trustStore) {
			this.trustStore = trustStore;
		}

		public @Nullable String getTrustStorePassword() {
			return this.trustStorePassword;
		}

		public void setTrustStorePassword(@Nullable String trustStorePassword) {
			this.trustStorePassword = trustStorePassword;
		}

		public ClientAuthentication getClientAuthentication() {
			return this.clientAuthentication;
		}

		public void setClientAuthentication(ClientAuthentication clientAuthentication) {
			this.clientAuthentication = clientAuthentication;
		}

	}

}
