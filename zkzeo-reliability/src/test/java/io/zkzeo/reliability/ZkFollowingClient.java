package io.zkzeo.reliability;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.curator.framework.CuratorFramework;

import io.zkzeo.client.ClientOptions;
import io.zkzeo.client.ClientStorage;
import io.zkzeo.zookeeper.ZkAddressWatcher;
import io.zkzeo.zookeeper.ZooKeeperClientFactory;
import io.zkzeo.zookeeper.ZooKeeperOptions;

/**
 * A client storage that follows the servers registered in ZooKeeper: a {@link ZkAddressWatcher} hands each
 * new address list to {@link ClientStorage#setAddresses}. An empty list (no server registered, or the
 * registrations gone while ZooKeeper is away) is counted and not handed on, so the client keeps its last
 * addresses.
 */
final class ZkFollowingClient implements AutoCloseable {

	final CuratorFramework zooKeeper;

	final ZkAddressWatcher watcher;

	final ClientStorage storage;

	final AtomicInteger addressChanges = new AtomicInteger();

	final AtomicInteger emptyListsIgnored = new AtomicInteger();

	private ZkFollowingClient(CuratorFramework zooKeeper, ZkAddressWatcher watcher, ClientStorage storage) {
		this.zooKeeper = zooKeeper;
		this.watcher = watcher;
		this.storage = storage;
	}

	/** Connects once the watcher sees at least one server. */
	static ZkFollowingClient start(String connectString, String path, Duration waitTimeout) {
		CuratorFramework zooKeeper = ZooKeeperClientFactory.createStarted(ZooKeeperOptions.builder()
			.connectString(connectString)
			.sessionTimeout(Duration.ofSeconds(2))
			.connectionTimeout(Duration.ofSeconds(5))
			.build());
		Holder holder = new Holder();
		ZkAddressWatcher watcher = new ZkAddressWatcher(zooKeeper, path, holder::accept);
		watcher.start();
		Waiting.await("a server is registered under " + path, () -> !watcher.currentAddresses().isEmpty());
		ClientStorage storage = new ClientStorage(ClientOptions
			.of(resolved(watcher.currentAddresses()).toArray(InetSocketAddress[]::new))
			.withWaitTimeout(waitTimeout)
			.withMaxDisconnectPoll(Duration.ofMillis(500)));
		ZkFollowingClient client = new ZkFollowingClient(zooKeeper, watcher, storage);
		holder.client = client;
		client.storage.setAddresses(resolved(watcher.currentAddresses()));
		return client;
	}

	private void addresses(List<InetSocketAddress> addresses) {
		if (addresses.isEmpty()) {
			this.emptyListsIgnored.incrementAndGet();
			return;
		}
		this.addressChanges.incrementAndGet();
		this.storage.setAddresses(resolved(addresses));
	}

	static List<InetSocketAddress> resolved(List<InetSocketAddress> addresses) {
		return addresses.stream().map((address) -> new InetSocketAddress(address.getHostString(), address.getPort()))
			.toList();
	}

	boolean awaitZooKeeper() throws InterruptedException {
		return this.zooKeeper.blockUntilConnected(30, TimeUnit.SECONDS);
	}

	@Override
	public void close() {
		this.storage.close();
		this.watcher.close();
		this.zooKeeper.close();
	}

	private static final class Holder {

		private volatile ZkFollowingClient client;

		void accept(List<InetSocketAddress> addresses) {
			ZkFollowingClient current = this.client;
			if (current != null) {
				current.addresses(addresses);
			}
		}

	}

}
