package io.zkzeo.reliability;

import java.nio.file.Path;
import java.time.Duration;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.data.Stat;
import org.jspecify.annotations.Nullable;

import io.zkzeo.server.ServerOptions;
import io.zkzeo.server.StorageServer;
import io.zkzeo.storage.file.FileStorage;
import io.zkzeo.zookeeper.ZkRegistration;
import io.zkzeo.zookeeper.ZooKeeperClientFactory;
import io.zkzeo.zookeeper.ZooKeeperOptions;

/**
 * A storage server over a FileStorage, registered in ZooKeeper with a Curator client of its own.
 */
final class RegisteredServer implements AutoCloseable {

	final FileStorage storage;

	final StorageServer server;

	final CuratorFramework zooKeeper;

	final ZkRegistration registration;

	/** The session timeout of the scenarios that expire sessions: short, so that each expiry ends soon. */
	static final Duration SHORT_SESSION = Duration.ofSeconds(2);

	RegisteredServer(Path file, String connectString, String path) {
		this(file, connectString, path, SHORT_SESSION);
	}

	RegisteredServer(Path file, String connectString, String path, Duration sessionTimeout) {
		this.storage = FileStorage.open(file);
		this.server = new StorageServer(ServerOptions.of(this.storage).withAddress("127.0.0.1", 0)).start();
		this.zooKeeper = ZooKeeperClientFactory.createStarted(ZooKeeperOptions.builder()
			.connectString(connectString)
			.sessionTimeout(sessionTimeout)
			.connectionTimeout(Duration.ofSeconds(5))
			.build());
		this.registration = ZkRegistration.builder(this.zooKeeper, path)
			.address(this.server.boundAddress())
			.createPath(true)
			.build();
		this.registration.start();
		if (!this.registration.awaitRegistered(Waiting.WAIT)) {
			throw new IllegalStateException("Not registered under " + path);
		}
	}

	String nodePath() {
		return this.registration.nodePaths().get(0);
	}

	long sessionId() throws Exception {
		return this.zooKeeper.getZookeeperClient().getZooKeeper().getSessionId();
	}

	/**
	 * Returns the session that holds the registration: the server's Curator client is connected in it and the node
	 * is its ephemeral. Only such a session can expire in ZooKeeper.
	 * @param observer another client, to look at the node
	 * @return the session id, or 0 while the registration is not held by the server's current session
	 */
	long sessionHoldingTheNode(CuratorFramework observer) {
		try {
			if (!this.zooKeeper.getZookeeperClient().isConnected()) {
				return 0;
			}
			long session = sessionId();
			Stat stat = nodeSeenBy(observer);
			return (session != 0 && stat != null && stat.getEphemeralOwner() == session) ? session : 0;
		}
		catch (Exception ex) {
			return 0;
		}
	}

	/** @return the node as another client sees it, or {@code null} if absent or ZooKeeper is unreachable */
	@Nullable Stat nodeSeenBy(CuratorFramework observer) {
		try {
			return observer.checkExists().forPath(nodePath());
		}
		catch (Exception ex) {
			return null;
		}
	}

	@Override
	public void close() {
		this.registration.close();
		this.zooKeeper.close();
		this.server.close();
		this.storage.close();
	}

}
