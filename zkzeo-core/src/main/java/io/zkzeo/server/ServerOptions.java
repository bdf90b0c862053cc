package io.zkzeo.server;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.zkzeo.protocol.Transport;
import io.zkzeo.protocol.ZeoEncoding;
import io.zkzeo.protocol.ZeoProtocolOptions;
import io.zkzeo.storage.Storage;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a {@link StorageServer}, as ZEO's {@code <zeo>} section names them. Immutable: build with
 * {@link #builder()} and derive variants with the {@code withX} methods.
 *
 * <p>Defaults: host {@code 127.0.0.1}, port 0 (chosen by the operating system), not read-only, no transaction
 * timeout, an invalidation queue of 100 transactions, no invalidation age, msgpack ("M5") announced, no TLS,
 * conflicts resolved on the server, storages left open on close, one event loop per processor,
 * {@linkplain Transport#AUTO epoll where it is available}.
 */
public final class ServerOptions {

	/** The default storage name, as ZEO names an unnamed storage. */
	public static final String DEFAULT_STORAGE_NAME = "1";

	/** The default number of transactions kept for {@code getInvalidations}. */
	public static final int DEFAULT_INVALIDATION_QUEUE_SIZE = 100;

	private final String host;

	private final int port;

	private final Map<String, Storage> storages;

	private final boolean readOnly;

	private final @Nullable Duration transactionTimeout;

	private final int invalidationQueueSize;

	private final @Nullable Duration invalidationAge;

	private final ZeoProtocolOptions protocol;

	private final @Nullable ServerTlsOptions tls;

	private final boolean clientConflictResolution;

	private final boolean closeStorages;

	private final int ioThreads;

	private final Transport transport;

	private ServerOptions(Builder builder) {
		this.host = Objects.requireNonNull(builder.host, "'host' must not be null");
		if (builder.port < 0 || builder.port > 65535) {
			throw new IllegalArgumentException("'port' must be between 0 and 65535, not " + builder.port);
		}
		this.port = builder.port;
		if (builder.storages.isEmpty()) {
			throw new IllegalArgumentException("A server needs at least one storage");
		}
		this.storages = Collections.unmodifiableMap(new LinkedHashMap<>(builder.storages));
		this.readOnly = builder.readOnly;
		if (builder.transactionTimeout != null
				&& (builder.transactionTimeout.isNegative() || builder.transactionTimeout.isZero())) {
			throw new IllegalArgumentException("'transactionTimeout' must be positive, not " + builder.transactionTimeout);
		}
		this.transactionTimeout = builder.transactionTimeout;
		if (builder.invalidationQueueSize < 1) {
			throw new IllegalArgumentException(
					"'invalidationQueueSize' must be at least 1, not " + builder.invalidationQueueSize);
		}
		this.invalidationQueueSize = builder.invalidationQueueSize;
		this.invalidationAge = builder.invalidationAge;
		this.protocol = Objects.requireNonNull(builder.protocol, "'protocol' must not be null");
		this.tls = builder.tls;
		this.clientConflictResolution = builder.clientConflictResolution;
		this.closeStorages = builder.closeStorages;
		if (builder.ioThreads < 0) {
			throw new IllegalArgumentException("'ioThreads' must be 0 (one per processor) or more, not "
					+ builder.ioThreads);
		}
		this.ioThreads = builder.ioThreads;
		this.transport = Objects.requireNonNull(builder.transport, "'transport' must not be null");
	}

	/**
	 * Returns a builder with the defaults.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Returns options serving one storage under the default name {@code "1"}, with every other setting at
	 * its default.
	 * @param storage the storage
	 * @return the options
	 */
	public static ServerOptions of(Storage storage) {
		return builder().storage(DEFAULT_STORAGE_NAME, storage).build();
	}

	/**
	 * Returns a builder holding these options.
	 * @return the builder
	 */
	public Builder toBuilder() {
		Builder builder = new Builder();
		builder.host = this.host;
		builder.port = this.port;
		builder.storages.putAll(this.storages);
		builder.readOnly = this.readOnly;
		builder.transactionTimeout = this.transactionTimeout;
		builder.invalidationQueueSize = this.invalidationQueueSize;
		builder.invalidationAge = this.invalidationAge;
		builder.protocol = this.protocol;
		builder.tls = this.tls;
		builder.clientConflictResolution = this.clientConflictResolution;
		builder.closeStorages = this.closeStorages;
		builder.ioThreads = this.ioThreads;
		builder.transport = this.transport;
		return builder;
	}

	/** @return the host or address to bind; an empty host or {@code 0.0.0.0} binds every interface */
	public String host() {
		return this.host;
	}

	/** @return the port to bind, 0 for one chosen by the operating system */
	public int port() {
		return this.port;
	}

	/** @return the storages served, by name, in the order given */
	public Map<String, Storage> storages() {
		return this.storages;
	}

	/** @return whether the whole server is read-only */
	public boolean readOnly() {
		return this.readOnly;
	}

	/** @return how long a transaction may hold the commit lock before its client is disconnected, or {@code null} */
	public @Nullable Duration transactionTimeout() {
		return this.transactionTimeout;
	}

	/** @return how many recent transactions are kept for {@code getInvalidations} */
	public int invalidationQueueSize() {
		return this.invalidationQueueSize;
	}

	/** @return how old a tid {@code getInvalidations} still answers by iterating the storage, or {@code null} */
	public @Nullable Duration invalidationAge() {
		return this.invalidationAge;
	}

	/** @return the wire settings: frame limit, announced encoding, accepted encodings */
	public ZeoProtocolOptions protocol() {
		return this.protocol;
	}

	/** @return whether msgpack ("M5") is announced; {@code false} means pickle ("Z5"), ZEO's {@code msgpack} key */
	public boolean msgpack() {
		return this.protocol.serverEncoding() == ZeoEncoding.MSGPACK;
	}

	/** @return the TLS settings, or {@code null} for plain TCP */
	public @Nullable ServerTlsOptions tls() {
		return this.tls;
	}

	/** @return whether write conflicts are returned to the client to resolve, as ZEO's option of that name */
	public boolean clientConflictResolution() {
		return this.clientConflictResolution;
	}

	/** @return whether {@link StorageServer#close()} closes the storages too */
	public boolean closeStorages() {
		return this.closeStorages;
	}

	/**
	 * Returns a copy with another address.
	 * @param host the host or address to bind
	 * @param port the port, 0 for one chosen by the operating system
	 * @return the new options
	 */
	public ServerOptions withAddress(String host, int port) {
		Builder builder = toBuilder();
		builder.host = host;
		builder.port = port;
		return builder.build();
	}

	/**
	 * Returns a copy that also serves a storage (or replaces the one of that name).
	 * @param name the storage name clients register with
	 * @param storage the storage
	 * @return the new options
	 */
	public ServerOptions withStorage(String name, Storage storage) {
		return toBuilder().storage(name, storage).build();
	}

	/**
	 * Returns a copy that is read-only or not.
	 * @param readOnly whether every write is refused
	 * @return the new options
	 */
	public ServerOptions withReadOnly(boolean readOnly) {
		return toBuilder().readOnly(readOnly).build();
	}

	/**
	 * Returns a copy with another transaction timeout.
	 * @param transactionTimeout the timeout, or {@code null} for none
	 * @return the new options
	 */
	public ServerOptions withTransactionTimeout(@Nullable Duration transactionTimeout) {
		return toBuilder().transactionTimeout(transactionTimeout).build();
	}

	/**
	 * Returns a copy with another invalidation queue size.
	 * @param size how many transactions to keep
	 * @return the new options
	 */
	public ServerOptions withInvalidationQueueSize(int size) {
		return toBuilder().invalidationQueueSize(size).build();
	}

	/**
	 * Returns a copy with another invalidation age.
	 * @param age the age, or {@code null} for none
	 * @return the new options
	 */
	public ServerOptions withInvalidationAge(@Nullable Duration age) {
		return toBuilder().invalidationAge(age).build();
	}

	/**
	 * Returns a copy with other wire settings.
	 * @param protocol the wire settings
	 * @return the new options
	 */
	public ServerOptions withProtocol(ZeoProtocolOptions protocol) {
		return toBuilder().protocol(protocol).build();
	}

	/**
	 * Returns a copy announcing msgpack ("M5") or pickle ("Z5").
	 * @param msgpack {@code true} for msgpack
	 * @return the new options
	 */
	public ServerOptions withMsgpack(boolean msgpack) {
		return toBuilder().msgpack(msgpack).build();
	}

	/**
	 * Returns a copy with other TLS settings.
	 * @param tls the TLS settings, or {@code null} for plain TCP
	 * @return the new options
	 */
	public ServerOptions withTls(@Nullable ServerTlsOptions tls) {
		return toBuilder().tls(tls).build();
	}

	/**
	 * Returns a copy that returns conflicts to clients or resolves them on the server.
	 * @param clientConflictResolution {@code true} to return them to clients
	 * @return the new options
	 */
	public ServerOptions withClientConflictResolution(boolean clientConflictResolution) {
		return toBuilder().clientConflictResolution(clientConflictResolution).build();
	}

	/**
	 * Returns a copy that closes the storages on close, or not.
	 * @param closeStorages whether to close them
	 * @return the new options
	 */
	public ServerOptions withCloseStorages(boolean closeStorages) {
		return toBuilder().closeStorages(closeStorages).build();
	}

	/**
	 * Returns how many event loops read and write the clients' sockets, as set; see {@link #effectiveIoThreads()}.
	 * @return the number, 0 for one per processor
	 */
	public int ioThreads() {
		return this.ioThreads;
	}

	/**
	 * Returns how many event loops the server runs: {@link #ioThreads()}, or when that is 0 one per available
	 * processor. Event loops decode and encode frames and run quick calls (loads, stores, a prefetch's burst of
	 * loads); calls that may wait run on worker threads, so more loops than processors only add thread switches.
	 * @return the number of event loops
	 */
	public int effectiveIoThreads() {
		return (this.ioThreads > 0) ? this.ioThreads : Runtime.getRuntime().availableProcessors();
	}

	/**
	 * Returns these options with another number of event loops.
	 * @param ioThreads the number, 0 for one per processor
	 * @return the new options
	 */
	public ServerOptions withIoThreads(int ioThreads) {
		return toBuilder().ioThreads(ioThreads).build();
	}

	/** @return the socket transport: {@link Transport#AUTO} (the default) takes epoll where it is available */
	public Transport transport() {
		return this.transport;
	}

	/**
	 * Returns a copy with another socket transport.
	 * @param transport the transport
	 * @return the new options
	 */
	public ServerOptions withTransport(Transport transport) {
		return toBuilder().transport(transport).build();
	}

	@Override
	public String toString() {
		return "ServerOptions[address=" + this.host + ":" + this.port + ", storages=" + this.storages.keySet()
				+ ", readOnly=" + this.readOnly + ", transactionTimeout=" + this.transactionTimeout
				+ ", invalidationQueueSize=" + this.invalidationQueueSize + ", invalidationAge=" + this.invalidationAge
				+ ", encoding=" + this.protocol.serverEncoding() + ", tls=" + this.tls + ", clientConflictResolution="
				+ this.clientConflictResolution + ", ioThreads=" + this.ioThreads + ", transport="
				+ this.transport + "]";
	}

	/**
	 * Builds {@link ServerOptions}.
	 */
	public static final class Builder {

		private String host = "127.0.0.1";

		private int port;

		private final Map<String, Storage> storages = new LinkedHashMap<>();

		private boolean readOnly;

		private @Nullable Duration transactionTimeout;

		private int invalidationQueueSize = DEFAULT_INVALIDATION_QUEUE_SIZE;

		private @Nullable Duration invalidationAge;

		private ZeoProtocolOptions protocol = ZeoProtocolOptions.defaults();

		private @Nullable ServerTlsOptions tls;

		private boolean clientConflictResolution;

		private boolean closeStorages;

		private int ioThreads;

		private Transport transport = Transport.AUTO;

		private Builder() {
		}

		/**
		 * Sets how many event loops read and write the clients' sockets.
		 * @param ioThreads the number, 0 (the default) for one per processor, at least one
		 * @return this builder
		 */
		public Builder ioThreads(int ioThreads) {
			this.ioThreads = ioThreads;
			return this;
		}

		/**
		 * Sets the socket transport.
		 * @param transport {@link Transport#AUTO} (the default), {@link Transport#EPOLL} or {@link Transport#NIO}
		 * @return this builder
		 */
		public Builder transport(Transport transport) {
			this.transport = transport;
			return this;
		}

		/**
		 * Sets the host or address to bind.
		 * @param host the host; empty or {@code 0.0.0.0} binds every interface
		 * @return this builder
		 */
		public Builder host(String host) {
			this.host = Objects.requireNonNull(host, "'host' must not be null");
			return this;
		}

		/**
		 * Sets the port to bind.
		 * @param port the port, 0 for one chosen by the operating system
		 * @return this builder
		 */
		public Builder port(int port) {
			this.port = port;
			return this;
		}

		/**
		 * Adds a storage (or replaces the one of that name).
		 * @param name the name clients register with
		 * @param storage the storage
		 * @return this builder
		 */
		public Builder storage(String name, Storage storage) {
			Objects.requireNonNull(name, "'name' must not be null");
			Objects.requireNonNull(storage, "'storage' must not be null");
			this.storages.put(name, storage);
			return this;
		}

		/**
		 * Sets whether the whole server is read-only.
		 * @param readOnly whether every write is refused
		 * @return this builder
		 */
		public Builder readOnly(boolean readOnly) {
			this.readOnly = readOnly;
			return this;
		}

		/**
		 * Sets the transaction timeout.
		 * @param transactionTimeout how long the commit lock may be held, or {@code null} for no limit
		 * @return this builder
		 */
		public Builder transactionTimeout(@Nullable Duration transactionTimeout) {
			this.transactionTimeout = transactionTimeout;
			return this;
		}

		/**
		 * Sets the invalidation queue size.
		 * @param size how many transactions to keep
		 * @return this builder
		 */
		public Builder invalidationQueueSize(int size) {
			this.invalidationQueueSize = size;
			return this;
		}

		/**
		 * Sets the invalidation age.
		 * @param age the age, or {@code null} for none
		 * @return this builder
		 */
		public Builder invalidationAge(@Nullable Duration age) {
			this.invalidationAge = age;
			return this;
		}

		/**
		 * Sets the wire settings.
		 * @param protocol the wire settings
		 * @return this builder
		 */
		public Builder protocol(ZeoProtocolOptions protocol) {
			this.protocol = Objects.requireNonNull(protocol, "'protocol' must not be null");
			return this;
		}

		/**
		 * Sets whether msgpack ("M5") or pickle ("Z5") is announced.
		 * @param msgpack {@code true} for msgpack
		 * @return this builder
		 */
		public Builder msgpack(boolean msgpack) {
			this.protocol = this.protocol.withServerEncoding(msgpack ? ZeoEncoding.MSGPACK : ZeoEncoding.PICKLE);
			return this;
		}

		/**
		 * Sets the TLS settings.
		 * @param tls the settings, or {@code null} for plain TCP
		 * @return this builder
		 */
		public Builder tls(@Nullable ServerTlsOptions tls) {
			this.tls = tls;
			return this;
		}

		/**
		 * Sets whether write conflicts go back to clients to resolve.
		 * @param clientConflictResolution {@code true} to return them to clients
		 * @return this builder
		 */
		public Builder clientConflictResolution(boolean clientConflictResolution) {
			this.clientConflictResolution = clientConflictResolution;
			return this;
		}

		/**
		 * Sets whether {@link StorageServer#close()} closes the storages.
		 * @param closeStorages whether to close them
		 * @return this builder
		 */
		public Builder closeStorages(boolean closeStorages) {
			this.closeStorages = closeStorages;
			return this;
		}

		/**
		 * Builds the options.
		 * @return the options
		 * @throws IllegalArgumentException if a setting is out of range or no storage was given
		 */
		public ServerOptions build() {
			return new ServerOptions(this);
		}

	}

}
