package io.zkzeo.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import io.zkzeo.protocol.Transport;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of a zkzeo client: a ZEO client storage that follows the servers registered in
 * ZooKeeper, and the object database over it.
 */
@ConfigurationProperties(ZkzeoClientProperties.PREFIX)
public class ZkzeoClientProperties {

	/**
	 * Prefix of the properties.
	 */
	public static final String PREFIX = "zkzeo.client";

	/**
	 * Whether to connect to the storage servers registered under 'zkzeo.zookeeper.path' and open a database.
	 */
	private boolean enabled;

	/**
	 * Size of the client's cache of object revisions.
	 */
	private DataSize cacheSize = DataSize.ofMegabytes(20);

	/**
	 * Whether the client only reads.
	 */
	private boolean readOnly;

	/**
	 * Whether to use a read-only server while no writable one is available.
	 */
	private boolean readOnlyFallback;

	/**
	 * Whether a writable client asks the server for new object ids as soon as it connects, so that its first
	 * transaction adding objects finds them at hand. Python's ClientStorage asks only once it needs one.
	 */
	private boolean oidsOnConnect = true;

	/**
	 * Whether startup waits until a server is connected.
	 */
	private boolean wait = true;

	/**
	 * How long startup, and calls made while disconnected, wait for a server.
	 */
	private Duration waitTimeout = Duration.ofSeconds(30);

	/**
	 * Longest pause between reconnection attempts.
	 */
	private Duration maxDisconnectPoll = Duration.ofSeconds(30);

	/**
	 * Name of the storage to open on the server.
	 */
	private String storageName = "1";

	/**
	 * Socket transport: 'auto' takes Linux's epoll where Netty's native epoll library is on the class path, else the
	 * JDK's NIO; 'epoll' insists on epoll; 'nio' always uses NIO.
	 */
	private Transport transport = Transport.AUTO;

	private final Ssl ssl = new Ssl();

	private final Db db = new Db();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public DataSize getCacheSize() {
		return this.cacheSize;
	}

	public void setCacheSize(DataSize cacheSize) {
		this.cacheSize = cacheSize;
	}

	public boolean isReadOnly() {
		return this.readOnly;
	}

	public void setReadOnly(boolean readOnly) {
		this.readOnly = readOnly;
	}

	public boolean isReadOnlyFallback() {
		return this.readOnlyFallback;
	}

	public void setReadOnlyFallback(boolean readOnlyFallback) {
		this.readOnlyFallback = readOnlyFallback;
	}

	public boolean isOidsOnConnect() {
		return this.oidsOnConnect;
	}

	public void setOidsOnConnect(boolean oidsOnConnect) {
		this.oidsOnConnect = oidsOnConnect;
	}

	public boolean isWait() {
		return this.wait;
	}

	public void setWait(boolean wait) {
		this.wait = wait;
	}

	public Duration getWaitTimeout() {
		return this.waitTimeout;
	}

	public void setWaitTimeout(Duration waitTimeout) {
		this.waitTimeout = waitTimeout;
	}

	public Duration getMaxDisconnectPoll() {
		return this.maxDisconnectPoll;
	}

	public void setMaxDisconnectPoll(Duration maxDisconnectPoll) {
		this.maxDisconnectPoll = maxDisconnectPoll;
	}

	public String getStorageName() {
		return this.storageName;
	}

	public void setStorageName(String storageName) {
		this.storageName = storageName;
	}

	public Transport getTransport() {
		return this.transport;
	}

	public void setTransport(Transport transport) {
		this.transport = transport;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	public Db getDb() {
		return this.db;
	}

	/**
	 * TLS settings of the client.
	 */
	public static class Ssl {

		/**
		 * Whether to connect with TLS.
		 */
		private boolean enabled;

		/**
		 * PEM file of the authorities that sign server certificates; the JDK's trusted authorities when not set.
		 */
		private @Nullable Path trustedCertificates;

		/**
		 * PEM certificate chain the client presents to servers that ask for one.
		 */
		private @Nullable Path certificate;

		/**
		 * PEM (PKCS#8) private key of the client certificate.
		 */
		private @Nullable Path privateKey;

		/**
		 * Host name to expect in server certificates; the host of each address when not set.
		 */
		private @Nullable String serverHostname;

		/**
		 * Whether server certificates must match the host name.
		 */
		private boolean checkHostname = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Path getTrustedCertificates() {
			return this.trustedCertificates;
		}

		public void setTrustedCertificates(@Nullable Path trustedCertificates) {
			this.trustedCertificates = trustedCertificates;
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

		public @Nullable String getServerHostname() {
			return this.serverHostname;
		}

		public void setServerHostname(@Nullable String serverHostname) {
			this.serverHostname = serverHostname;
		}

		public boolean isCheckHostname() {
			return this.checkHostname;
		}

		public void setCheckHostname(boolean checkHostname) {
			this.checkHostname = checkHostname;
		}

	}

	/**
	 * Settings of the object database over the client storage.
	 */
	public static class Db {

		/**
		 * Most database connections open at once (one per running transaction).
		 */
		private int poolSize = 7;

		/**
		 * Number of loaded objects each database connection keeps between transactions.
		 */
		private int cacheSize = 10000;

		/**
		 * Most objects not loaded yet that a loaded object may reference for them all to be fetched ahead in one
		 * round trip; objects with more fetch none ahead. 0 turns fetching ahead off.
		 */
		private int prefetchLimit = 128;

		public int getPoolSize() {
			return this.poolSize;
		}

		public void setPoolSize(int poolSize) {
			this.poolSize = poolSize;
		}

		public int getCacheSize() {
			return this.cacheSize;
		}

		public void setCacheSize(int cacheSize) {
			this.cacheSize = cacheSize;
		}

		public int getPrefetchLimit() {
			return this.prefetchLimit;
		}

		public void setPrefetchLimit(int prefetchLimit) {
			this.prefetchLimit = prefetchLimit;
		}

	}

}
