package io.zkzeo.zookeeper;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import io.zkzeo.client.ClientOptions;
import io.zkzeo.client.ClientStorage;
import io.zkzeo.protocol.ClientDisconnectedException;
import org.apache.curator.framework.CuratorFramework;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ClientStorage} whose servers are found in ZooKeeper, as {@code zc.zkzeo}'s client storage:
 * a {@link ZkAddressWatcher} on the registration path hands every change of the registered servers to
 * {@link #setAddresses}.
 *
 * <p>An empty list is not applied while a server is in use: that server stays in use until its own
 * connection ends, so a server briefly missing from ZooKeeper (its session expired and its node not yet
 * restored) does not interrupt clients. When no server is registered the watcher logs {@code No addresses from <connect-string path>} and
 * calls wait, each up to {@link ClientOptions#waitTimeout()}, for a server to appear instead of
 * failing at once; once one is registered, waiting calls proceed on it. The addresses in the given
 * client options are ignored: ZooKeeper is the only source. With
 * {@link ClientOptions#waitForConnection()} the constructor returns once connected (or throws
 * {@link ClientDisconnectedException} after the wait timeout, closing everything).
 *
 * <p>{@link #close()} stops the watcher, closes the client storage, then the ZooKeeper connection if
 * this storage made it.
 */
public final class ZkClientStorage extends ClientStorage {

	private static final Logger logger = LoggerFactory.getLogger(ZkClientStorage.class);

	private static final long CONNECT_POLL_MILLIS = 10;

	private final ZkAddressWatcher watcher;

	private final @Nullable CuratorFramework ownClient;

	private final String source;

	/**
	 * Create a client storage following the servers registered under the path of the ZooKeeper options,
	 * over a ZooKeeper connection of its own.
	 * @param clientOptions the client settings (their addresses are ignored)
	 * @param zooKeeperOptions where servers are registered; {@link ZooKeeperOptions#path()} must be set
	 * @throws ClientDisconnectedException if it must wait for a connection and none is made within the
	 * wait timeout
	 */
	public ZkClientStorage(ClientOptions clientOptions, ZooKeeperOptions zooKeeperOptions) {
		this(clientOptions, zooKeeperOptions, null);
	}

	/**
	 * Create a client storage following the servers registered under the path of the ZooKeeper options,
	 * over a Curator client owned by the caller (closed by the caller after this storage), or over a
	 * connection of its own when {@code client} is {@code null}.
	 * @param clientOptions the client settings (their addresses are ignored)
	 * @param zooKeeperOptions where servers are registered; {@link ZooKeeperOptions#path()} must be set
	 * @param client a started Curator client, or {@code null} to make one from the options
	 * @throws ClientDisconnectedException if it must wait for a connection and none is made within the
	 * wait timeout
	 */
	public ZkClientStorage(ClientOptions clientOptions, ZooKeeperOptions zooKeeperOptions,
			@Nullable CuratorFramework client) {
		super(clientOptions.withAddresses(List.of()).withWaitForConnection(false));
		String path = zooKeeperOptions.requiredPath();
		this.source = zooKeeperOptions.connectString() + path;
		CuratorFramework used = client;
		if (used == null) {
			used = ZooKeeperClientFactory.createStarted(zooKeeperOptions);
			this.ownClient = used;
		}
		else {
			this.ownClient = null;
		}
		this.watcher = new ZkAddressWatcher(used, path, zooKeeperOptions.connectString(), this::addressesChanged);
		try {
			this.watcher.start();
			if (clientOptions.waitForConnection() && !awaitConnected(clientOptions.waitTimeout())) {
				throw new ClientDisconnectedException("Timed out waiting for a connection to ZEO storage " + getName()
						+ " at servers registered in " + this.source + " (" + clientOptions.waitTimeout() + ")");
			}
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
	}

	private void addressesChanged(List<InetSocketAddress> addresses) {
		if (addresses.isEmpty() && isConnected()) {
			logger.info("Keeping ZEO server {} of storage {} while none is registered in {}", getServerAddress(),
					getName(), this.source);
			return;
		}
		setAddresses(addresses);
	}

	/**
	 * Wait, bounded, until a server connection is ready.
	 * @param timeout the longest time to wait
	 * @return whether connected within the timeout
	 */
	public boolean awaitConnected(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!isConnected()) {
			if (System.nanoTime() - deadline > 0) {
				return false;
			}
			try {
				Thread.sleep(CONNECT_POLL_MILLIS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return true;
	}

	/**
	 * Return the ZooKeeper connect string and path the servers are found at.
	 * @return {@code connect-string/path}
	 */
	public String source() {
		return this.source;
	}

	/**
	 * Return the watcher that feeds this storage's addresses.
	 * @return the watcher
	 */
	public ZkAddressWatcher watcher() {
		return this.watcher;
	}

	/**
	 * Stop following ZooKeeper, close the client storage, then the ZooKeeper connection made here.
	 */
	@Override
	public void close() {
		this.watcher.close();
		super.close();
		CuratorFramework client = this.ownClient;
		if (client != null) {
			client.close();
			logger.debug("Closed ZooKeeper connection to {}", this.source);
		}
	}

	@Override
	public String toString() {
		return "ZkClientStorage[" + getName() + " from " + this.source + ", "
				+ (isConnected() ? "connected to " + getServerAddress() : "disconnected") + "]";
	}

}
