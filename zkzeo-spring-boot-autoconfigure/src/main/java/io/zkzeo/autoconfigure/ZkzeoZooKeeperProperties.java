package io.zkzeo.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import io.zkzeo.zookeeper.ZooKeeperAcl;
import io.zkzeo.zookeeper.ZooKeeperOptions;
import org.apache.curator.utils.PathUtils;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for the ZooKeeper ensemble zkzeo servers register in and clients follow.
 */
@ConfigurationProperties(ZkzeoZooKeeperProperties.PREFIX)
public class ZkzeoZooKeeperProperties {

	/**
	 * Prefix of the properties.
	 */
	public static final String PREFIX = "zkzeo.zookeeper";

	/**
	 * ZooKeeper connect string, comma-separated host:port pairs. Ignored when the embedded server is enabled.
	 */
	private String connectString = "127.0.0.1:2181";

	/**
	 * ZooKeeper path under which storage servers register, for example '/databases/main'. Required by
	 * registering servers and by clients.
	 */
	private @Nullable String path;

	/**
	 * ZooKeeper session timeout; registered nodes disappear this long after a server is lost.
	 */
	private Duration sessionTimeout = Duration.ofSeconds(10);

	/**
	 * How long to wait for a connection to ZooKeeper.
	 */
	private Duration connectionTimeout = Duration.ofSeconds(10);

	/**
	 * Digest authentication, as 'user:password'.
	 */
	private @Nullable String auth;

	/**
	 * Access control of the nodes zkzeo creates; 'creator-all-world-read' when 'auth' is set and 'open'
	 * otherwise, when not set.
	 */
	private @Nullable ZooKeeperAcl acl;

	/**
	 * Whether a registering server creates the path when it does not exist.
	 */
	private boolean createPath;

	private final Embedded embedded = new Embedded();

	public String getConnectString() {
		return this.connectString;
	}

	public void setConnectString(String connectString) {
		this.connectString = connectString;
	}

	public @Nullable String getPath() {
		return this.path;
	}

	public void setPath(@Nullable String path) {
		this.path = path;
	}

	public Duration getSessionTimeout() {
		return this.sessionTimeout;
	}

	public void setSessionTimeout(Duration sessionTimeout) {
		this.sessionTimeout = sessionTimeout;
	}

	public Duration getConnectionTimeout() {
		return this.connectionTimeout;
	}

	public void setConnectionTimeout(Duration connectionTimeout) {
		this.connectionTimeout = connectionTimeout;
	}

	public @Nullable String getAuth() {
		return this.auth;
	}

	public void setAuth(@Nullable String auth) {
		this.auth = auth;
	}

	public @Nullable ZooKeeperAcl getAcl() {
		return this.acl;
	}

	public void setAcl(@Nullable ZooKeeperAcl acl) {
		this.acl = acl;
	}

	public boolean isCreatePath() {
		return this.createPath;
	}

	public void setCreatePath(boolean createPath) {
		this.createPath = createPath;
	}

	public Embedded getEmbedded() {
		return this.embedded;
	}

	/**
	 * Returns the options these properties describe, checked: a bad value fails with a
	 * {@link ZkzeoConfigurationException} naming the property.
	 * @param connectString the connect string to use (the embedded server's, or {@link #getConnectString()})
	 * @return the options
	 */
	public ZooKeeperOptions toOptions(String connectString) {
		if (connectString.isBlank()) {
			throw new ZkzeoConfigurationException(PREFIX + ".connect-string", connectString,
					"it is empty; set it to the ZooKeeper ensemble, for example 'zk1:2181,zk2:2181'");
		}
		if (this.path != null) {
			try {
				PathUtils.validatePath(this.path);
			}
			catch (IllegalArgumentException ex) {
				throw new ZkzeoConfigurationException(PREFIX + ".path", this.path,
						"it is not a valid ZooKeeper path (" + ex.getMessage() + "); write it like '/zkzeo/main'", ex);
			}
		}
		if (this.auth != null && this.auth.indexOf(':') < 1) {
			throw new ZkzeoConfigurationException(PREFIX + ".auth", "******",
					"digest authentication is written 'user:password'");
		}
		if (this.acl == ZooKeeperAcl.CREATOR_ALL_WORLD_READ && this.auth == null) {
			throw new ZkzeoConfigurationException(PREFIX + ".acl", "creator-all-world-read",
					"this ACL gives rights to the authenticated creator, so '" + PREFIX + ".auth' must be set too");
		}
		try {
			return ZooKeeperOptions.builder()
				.connectString(connectString)
				.path(this.path)
				.sessionTimeout(this.sessionTimeout)
				.connectionTimeout(this.connectionTimeout)
				.auth(this.auth)
				.acl(this.acl)
				.createPath(this.createPath)
				.build();
		}
		catch (IllegalArgumentException ex) {
			throw new ZkzeoConfigurationException(PREFIX + ".session-timeout", this.sessionTimeout + " / "
					+ this.connectionTimeout, ex.getMessage() + "; both timeouts must be positive", ex);
		}
	}

	/**
	 * Returns the path, failing with a {@link ZkzeoConfigurationException} when it is not set.
	 * @param needer what needs the path, for the message
	 * @return the path
	 */
	public String requiredPath(String needer) {
		if (this.path == null || this.path.isBlank()) {
			throw new ZkzeoConfigurationException(PREFIX + ".path", null,
					needer + " needs the ZooKeeper path under which servers register; set it, for example '"
							+ PREFIX + ".path=/zkzeo/main'");
		}
		return this.path;
	}

	/**
	 * An in-process ZooKeeper server, for development, the sample application and tests.
	 */
	public static class Embedded {

		/**
		 * Whether to start an in-process ZooKeeper server and connect to it.
		 */
		private boolean enabled;

		/**
		 * Port of the embedded server; 0 picks a free one.
		 */
		private int port;

		/**
		 * Directory of the embedded server's data; a temporary directory, deleted on shutdown, when not set.
		 */
		private @Nullable Path dataDirectory;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getPort() {
			return this.port;
		}

		public void setPort(int port) {
			this.port = port;
		}

		public @Nullable Path getDataDirectory() {
			return this.dataDirectory;
		}

		public void setDataDirectory(@Nullable Path dataDirectory) {
			this.dataDirectory = dataDirectory;
		}

	}

}
