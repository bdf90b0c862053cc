package io.zkzeo.spring.actuate;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.zkzeo.client.CacheStatistics;
import io.zkzeo.client.ClientStorage;
import io.zkzeo.db.DB;
import io.zkzeo.server.StorageServer;
import io.zkzeo.server.StorageStatus;
import io.zkzeo.storage.Tid;
import io.zkzeo.zookeeper.ZkRegistration;
import org.apache.curator.framework.CuratorFramework;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code zkzeo} Actuator endpoint: for each served storage its counters (connections, loads, stores,
 * commits, aborts, conflicts, last transaction and its time, commit-lock hold and wait times), the
 * ZooKeeper connection and the registered nodes, and the client storage's connection.
 */
@Endpoint(id = "zkzeo")
public class ZkzeoEndpoint {

	private final ZkzeoComponents components;

	/**
	 * Creates the endpoint.
	 * @param components the parts to report on
	 */
	public ZkzeoEndpoint(ZkzeoComponents components) {
		this.components = components;
	}

	/**
	 * Reports the current state.
	 * @return the report
	 */
	@ReadOperation
	public ZkzeoDescriptor zkzeo() {
		return new ZkzeoDescriptor(zooKeeper(this.components.curator()),
				server(this.components.server(), this.components.registration()),
				client(this.components.client(), this.components.db()));
	}

	private static @Nullable ZooKeeperDescriptor zooKeeper(@Nullable CuratorFramework curator) {
		if (curator == null) {
			return null;
		}
		return new ZooKeeperDescriptor(curator.getZookeeperClient().getCurrentConnectionString(),
				curator.getState().name(), curator.getZookeeperClient().isConnected());
	}

	private static @Nullable ServerDescriptor server(@Nullable StorageServer server,
			@Nullable ZkRegistration registration) {
		if (server == null) {
			return null;
		}
		Map<String, StorageDescriptor> storages = new LinkedHashMap<>();
		if (server.isRunning()) {
			server.status().storages().forEach((name, status) -> storages.put(name, StorageDescriptor.of(status)));
		}
		RegistrationDescriptor registered = (registration != null)
				? new RegistrationDescriptor(registration.path(), registration.nodePaths(),
						registration.properties())
				: null;
		return new ServerDescriptor(address(server.boundAddress()), server.isRunning(), server.options().readOnly(),
				registered, storages);
	}

	private static @Nullable ClientDescriptor client(@Nullable ClientStorage client, @Nullable DB db) {
		if (client == null) {
			return null;
		}
		InetSocketAddress server = client.getServerAddress();
		Tid last = client.isConnected() ? client.lastTransaction() : null;
		CacheStatistics cache = client.cacheStatistics();
		return new ClientDescriptor(client.getName(), client.isConnected(), (server != null) ? address(server) : null,
				client.getAddresses().stream().map(ZkzeoEndpoint::address).toList(),
				(last != null) ? last.toString() : null, (last != null) ? time(last) : null, cache.hits(),
				cache.misses(), cache.bytes(), (db != null) ? db.openConnectionCount() : 0,
				(db != null) ? db.conflictCount() : 0);
	}

	static String address(InetSocketAddress address) {
		return address.getHostString() + ":" + address.getPort();
	}

	static @Nullable String time(Tid tid) {
		return Tid.ZERO.equals(tid) ? null : tid.toInstant().toString();
	}

	static double seconds(Duration duration) {
		return duration.toNanos() / 1e9;
	}

	/**
	 * The endpoint's answer.
	 *
	 * @param zookeeper the ZooKeeper connection, or {@code null} when none is used
	 * @param server the storage server, or {@code null} when none runs here
	 * @param client the client storage, or {@code null} when none runs here
	 */
	public record ZkzeoDescriptor(@Nullable ZooKeeperDescriptor zookeeper, @Nullable ServerDescriptor server,
			@Nullable ClientDescriptor client) implements OperationResponseBody {

	}

	/**
	 * The ZooKeeper connection.
	 *
	 * @param connectString the ensemble
	 * @param state the client's state ({@code STARTED}, {@code STOPPED})
	 * @param connected whether a session is connected now
	 */
	public record ZooKeeperDescriptor(String connectString, String state, boolean connected) {

	}

	/**
	 * The storage server.
	 *
	 * @param address the address it listens on
	 * @param running whether it serves
	 * @param readOnly whether it refuses writes
	 * @param registration its ZooKeeper registration, or {@code null} when not registered
	 * @param storages the served storages by name
	 */
	public record ServerDescriptor(String address, boolean running, boolean readOnly,
			@Nullable RegistrationDescriptor registration, Map<String, StorageDescriptor> storages) {

	}

	/**
	 * A server's ZooKeeper registration.
	 *
	 * @param path the path registered under
	 * @param nodes the full paths of the registered nodes
	 * @param properties the node data (pid, monitor URL)
	 */
	public record RegistrationDescriptor(String path, List<String> nodes, Map<String, @Nullable Object> properties) {

	}

	/**
	 * One served storage.
	 *
	 * @param connections clients connected now
	 * @param loads loads served
	 * @param stores stores received
	 * @param commits transactions committed
	 * @param aborts transactions aborted
	 * @param activeTransactions transactions open now
	 * @param conflicts conflicts reported to clients
	 * @param conflictsResolved conflicts resolved by the storage
	 * @param lastTransaction the last committed tid, in hex
	 * @param lastTransactionTime when the last transaction committed, or {@code null} for an empty storage
	 * @param commitLockHeldSince when the current holder took the commit lock, or {@code null}
	 * @param commitLockWaiting votes waiting for the commit lock now
	 * @param commitLockAcquisitions how often the commit lock was taken ({@code -1} if unknown)
	 * @param commitLockWaitSeconds total time spent waiting for the commit lock
	 * @param commitLockHoldSeconds total time the commit lock was held
	 * @param started when the server started serving the storage
	 */
	public record StorageDescriptor(int connections, long loads, long stores, long commits, long aborts,
			int activeTransactions, long conflicts, long conflictsResolved, String lastTransaction,
			@Nullable String lastTransactionTime, @Nullable String commitLockHeldSince, int commitLockWaiting,
			long commitLockAcquisitions, double commitLockWaitSeconds, double commitLockHoldSeconds, String started) {

		static StorageDescriptor of(StorageStatus status) {
			Instant lockTime = status.lockTime();
			return new StorageDescriptor(status.connections(), status.loads(), status.stores(), status.commits(),
					status.aborts(), status.activeTransactions(), status.conflicts(), status.conflictsResolved(),
					status.lastTransaction().toString(), time(status.lastTransaction()),
					(lockTime != null) ? lockTime.toString() : null, status.waiting(), status.lockAcquisitions(),
					seconds(status.lockWait()), seconds(status.lockHold()), status.start().toString());
		}

	}

	/**
	 * The client storage and its database.
	 *
	 * @param storage the storage name
	 * @param connected whether a server is connected
	 * @param server the connected server, or {@code null}
	 * @param addresses the servers it may use, as ZooKeeper lists them
	 * @param lastTransaction the last transaction it has seen, in hex, or {@code null} while disconnected
	 * @param lastTransactionTime when that transaction committed, or {@code null}
	 * @param cacheHits loads answered by the cache
	 * @param cacheMisses loads sent to the server
	 * @param cacheBytes bytes held in the cache
	 * @param openConnections database connections in use
	 * @param conflicts database commits that failed with a conflict
	 */
	public record ClientDescriptor(String storage, boolean connected, @Nullable String server, List<String> addresses,
			@Nullable String lastTransaction, @Nullable String lastTransactionTime, long cacheHits, long cacheMisses,
			long cacheBytes, int openConnections, long conflicts) {

	}

}
