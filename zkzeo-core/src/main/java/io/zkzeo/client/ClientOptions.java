package io.zkzeo.client;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.zkzeo.protocol.Transport;
import io.zkzeo.protocol.ZeoEncoding;
import io.zkzeo.protocol.ZeoProtocolOptions;
import org.jspecify.annotations.Nullable;

/**
 * Settings of a {@link ClientStorage}, the counterpart of ZEO's {@code ClientStorage} arguments and
 * {@code <clientstorage>} section. Immutable: derive variants with the {@code withX} methods or build one with
 * {@link #builder()}.
 */
public final class ClientOptions {

	/** The default storage name, {@code "1"}. */
	public static final String DEFAULT_STORAGE_NAME = "1";

	/** The default cache size: 20 MiB, as ZEO's. */
	public static final long DEFAULT_CACHE_SIZE = 20L * 1024 * 1024;

	/** The default wait for a connection: 30 seconds, as ZEO's. */
	public static final Duration DEFAULT_WAIT_TIMEOUT = Duration.ofSeconds(30);

	/** The default cap of the reconnect backoff: 30 seconds. */
	public static final Duration DEFAULT_MAX_DISCONNECT_POLL = Duration.ofSeconds(30);

	/** The default interval of heartbeats on an idle connection: 60 seconds, as ZEO's. */
	public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(60);

	private final List<InetSocketAddress> addresses;

	private final String storageName;

	private final @Nullable String name;

	private final long cacheSize;

	private final boolean readOnly;

	private final boolean readOnlyFallback;

	private final boolean waitForConnection;

	private final Duration waitTimeout;

	private final Duration maxDisconnectPoll;

	private final Duration heartbeatInterval;

	private final Set<ZeoEncoding> encodings;

	private final int maxFrameLength;

	private final @Nullable String clientLabel;

	private final @Nullable ClientTlsOptions tls;

	private final Transport transport;

	private final boolean oidsOnConnect;

	private ClientOptions(Builder builder) {
		this.addresses = List.copyOf(builder.addresses);
		this.storageName = Objects.requireNonNull(builder.storageName, "'storageName' must not be null");
		this.name = builder.name;
		if (builder.cacheSize < 0) {
			throw new IllegalArgumentException("'cacheSize' must not be negative, not " + builder.cacheSize);
		}
		this.cacheSize = builder.cacheSize;
		this.readOnly = builder.readOnly;
		this.readOnlyFallback = builder.readOnlyFallback;
		this.waitForConnection = builder.waitForConnection;
		this.waitTimeout = positive(builder.waitTimeout, "waitTimeout");
		this.maxDisconnectPoll = positive(builder.maxDisconnectPoll, "maxDisconnectPoll");
		this.heartbeatInterval = positive(builder.heartbeatInterval, "heartbeatInterval");
		Objects.requireNonNull(builder.encodings, "'encodings' must not be null");
		if (builder.encodings.isEmpty()) {
			throw new IllegalArgumentException("'encodings' must not be empty");
		}
		this.encodings = Set.copyOf(builder.encodings);
		this.maxFrameLength = builder.maxFrameLength;
		this.clientLabel = builder.clientLabel;
		this.tls = builder.tls;
		this.transport = Objects.requireNonNull(builder.transport, "'transport' must not be null");
		this.oidsOnConnect = builder.oidsOnConnect;
		protocolOptions();
	}

	private static Duration positive(@Nullable Duration duration, String name) {
		Objects.requireNonNull(duration, "'" + name + "' must not be null");
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException("'" + name + "' must be positive, not " + duration);
		}
		return duration;
	}

	/**
	 * Returns the defaults: no addresses, storage {@code "1"}, a 20 MiB cache, writable, waiting up to 30 s.
	 * @return the default options
	 */
	public static ClientOptions defaults() {
		return builder().build();
	}

	/**
	 * Returns the default options with the given server addresses.
	 * @param addresses the servers, all serving the same storage
	 * @return the options
	 */
	public static ClientOptions of(InetSocketAddress... addresses) {
		return builder().addresses(List.of(addresses)).build();
	}

	/**
	 * Returns a builder with the default settings.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Returns a builder holding these settings.
	 * @return the builder
	 */
	public Builder toBuilder() {
		return new Builder(this);
	}

	/** @return the servers to connect to, all serving the same storage */
	public List<InetSocketAddress> addresses() {
		return this.addresses;
	}

	/** @return the name of the storage on the server, passed to {@code register} */
	public String storageName() {
		return this.storageName;
	}

	/** @return the display name, or {@code null} to use the storage name */
	public @Nullable String name() {
		return this.name;
	}

	/** @return the size of the object cache, in bytes; 0 disables it */
	public long cacheSize() {
		return this.cacheSize;
	}

	/** @return whether to register read-only and refuse writes locally */
	public boolean readOnly() {
		return this.readOnly;
	}

	/** @return whether to accept a read-only server when no writable one is available, upgrading later */
	public boolean readOnlyFallback() {
		return this.readOnlyFallback;
	}

	/**
	 * @return whether a writable client asks for new oids as soon as it connects, so that its first transaction
	 * adding objects finds them at hand; Python's ClientStorage asks only once it needs one
	 */
	public boolean oidsOnConnect() {
		return this.oidsOnConnect;
	}

	/** @return whether the constructor waits until connected (up to {@link #waitTimeout()}) */
	public boolean waitForConnection() {
		return this.waitForConnection;
	}

	/** @return how long a call waits for a connection before it fails with ClientDisconnectedException */
	public Duration waitTimeout() {
		return this.waitTimeout;
	}

	/** @return the longest pause between two connection attempts to one address */
	public Duration maxDisconnectPoll() {
		return this.maxDisconnectPoll;
	}

	/** @return how long a connection may stay silent before a heartbeat is sent */
	public Duration heartbeatInterval() {
		return this.heartbeatInterval;
	}

	/** @return the message encodings accepted from servers (a server announces one, the client echoes it) */
	public Set<ZeoEncoding> encodings() {
		return this.encodings;
	}

	/** @return the largest frame accepted from a server, in bytes */
	public int maxFrameLength() {
		return this.maxFrameLength;
	}

	/** @return the label sent with {@code set_client_label} after connecting, or {@code null} */
	public @Nullable String clientLabel() {
		return this.clientLabel;
	}

	/** @return the TLS settings, or {@code null} for plain TCP */
	public @Nullable ClientTlsOptions tls() {
		return this.tls;
	}

	/** @return the socket transport: {@link Transport#AUTO} (the default) takes epoll where it is available */
	public Transport transport() {
		return this.transport;
	}

	/**
	 * Returns the wire-layer settings these options imply.
	 * @return the protocol options
	 */
	public ZeoProtocolOptions protocolOptions() {
		return ZeoProtocolOptions.defaults().withMaxFrameLength(this.maxFrameLength).withAcceptedEncodings(this.encodings);
	}

	/**
	 * Returns a copy with other addresses.
	 * @param addresses the servers
	 * @return the new options
	 */
	public ClientOptions withAddresses(List<InetSocketAddress> addresses) {
		return toBuilder().addresses(addresses).build();
	}

	/**
	 * Returns a copy with another storage name.
	 * @param storageName the name of the storage on the server
	 * @return the new options
	 */
	public ClientOptions withStorageName(String storageName) {
		return toBuilder().storageName(storageName).build();
	}

	/**
	 * Returns a copy with another display name.
	 * @param name the display name, or {@code null}
	 * @return the new options
	 */
	public ClientOptions withName(@Nullable String name) {
		return toBuilder().name(name).build();
	}

	/**
	 * Returns a copy with another cache size.
	 * @param cacheSize the cache size in bytes
	 * @return the new options
	 */
	public ClientOptions withCacheSize(long cacheSize) {
		return toBuilder().cacheSize(cacheSize).build();
	}

	/**
	 * Returns a copy that is read-only or not.
	 * @param readOnly whether to register read-only
	 * @return the new options
	 */
	public ClientOptions withReadOnly(boolean readOnly) {
		return toBuilder().readOnly(readOnly).build();
	}

	/**
	 * Returns a copy with read-only fallback on or off.
	 * @param readOnlyFallback whether to accept a read-only server
	 * @return the new options
	 */
	public ClientOptions withReadOnlyFallback(boolean readOnlyFallback) {
		return toBuilder().readOnlyFallback(readOnlyFallback).build();
	}

	/**
	 * Returns a copy that asks for new oids on connecting or not.
	 * @param oidsOnConnect whether a writable client asks for new oids as soon as it connects
	 * @return the new options
	 */
	public ClientOptions withOidsOnConnect(boolean oidsOnConnect) {
		return toBuilder().oidsOnConnect(oidsOnConnect).build();
	}

	/**
	 * Returns a copy whose constructor waits for a connection or not.
	 * @param waitForConnection whether to wait
	 * @return the new options
	 */
	public ClientOptions withWaitForConnection(boolean waitForConnection) {
		return toBuilder().waitForConnection(waitForConnection).build();
	}

	/**
	 * Returns a copy with another wait timeout.
	 * @param waitTimeout how long calls wait for a connection
	 * @return the new options
	 */
	public ClientOptions withWaitTimeout(Duration waitTimeout) {
		return toBuilder().waitTimeout(waitTimeout).build();
	}

	/**
	 * Returns a copy with another reconnect backoff cap.
	 * @param maxDisconnectPoll the longest pause between attempts
	 * @return the new options
	 */
	public ClientOptions withMaxDisconnectPoll(Duration maxDisconnectPoll) {
		return toBuilder().maxDisconnectPoll(maxDisconnectPoll).build();
	}

	/**
	 * Returns a copy with another heartbeat interval.
	 * @param heartbeatInterval the idle time before a heartbeat
	 * @return the new options
	 */
	public ClientOptions withHeartbeatInterval(Duration heartbeatInterval) {
		return toBuilder().heartbeatInterval(heartbeatInterval).build();
	}

	/**
	 * Returns a copy accepting other encodings.
	 * @param encodings the encodings accepted from servers
	 * @return the new options
	 */
	public ClientOptions withEncodings(Set<ZeoEncoding> encodings) {
		return toBuilder().encodings(encodings).build();
	}

	/**
	 * Returns a copy with another frame limit.
	 * @param maxFrameLength the largest frame accepted, in bytes
	 * @return the new options
	 */
	public ClientOptions withMaxFrameLength(int maxFrameLength) {
		return toBuilder().maxFrameLength(maxFrameLength).build();
	}

	/**
	 * Returns a copy with another client label.
	 * @param clientLabel the label, or {@code null}
	 * @return the new options
	 */
	public ClientOptions withClientLabel(@Nullable String clientLabel) {
		return toBuilder().clientLabel(clientLabel).build();
	}

	/**
	 * Returns a copy with other TLS settings.
	 * @param tls the TLS settings, or {@code null} for plain TCP
	 * @return the new options
	 */
	public ClientOptions withTls(@Nullable ClientTlsOptions tls) {
		return toBuilder().tls(tls).build();
	}

	/**
	 * Returns a copy with another socket transport.
	 * @param transport the transport
	 * @return the new options
	 */
	public ClientOptions withTransport(Transport transport) {
		return toBuilder().transport(transport).build();
	}

	@Override
	public String toString() {
		return "ClientOptions[addresses=" + this.addresses + ", storageName=" + this.storageName + ", cacheSize="
				+ this.cacheSize + ", readOnly=" + this.readOnly + ", readOnlyFallback=" + this.readOnlyFallback
				+ ", waitTimeout=" + this.waitTimeout + ", maxDisconnectPoll=" + this.maxDisconnectPoll + ", transport="
				+ this.transport + ", oidsOnConnect=" + this.oidsOnConnect + "]";
	}

	/**
	 * Builds {@link ClientOptions}.
	 */
	public static final class Builder {

		private List<InetSocketAddress> addresses = List.of();

		private String storageName = DEFAULT_STORAGE_NAME;

		private @Nullable String name;

		private long cacheSize = DEFAULT_CACHE_SIZE;

		private boolean readOnly;

		private boolean readOnlyFallback;

		private boolean waitForConnection = true;

		private Duration waitTimeout = DEFAULT_WAIT_TIMEOUT;

		private Duration maxDisconnectPoll = DEFAULT_MAX_DISCONNECT_POLL;

		private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;

		private Set<ZeoEncoding> encodings = EnumSet.allOf(ZeoEncoding.class);

		private int maxFrameLength = ZeoProtocolOptions.DEFAULT_MAX_FRAME_LENGTH;

		private @Nullable String clientLabel;

		private @Nullable ClientTlsOptions tls;

		private Transport transport = Transport.AUTO;

		private boolean oidsOnConnect = true;

		private Builder() {
		}

		private Builder(ClientOptions options) {
			this.addresses = options.addresses;
			this.storageName = options.storageName;
			this.name = options.name;
			this.cacheSize = options.cacheSize;
			this.readOnly = options.readOnly;
			this.readOnlyFallback = options.readOnlyFallback;
			this.waitForConnection = options.waitForConnection;
			this.waitTimeout = options.waitTimeout;
			this.maxDisconnectPoll = options.maxDisconnectPoll;
			this.heartbeatInterval = options.heartbeatInterval;
			this.encodings = options.encodings;
			this.maxFrameLength = options.maxFrameLength;
			this.clientLabel = options.clientLabel;
			this.tls = options.tls;
			this.transport = options.transport;
			this.oidsOnConnect = options.oidsOnConnect;
		}

		/**
		 * Sets the servers to connect to.
		 * @param addresses the servers, all serving the same storage
		 * @return this builder
		 */
		public Builder addresses(List<InetSocketAddress> addresses) {
			this.addresses = List.copyOf(Objects.requireNonNull(addresses, "'addresses' must not be null"));
			return this;
		}

		/**
		 * Sets the servers to connect to.
		 * @param addresses the servers
		 * @return this builder
		 */
		public Builder addresses(InetSocketAddress... addresses) {
			return addresses(List.of(addresses));
		}

		/**
		 * Sets the name of the storage on the server (default {@code "1"}).
		 * @param storageName the name
		 * @return this builder
		 */
		public Builder storageName(String storageName) {
			this.storageName = storageName;
			return this;
		}

		/**
		 * Sets the display name (default: the storage name).
		 * @param name the display name, or {@code null}
		 * @return this builder
		 */
		public Builder name(@Nullable String name) {
			this.name = name;
			return this;
		}

		/**
		 * Sets the size of the object cache in bytes (default 20 MiB); 0 disables it.
		 * @param cacheSize the size
		 * @return this builder
		 */
		public Builder cacheSize(long cacheSize) {
			this.cacheSize = cacheSize;
			return this;
		}

		/**
		 * Sets whether to register read-only.
		 * @param readOnly whether writes are refused
		 * @return this builder
		 */
		public Builder readOnly(boolean readOnly) {
			this.readOnly = readOnly;
			return this;
		}

		/**
		 * Sets whether a read-only server is accepted when no writable one is available.
		 * @param readOnlyFallback whether to fall back
		 * @return this builder
		 */
		public Builder readOnlyFallback(boolean readOnlyFallback) {
			this.readOnlyFallback = readOnlyFallback;
			return this;
		}

		/**
		 * Sets whether a writable client asks for new oids as soon as it connects (the default), so that its first
		 * transaction adding objects does not wait for them.
		 * @param oidsOnConnect whether to ask on connecting
		 * @return this builder
		 */
		public Builder oidsOnConnect(boolean oidsOnConnect) {
			this.oidsOnConnect = oidsOnConnect;
			return this;
		}

		/**
		 * Sets whether the constructor waits until connected (default {@code true}).
		 * @param waitForConnection whether to wait
		 * @return this builder
		 */
		public Builder waitForConnection(boolean waitForConnection) {
			this.waitForConnection = waitForConnection;
			return this;
		}

		/**
		 * Sets how long calls wait for a connection (default 30 s).
		 * @param waitTimeout the wait
		 * @return this builder
		 */
		public Builder waitTimeout(Duration waitTimeout) {
			this.waitTimeout = waitTimeout;
			return this;
		}

		/**
		 * Sets the longest pause between two connection attempts to one address (default 30 s).
		 * @param maxDisconnectPoll the cap
		 * @return this builder
		 */
		public Builder maxDisconnectPoll(Duration maxDisconnectPoll) {
			this.maxDisconnectPoll = maxDisconnectPoll;
			return this;
		}

		/**
		 * Sets how long a connection may stay silent before a heartbeat is sent (default 60 s).
		 * @param heartbeatInterval the interval
		 * @return this builder
		 */
		public Builder heartbeatInterval(Duration heartbeatInterval) {
			this.heartbeatInterval = heartbeatInterval;
			return this;
		}

		/**
		 * Sets the encodings accepted from servers (default both; a server announces one).
		 * @param encodings the encodings
		 * @return this builder
		 */
		public Builder encodings(Set<ZeoEncoding> encodings) {
			this.encodings = encodings;
			return this;
		}

		/**
		 * Sets the largest frame accepted from a server (default 256 MiB).
		 * @param maxFrameLength the limit in bytes
		 * @return this builder
		 */
		public Builder maxFrameLength(int maxFrameLength) {
			this.maxFrameLength = maxFrameLength;
			return this;
		}

		/**
		 * Sets the label sent to servers for their logs.
		 * @param clientLabel the label, or {@code null}
		 * @return this builder
		 */
		public Builder clientLabel(@Nullable String clientLabel) {
			this.clientLabel = clientLabel;
			return this;
		}

		/**
		 * Sets the TLS settings.
		 * @param tls the settings, or {@code null} for plain TCP
		 * @return this builder
		 */
		public Builder tls(@Nullable ClientTlsOptions tls) {
			this.tls = tls;
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
		 * Builds the options.
		 * @return the options
		 */
		public ClientOptions build() {
			return new ClientOptions(this);
		}

	}

}
