package io.zkzeo.zookeeper;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.curator.utils.PathUtils;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a storage server in ZooKeeper the way {@code zc.zkzeo} does: one EPHEMERAL child
 * {@code PATH/host:port} per address the server is reachable at, whose data is the compact JSON
 * object {@code {"pid":N,"monitor":"...",...}}.
 *
 * <p>Each node is a Curator {@link PersistentNode}, so it comes back by itself when it is deleted or
 * when the ZooKeeper session expires and a new one is made. {@link #start()} fails only when ZooKeeper
 * answers and the path does not exist (unless create-path is set); while ZooKeeper is unreachable
 * the registration waits in the background and nothing is thrown. {@link #close()} removes the nodes
 * at once.
 *
 * <p>The ACL of the nodes (and of a path created here) comes from the client's ACL provider, which
 * {@link ZooKeeperClientFactory} sets from {@link ZooKeeperOptions#acl()}.
 */
public final class ZkRegistration implements Closeable {

	private static final Logger logger = LoggerFactory.getLogger(ZkRegistration.class);

	private static final String PID = "pid";

	private static final String MONITOR = "monitor";

	private enum State {

		LATENT, STARTED, CLOSED

	}

	private final CuratorFramework client;

	private final String path;

	private final String connectString;

	private final boolean createPath;

	private final Duration startTimeout;

	private final List<String> nodeNames;

	private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);

	private final Object lock = new Object();

	private final Map<String, @Nullable Object> properties;

	private final Map<String, PersistentNode> nodes = new LinkedHashMap<>();

	private final ConnectionStateListener connectionStateListener = this::connectionStateChanged;

	private ZkRegistration(Builder builder) {
		this.client = builder.client;
		this.path = PathUtils.validatePath(Objects.requireNonNull(builder.path, "'path' must not be null"));
		this.connectString = (builder.connectString != null) ? builder.connectString
				: builder.client.getZookeeperClient().getCurrentConnectionString();
		this.createPath = builder.createPath;
		this.startTimeout = builder.startTimeout;
		InetSocketAddress address = Objects.requireNonNull(builder.address, "'address' must not be null");
		this.nodeNames = ServerNodeNames.forBoundAddress(address);
		this.properties = new LinkedHashMap<>();
		this.properties.put(PID, builder.pid);
		if (builder.monitor != null) {
			this.properties.put(MONITOR, builder.monitor);
		}
		builder.properties.forEach((name, value) -> {
			if (!PID.equals(name)) {
				this.properties.put(name, value);
			}
		});
	}

	/**
	 * Start building a registration under the given path.
	 * @param client a started Curator client
	 * @param path the ZooKeeper path under which to register
	 * @return a builder
	 */
	public static Builder builder(CuratorFramework client, String path) {
		return new Builder(client).path(path);
	}

	/**
	 * Start building a registration from options: their path, create-path flag, connect string and
	 * connection timeout (as the bound of {@link #start()}'s wait for ZooKeeper).
	 * @param client a started Curator client
	 * @param options the options; {@link ZooKeeperOptions#path()} must be set
	 * @return a builder
	 */
	public static Builder builder(CuratorFramework client, ZooKeeperOptions options) {
		return new Builder(client).path(options.requiredPath())
			.createPath(options.createPath())
			.connectString(options.connectString())
			.startTimeout(options.connectionTimeout());
	}

	/**
	 * Register the server: check (or create) the path, then create the ephemeral nodes in the
	 * background.
	 * @throws ZkPathNotFoundException if ZooKeeper answers and the path does not exist, and
	 * create-path is not set
	 * @throws ZkException if ZooKeeper refuses the check or the creation of the path
	 * @throws IllegalStateException if already started
	 */
	public void start() {
		if (!this.state.compareAndSet(State.LATENT, State.STARTED)) {
			throw new IllegalStateException("ZkRegistration is already started");
		}
		try {
			ensurePath();
		}
		catch (RuntimeException ex) {
			this.state.set(State.CLOSED);
			throw ex;
		}
		this.client.getConnectionStateListenable().addListener(this.connectionStateListener);
		synchronized (this.lock) {
			byte[] data = ZkNodeData.encode(this.properties);
			for (String name : this.nodeNames) {
				startNode(name, data);
			}
		}
	}

	/**
	 * Wait, bounded, until every node has been created once.
	 * @param timeout the longest time to wait
	 * @return whether all nodes were created within the timeout
	 */
	public boolean awaitRegistered(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		List<PersistentNode> current;
		synchronized (this.lock) {
			if (this.state.get() != State.STARTED) {
				return false;
			}
			current = new ArrayList<>(this.nodes.values());
		}
		try {
			for (PersistentNode node : current) {
				long remaining = Math.max(0, deadline - System.nanoTime());
				if (!node.waitForInitialCreate(remaining, TimeUnit.NANOSECONDS)) {
					return false;
				}
			}
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (IllegalStateException ex) {
			return false;
		}
	}

	/**
	 * Return the node names, {@code host:port}, this registration keeps under its path.
	 * @return the node names
	 */
	public List<String> nodeNames() {
		return this.nodeNames;
	}

	/**
	 * Return the full paths of the nodes this registration keeps.
	 * @return the node paths
	 */
	public List<String> nodePaths() {
		return this.nodeNames.stream().map((name) -> ZKPaths.makePath(this.path, name)).toList();
	}

	/**
	 * Return the path under which the server is registered.
	 * @return the path
	 */
	public String path() {
		return this.path;
	}

	/**
	 * Return the properties written as node data.
	 * @return a snapshot of the properties
	 */
	public Map<String, @Nullable Object> properties() {
		synchronized (this.lock) {
			return Collections.unmodifiableMap(new LinkedHashMap<>(this.properties));
		}
	}

	/**
	 * Set or remove a property of the nodes (for example {@code monitor} once a monitoring endpoint's
	 * address is known) and write the new data to ZooKeeper.
	 * @param name the property name, not {@code pid}
	 * @param value the value, or {@code null} to remove the property
	 */
	public void setProperty(String name, @Nullable Object value) {
		Objects.requireNonNull(name, "'name' must not be null");
		if (PID.equals(name)) {
			throw new IllegalArgumentException("The pid property cannot be changed");
		}
		synchronized (this.lock) {
			if (value == null) {
				this.properties.remove(name);
			}
			else {
				this.properties.put(name, value);
			}
			byte[] data = ZkNodeData.encode(this.properties);
			if (this.state.get() != State.STARTED) {
				return;
			}
			for (String nodeName : this.nodeNames) {
				PersistentNode node = this.nodes.get(nodeName);
				if (node != null && node.getActualPath() != null) {
					try {
						node.setData(data);
						continue;
					}
					catch (Exception ex) {
						logger.warn("Could not update {} at {}{}: {}", nodeName, this.connectString, this.path,
								ex.toString());
					}
				}
				if (node != null) {
					try {
						node.close();
					}
					catch (IOException | RuntimeException ex) {
						logger.warn("Could not replace {} at {}{}: {}", nodeName, this.connectString, this.path,
								ex.toString());
					}
				}
				startNode(nodeName, data);
			}
		}
	}

	/**
	 * Remove the nodes now. When ZooKeeper is unreachable the removal continues in the background and
	 * the nodes disappear at the latest when the session ends. Never throws.
	 */
	@Override
	public void close() {
		if (!this.state.compareAndSet(State.STARTED, State.CLOSED)) {
			this.state.set(State.CLOSED);
			return;
		}
		this.client.getConnectionStateListenable().removeListener(this.connectionStateListener);
		Map<String, PersistentNode> toClose;
		synchronized (this.lock) {
			toClose = new LinkedHashMap<>(this.nodes);
			this.nodes.clear();
		}
		if (this.client.getZookeeperClient().isConnected()) {
			toClose.forEach(this::closeQuietly);
			return;
		}
		logger.warn("ZooKeeper at {} is not reachable; {} will leave {} when the session ends", this.connectString,
				this.nodeNames, this.path);
		Thread closer = new Thread(() -> toClose.forEach(this::closeQuietly), "zkzeo-unregister");
		closer.setDaemon(true);
		closer.start();
	}

	private void startNode(String name, byte[] data) {
		PersistentNode node = new PersistentNode(this.client, CreateMode.EPHEMERAL, false,
				ZKPaths.makePath(this.path, name), data, false);
		node.getListenable()
			.addListener((createdPath) -> logger.info("Registered {} at {}{}", name, this.connectString, this.path));
		this.nodes.put(name, node);
		node.start();
	}

	private void closeQuietly(String name, PersistentNode node) {
		try {
			node.close();
			logger.info("Unregistered {} at {}{}", name, this.connectString, this.path);
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Could not remove {} at {}{}: {}", name, this.connectString, this.path, ex.toString());
		}
	}

	private void ensurePath() {
		try {
			if (!this.client.blockUntilConnected((int) Math.min(Integer.MAX_VALUE, this.startTimeout.toMillis()),
					TimeUnit.MILLISECONDS)) {
				logger.warn("ZooKeeper at {} not reachable within {}; {} will be registered at {} once it is",
						this.connectString, this.startTimeout, this.nodeNames, this.path);
				return;
			}
			if (this.client.checkExists().forPath(this.path) != null) {
				return;
			}
			if (!this.createPath) {
				throw new ZkPathNotFoundException(this.connectString, this.path);
			}
			try {
				this.client.create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT).forPath(this.path);
				logger.info("Created {} at {}", this.path, this.connectString);
			}
			catch (KeeperException.NodeExistsException ex) {
				// created concurrently by another server
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ZkException("Interrupted while checking " + this.path + " at " + this.connectString, ex);
		}
		catch (KeeperException.ConnectionLossException | KeeperException.SessionExpiredException ex) {
			logger.warn("Lost ZooKeeper at {} while checking {}; {} will be registered once it is back",
					this.connectString, this.path, this.nodeNames);
		}
		catch (ZkException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new ZkException("Cannot check or create " + this.path + " at " + this.connectString + ": " + ex,
					ex);
		}
	}

	private void connectionStateChanged(CuratorFramework client, ConnectionState newState) {
		switch (newState) {
			case SUSPENDED, LOST -> logger.warn("ZooKeeper connection {} at {}; registration of {} at {} will be restored",
					newState, this.connectString, this.nodeNames, this.path);
			case RECONNECTED -> logger.info("ZooKeeper connection RECONNECTED at {}; restoring {} at {}",
					this.connectString, this.nodeNames, this.path);
			default -> {
			}
		}
	}

	/**
	 * Builder of {@link ZkRegistration}.
	 */
	public static final class Builder {

		private final CuratorFramework client;

		private @Nullable String path;

		private @Nullable InetSocketAddress address;

		private @Nullable String connectString;

		private @Nullable String monitor;

		private final Map<String, Object> properties = new LinkedHashMap<>();

		private boolean createPath;

		private Duration startTimeout = ZooKeeperOptions.DEFAULT_CONNECTION_TIMEOUT;

		private long pid = ProcessHandle.current().pid();

		private Builder(CuratorFramework client) {
			this.client = Objects.requireNonNull(client, "'client' must not be null");
		}

		/**
		 * Set the path under which to register.
		 * @param path an absolute ZooKeeper path
		 * @return this builder
		 */
		public Builder path(String path) {
			this.path = path;
			return this;
		}

		/**
		 * Set the address the server is bound to, with its real (possibly OS-assigned) port. A wildcard
		 * or empty host registers every non-loopback IPv4 address of this machine.
		 * @param address the bound address
		 * @return this builder
		 */
		public Builder address(InetSocketAddress address) {
			this.address = address;
			return this;
		}

		/**
		 * Set the connect string shown in log and error messages (defaults to the client's).
		 * @param connectString the connect string
		 * @return this builder
		 */
		public Builder connectString(String connectString) {
			this.connectString = connectString;
			return this;
		}

		/**
		 * Set the {@code monitor} property: the address of the server's monitoring endpoint.
		 * @param monitor the monitor address, or {@code null} for none
		 * @return this builder
		 */
		public Builder monitor(@Nullable String monitor) {
			this.monitor = monitor;
			return this;
		}

		/**
		 * Add a property to the node data (a JSON-compatible value).
		 * @param name the property name
		 * @param value the value
		 * @return this builder
		 */
		public Builder property(String name, Object value) {
			this.properties.put(Objects.requireNonNull(name, "'name' must not be null"),
					Objects.requireNonNull(value, "'value' must not be null"));
			return this;
		}

		/**
		 * Set whether a missing path is created (persistent) instead of failing {@link #start()}.
		 * @param createPath whether to create the path
		 * @return this builder
		 */
		public Builder createPath(boolean createPath) {
			this.createPath = createPath;
			return this;
		}

		/**
		 * Set how long {@link ZkRegistration#start()} waits for ZooKeeper to check the path before it
		 * continues in the background.
		 * @param startTimeout the bound of the wait
		 * @return this builder
		 */
		public Builder startTimeout(Duration startTimeout) {
			this.startTimeout = Objects.requireNonNull(startTimeout, "'startTimeout' must not be null");
			return this;
		}

		/**
		 * Set the process id written as {@code pid} (defaults to this process's).
		 * @param pid the process id
		 * @return this builder
		 */
		public Builder pid(long pid) {
			this.pid = pid;
			return this;
		}

		/**
		 * Build the registration; call {@link ZkRegistration#start()} to register.
		 * @return the registration
		 */
		public ZkRegistration build() {
			return new ZkRegistration(this);
		}

	}

}
