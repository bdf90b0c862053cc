package io.zkzeo.zookeeper;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import io.zkzeo.server.ServerOptions;
import io.zkzeo.server.ServerStatus;
import io.zkzeo.server.StorageServer;
import io.zkzeo.storage.Storage;
import org.apache.curator.framework.CuratorFramework;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A ZEO storage server registered in ZooKeeper, as {@code zc.zkzeo}'s {@code zkrunzeo} runs it: the
 * storages of the {@link ServerOptions}, a {@link StorageServer} serving them, and a
 * {@link ZkRegistration} of the address the server is bound to.
 *
 * <p>{@link #start()} binds the server first and then registers the bound address (so an OS-assigned
 * port is what clients find); {@link #close()} removes the registration first, so clients stop
 * choosing this server before it stops accepting, then closes the server (and the storages when the
 * options say so), then the ZooKeeper connection if this object made it. Without a ZooKeeper path
 * the server runs unregistered, as {@code zc.zkzeo} does. While ZooKeeper is unreachable the server
 * keeps serving and the registration is made once ZooKeeper answers.
 */
public final class ZkZeoServer implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ZkZeoServer.class);

	private enum State {

		LATENT, STARTED, CLOSED

	}

	private final ServerOptions serverOptions;

	private final @Nullable ZooKeeperOptions zooKeeperOptions;

	private final @Nullable CuratorFramework suppliedClient;

	private final @Nullable String monitor;

	private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);

	private @Nullable StorageServer server;

	private @Nullable CuratorFramework ownClient;

	private @Nullable ZkRegistration registration;

	private ZkZeoServer(ServerOptions serverOptions, @Nullable ZooKeeperOptions zooKeeperOptions,
			@Nullable CuratorFramework client, @Nullable String monitor) {
		this.serverOptions = Objects.requireNonNull(serverOptions, "'serverOptions' must not be null");
		this.zooKeeperOptions = zooKeeperOptions;
		this.suppliedClient = client;
		this.monitor = monitor;
	}

	/**
	 * Create a server that registers under the path of the ZooKeeper options, over a ZooKeeper
	 * connection of its own; with no options or no path it is not registered.
	 * @param serverOptions the server settings, with the storages to serve already open
	 * @param zooKeeperOptions where to register, or {@code null} for an unregistered server
	 * @return the server, not yet started
	 */
	public static ZkZeoServer of(ServerOptions serverOptions, @Nullable ZooKeeperOptions zooKeeperOptions) {
		return new ZkZeoServer(serverOptions, zooKeeperOptions, null, null);
	}

	/**
	 * Create a server that registers over a Curator client owned by the caller (which closes it after
	 * this server).
	 * @param serverOptions the server settings, with the storages to serve already open
	 * @param zooKeeperOptions where to register; {@link ZooKeeperOptions#path()} must be set
	 * @param client a started Curator client
	 * @return the server, not yet started
	 */
	public static ZkZeoServer of(ServerOptions serverOptions, ZooKeeperOptions zooKeeperOptions,
			CuratorFramework client) {
		zooKeeperOptions.requiredPath();
		return new ZkZeoServer(serverOptions, zooKeeperOptions, Objects.requireNonNull(client, "'client' must not be null"),
				null);
	}

	/**
	 * Return a copy that publishes the given monitor address as the node's {@code monitor} property.
	 * @param monitor the monitor address, or {@code null} for none
	 * @return a new, not yet started server
	 */
	public ZkZeoServer withMonitor(@Nullable String monitor) {
		return new ZkZeoServer(this.serverOptions, this.zooKeeperOptions, this.suppliedClient, monitor);
	}

	/**
	 * Bind the server, then register its bound address. If registering fails (the path does not exist,
	 * ZooKeeper refuses), the server is closed again and the failure is thrown.
	 * @return this server
	 * @throws IllegalStateException if started before, or the address cannot be bound
	 * @throws ZkPathNotFoundException if ZooKeeper answers and the path does not exist
	 */
	public ZkZeoServer start() {
		if (!this.state.compareAndSet(State.LATENT, State.STARTED)) {
			throw new IllegalStateException("ZkZeoServer is already started");
		}
		try {
			StorageServer started = new StorageServer(this.serverOptions);
			this.server = started;
			started.start();
			if (isRegistered()) {
				register(started.boundAddress());
			}
			else {
				logger.info("ZEO server on {} is not registered in ZooKeeper (no path configured)",
						started.boundAddress());
			}
			return this;
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
	}

	private void register(InetSocketAddress bound) {
		ZooKeeperOptions options = Objects.requireNonNull(this.zooKeeperOptions);
		CuratorFramework client = this.suppliedClient;
		if (client == null) {
			client = ZooKeeperClientFactory.createStarted(options);
			this.ownClient = client;
		}
		ZkRegistration created = ZkRegistration.builder(client, options).address(bound).monitor(this.monitor).build();
		this.registration = created;
		created.start();
	}

	/**
	 * Return whether this server registers itself (a ZooKeeper path is configured).
	 * @return whether it is registered in ZooKeeper
	 */
	public boolean isRegistered() {
		return this.zooKeeperOptions != null && this.zooKeeperOptions.path() != null;
	}

	/**
	 * Wait, bounded, until the registration nodes exist.
	 * @param timeout the longest time to wait
	 * @return whether they were created within the timeout; {@code false} for an unregistered server
	 */
	public boolean awaitRegistered(Duration timeout) {
		ZkRegistration current = this.registration;
		return current != null && current.awaitRegistered(timeout);
	}

	/**
	 * Return the address the server is bound to.
	 * @return the bound address
	 * @throws IllegalStateException if not started
	 */
	public InetSocketAddress boundAddress() {
		StorageServer current = this.server;
		if (current == null) {
			throw new IllegalStateException("The server is not started");
		}
		return current.boundAddress();
	}

	/**
	 * Return the node names ({@code host:port}) registered for this server.
	 * @return the node names, empty when not registered
	 */
	public List<String> nodeNames() {
		ZkRegistration current = this.registration;
		return (current != null) ? current.nodeNames() : List.of();
	}

	/**
	 * Return the registration, for example to publish a {@code monitor} property later.
	 * @return the registration, or {@code null} when not registered or not started
	 */
	public @Nullable ZkRegistration registration() {
		return this.registration;
	}

	/**
	 * Return the storage server.
	 * @return the server
	 * @throws IllegalStateException if not started
	 */
	public StorageServer server() {
		StorageServer current = this.server;
		if (current == null) {
			throw new IllegalStateException("The server is not started");
		}
		return current;
	}

	/**
	 * Return the status of the served storages.
	 * @return the status
	 */
	public ServerStatus status() {
		return server().status();
	}

	/**
	 * Return whether the server is started and not closed.
	 * @return whether it is running
	 */
	public boolean isRunning() {
		StorageServer current = this.server;
		return this.state.get() == State.STARTED && current != null && current.isRunning();
	}

	/**
	 * Remove the registration, then close the server (and the storages if the server options say so),
	 * then the ZooKeeper connection made here. Storages of a server that never started are closed too
	 * when the options say so. Does nothing if already closed; never throws.
	 */
	@Override
	public void close() {
		State previous = this.state.getAndSet(State.CLOSED);
		if (previous == State.CLOSED) {
			return;
		}
		ZkRegistration currentRegistration = this.registration;
		if (currentRegistration != null) {
			currentRegistration.close();
		}
		StorageServer currentServer = this.server;
		if (currentServer != null) {
			currentServer.close();
		}
		else if (this.serverOptions.closeStorages()) {
			this.serverOptions.storages().values().forEach(ZkZeoServer::closeQuietly);
		}
		CuratorFramework client = this.ownClient;
		if (client != null) {
			client.close();
		}
	}

	private static void closeQuietly(Storage storage) {
		try {
			storage.close();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not close storage {}", storage.getName(), ex);
		}
	}

}
