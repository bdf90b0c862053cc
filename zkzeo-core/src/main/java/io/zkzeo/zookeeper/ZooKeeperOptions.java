package io.zkzeo.zookeeper;

import java.time.Duration;
import java.util.Objects;

import org.apache.curator.utils.PathUtils;
import org.jspecify.annotations.Nullable;

/**
 * How to reach ZooKeeper and where servers are registered: connect string, registration path,
 * timeouts, optional digest authentication, the ACL of created nodes and optional TLS.
 *
 * <p>Immutable; build it with {@link #builder()} or derive variants with the {@code withX} methods.
 */
public final class ZooKeeperOptions {

	/** Connect string used when none is given, as in {@code zc.zk}. */
	public static final String DEFAULT_CONNECT_STRING = "127.0.0.1:2181";

	/** Session timeout used when none is given, as in {@code zc.zk}. */
	public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(10);

	/**
	 * Connection timeout used when none is given: the session timeout, as Curator wants it no longer than that
	 * (it warns otherwise).
	 */
	public static final Duration DEFAULT_CONNECTION_TIMEOUT = DEFAULT_SESSION_TIMEOUT;

	private static final ZooKeeperOptions DEFAULTS = new Builder().build();

	private final String connectString;

	private final @Nullable String path;

	private final Duration sessionTimeout;

	private final Duration connectionTimeout;

	private final @Nullable String auth;

	private final @Nullable ZooKeeperAcl acl;

	private final boolean createPath;

	private final @Nullable ZooKeeperTlsOptions tls;

	private ZooKeeperOptions(Builder builder) {
		this.connectString = requireText(builder.connectString, "connectString");
		this.path = (builder.path != null) ? PathUtils.validatePath(builder.path) : null;
		this.sessionTimeout = requirePositive(builder.sessionTimeout, "sessionTimeout");
		this.connectionTimeout = requirePositive(builder.connectionTimeout, "connectionTimeout");
		if (builder.auth != null && builder.auth.indexOf(':') < 1) {
			throw new IllegalArgumentException("Digest authentication must be 'user:password', got '"
					+ maskedAuth(builder.auth) + "'");
		}
		this.auth = builder.auth;
		if (builder.acl == ZooKeeperAcl.CREATOR_ALL_WORLD_READ && builder.auth == null) {
			throw new IllegalArgumentException("ACL " + builder.acl + " requires digest authentication ('auth')");
		}
		this.acl = builder.acl;
		this.createPath = builder.createPath;
		this.tls = builder.tls;
	}

	/**
	 * Return the default options: {@value #DEFAULT_CONNECT_STRING}, no path, default timeouts, no
	 * authentication.
	 * @return the defaults
	 */
	public static ZooKeeperOptions defaults() {
		return DEFAULTS;
	}

	/**
	 * Return a builder starting from the defaults.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return a builder holding these options.
	 * @return a new builder
	 */
	public Builder toBuilder() {
		Builder builder = new Builder();
		builder.connectString = this.connectString;
		builder.path = this.path;
		builder.sessionTimeout = this.sessionTimeout;
		builder.connectionTimeout = this.connectionTimeout;
		builder.auth = this.auth;
		builder.acl = this.acl;
		builder.createPath = this.createPath;
		builder.tls = this.tls;
		return builder;
	}

	/**
	 * Return the ZooKeeper connect string, comma-separated {@code host:port} pairs with an optional
	 * chroot suffix.
	 * @return the connect string
	 */
	public String connectString() {
		return this.connectString;
	}

	/**
	 * Return the path under which servers are registered, or {@code null} when none is configured.
	 * @return the path or {@code null}
	 */
	public @Nullable String path() {
		return this.path;
	}

	/**
	 * Return the path under which servers are registered.
	 * @return the path
	 * @throws IllegalStateException if no path is configured
	 */
	public String requiredPath() {
		if (this.path == null) {
			throw new IllegalStateException("No ZooKeeper path configured for " + this.connectString);
		}
		return this.path;
	}

	/**
	 * Return the ZooKeeper session timeout.
	 * @return the session timeout
	 */
	public Duration sessionTimeout() {
		return this.sessionTimeout;
	}

	/**
	 * Return how long to wait for a connection to ZooKeeper before an operation gives up.
	 * @return the connection timeout
	 */
	public Duration connectionTimeout() {
		return this.connectionTimeout;
	}

	/**
	 * Return the digest authentication as {@code user:password}, or {@code null} for none.
	 * @return the credentials or {@code null}
	 */
	public @Nullable String auth() {
		return this.auth;
	}

	/**
	 * Return the ACL of created nodes: the one set explicitly, otherwise
	 * {@link ZooKeeperAcl#CREATOR_ALL_WORLD_READ} with authentication and {@link ZooKeeperAcl#OPEN}
	 * without.
	 * @return the effective ACL
	 */
	public ZooKeeperAcl acl() {
		if (this.acl != null) {
			return this.acl;
		}
		return (this.auth != null) ? ZooKeeperAcl.CREATOR_ALL_WORLD_READ : ZooKeeperAcl.OPEN;
	}

	/**
	 * Return whether a missing registration path is created (persistent) instead of failing.
	 * @return whether to create the path
	 */
	public boolean createPath() {
		return this.createPath;
	}

	/**
	 * Return how to talk TLS to ZooKeeper, or {@code null} for a plain connection.
	 * @return the TLS options or {@code null}
	 */
	public @Nullable ZooKeeperTlsOptions tls() {
		return this.tls;
	}

	/**
	 * Return a copy with another connect string.
	 * @param connectString the connect string
	 * @return the new options
	 */
	public ZooKeeperOptions withConnectString(String connectString) {
		return toBuilder().connectString(connectString).build();
	}

	/**
	 * Return a copy with another registration path.
	 * @param path the path, or {@code null} for none
	 * @return the new options
	 */
	public ZooKeeperOptions withPath(@Nullable String path) {
		return toBuilder().path(path).build();
	}

	/**
	 * Return a copy with another session timeout.
	 * @param sessionTimeout the session timeout
	 * @return the new options
	 */
	public ZooKeeperOptions withSessionTimeout(Duration sessionTimeout) {
		return toBuilder().sessionTimeout(sessionTimeout).build();
	}

	/**
	 * Return a copy with another connection timeout.
	 * @param connectionTimeout the connection timeout
	 * @return the new options
	 */
	public ZooKeeperOptions withConnectionTimeout(Duration connectionTimeout) {
		return toBuilder().connectionTimeout(connectionTimeout).build();
	}

	/**
	 * Return a copy with other digest credentials.
	 * @param auth {@code user:password}, or {@code null} for none
	 * @return the new options
	 */
	public ZooKeeperOptions withAuth(@Nullable String auth) {
		return toBuilder().auth(auth).build();
	}

	/**
	 * Return a copy with another ACL.
	 * @param acl the ACL, or {@code null} to derive it from the authentication
	 * @return the new options
	 */
	public ZooKeeperOptions withAcl(@Nullable ZooKeeperAcl acl) {
		return toBuilder().acl(acl).build();
	}

	/**
	 * Return a copy with another create-path flag.
	 * @param createPath whether to create a missing registration path
	 * @return the new options
	 */
	public ZooKeeperOptions withCreatePath(boolean createPath) {
		return toBuilder().createPath(createPath).build();
	}

	/**
	 * Return a copy that talks TLS to ZooKeeper, or plain when {@code tls} is {@code null}.
	 * @param tls the TLS options, or {@code null} for a plain connection
	 * @return the new options
	 */
	public ZooKeeperOptions withTls(@Nullable ZooKeeperTlsOptions tls) {
		return toBuilder().tls(tls).build();
	}

	@Override
	public boolean equals(@Nullable Object other) {
		if (this == other) {
			return true;
		}
		return other instanceof ZooKeeperOptions that && this.connectString.equals(that.connectString)
				&& Objects.equals(this.path, that.path) && this.sessionTimeout.equals(that.sessionTimeout)
				&& this.connectionTimeout.equals(that.connectionTimeout) && Objects.equals(this.auth, that.auth)
				&& this.acl == that.acl && this.createPath == that.createPath && Objects.equals(this.tls, that.tls);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.connectString, this.path, this.sessionTimeout, this.connectionTimeout, this.auth,
				this.acl, this.createPath, this.tls);
	}

	@Override
	public String toString() {
		return "ZooKeeperOptions[connectString=" + this.connectString + ", path=" + this.path + ", sessionTimeout="
				+ this.sessionTimeout + ", connectionTimeout=" + this.connectionTimeout + ", auth="
				+ ((this.auth != null) ? maskedAuth(this.auth) : null) + ", acl=" + acl() + ", createPath="
				+ this.createPath + ", tls=" + this.tls + "]";
	}

	private static String maskedAuth(String auth) {
		int colon = auth.indexOf(':');
		return (colon < 0) ? "****" : auth.substring(0, colon) + ":****";
	}

	private static String requireText(@Nullable String value, String name) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("'" + name + "' must not be empty");
		}
		return value.strip();
	}

	private static Duration requirePositive(@Nullable Duration value, String name) {
		Objects.requireNonNull(value, () -> "'" + name + "' must not be null");
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException("'" + name + "' must be positive, got " + value);
		}
		return value;
	}

	/**
	 * Builder of {@link ZooKeeperOptions}.
	 */
	public static final class Builder {

		private String connectString = DEFAULT_CONNECT_STRING;

		private @Nullable String path;

		private Duration sessionTimeout = DEFAULT_SESSION_TIMEOUT;

		private Duration connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;

		private @Nullable String auth;

		private @Nullable ZooKeeperAcl acl;

		private boolean createPath;

		private @Nullable ZooKeeperTlsOptions tls;

		private Builder() {
		}

		/**
		 * Set the connect string.
		 * @param connectString comma-separated {@code host:port} pairs
		 * @return this builder
		 */
		public Builder connectString(String connectString) {
			this.connectString = connectString;
			return this;
		}

		/**
		 * Set the registration path.
		 * @param path an absolute ZooKeeper path, or {@code null}
		 * @return this builder
		 */
		public Builder path(@Nullable String path) {
			this.path = path;
			return this;
		}

		/**
		 * Set the session timeout.
		 * @param sessionTimeout the session timeout
		 * @return this builder
		 */
		public Builder sessionTimeout(Duration sessionTimeout) {
			this.sessionTimeout = sessionTimeout;
			return this;
		}

		/**
		 * Set the connection timeout.
		 * @param connectionTimeout the connection timeout
		 * @return this builder
		 */
		public Builder connectionTimeout(Duration connectionTimeout) {
			this.connectionTimeout = connectionTimeout;
			return this;
		}

		/**
		 * Set digest credentials.
		 * @param auth {@code user:password}, or {@code null}
		 * @return this builder
		 */
		public Builder auth(@Nullable String auth) {
			this.auth = auth;
			return this;
		}

		/**
		 * Set the ACL of created nodes.
		 * @param acl the ACL, or {@code null} to derive it from the authentication
		 * @return this builder
		 */
		public Builder acl(@Nullable ZooKeeperAcl acl) {
			this.acl = acl;
			return this;
		}

		/**
		 * Set whether a missing registration path is created.
		 * @param createPath whether to create it
		 * @return this builder
		 */
		public Builder createPath(boolean createPath) {
			this.createPath = createPath;
			return this;
		}

		/**
		 * Set how to talk TLS to ZooKeeper.
		 * @param tls the TLS options, or {@code null} for a plain connection
		 * @return this builder
		 */
		public Builder tls(@Nullable ZooKeeperTlsOptions tls) {
			this.tls = tls;
			return this;
		}

		/**
		 * Build the options.
		 * @return the options
		 * @throws IllegalArgumentException if a value is invalid
		 */
		public ZooKeeperOptions build() {
			return new ZooKeeperOptions(this);
		}

	}

}
