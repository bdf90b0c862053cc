package io.zkzeo.zookeeper;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.zkzeo.protocol.ClientDisconnectedException;
import io.zkzeo.server.ServerOptions;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.memory.MemoryStorage;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.KillSession;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.zkzeo.storage.conformance.TestCommits.commit;
import static io.zkzeo.storage.conformance.TestCommits.store;
import static io.zkzeo.zookeeper.ZkZeoServerIntegrationTests.clientOptions;
import static io.zkzeo.zookeeper.ZkZeoServerIntegrationTests.memoryStorage;
import static io.zkzeo.zookeeper.ZooKeeperTestSupport.await;
import static io.zkzeo.zookeeper.ZooKeeperTestSupport.connect;
import static io.zkzeo.zookeeper.ZooKeeperTestSupport.options;
import static org.assertj.core.api.Assertions.assertThat;

class ZkClientStorageIntegrationTests {

	private static final String PATH = "/databases/demo";

	private TestingServer zooKeeper;

	private CuratorFramework observer;

	private final List<AutoCloseable> resources = new ArrayList<>();

	@BeforeEach
	void startZooKeeper() throws Exception {
		this.zooKeeper = ZooKeeperTestSupport.startServer();
		this.observer = connect(options(this.zooKeeper.getConnectString()));
		this.observer.create().creatingParentsIfNeeded().forPath(PATH);
	}

	@AfterEach
	void stopZooKeeper() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
		this.observer.close();
		this.zooKeeper.close();
	}

	@Test
	void clientShouldFollowServersAddedAndRemovedInZooKeeper() throws Exception {
		MemoryStorage storageA = memoryStorage("1");
		ZkZeoServer serverA = track(ZkZeoServer.of(ServerOptions.of(storageA), zkOptions()).start());
		ZkClientStorage client = track(new ZkClientStorage(clientOptions(), zkOptions()));
		assertThat(client.getServerAddress().getPort()).isEqualTo(serverA.boundAddress().getPort());
		Oid oid = client.newOid();
		commit(client, "on A", store(oid, Tid.ZERO, bytes("from A")));
		assertThat(storageA.load(oid).data()).isEqualTo(bytes("from A"));
		MemoryStorage storageB = memoryStorage("1");
		// B is at a later transaction than A, so the client's cache may move to it
		commit(storageB, "on B", store(oid, Tid.ZERO, bytes("from B")));
		ZkZeoServer serverB = track(ZkZeoServer.of(ServerOptions.of(storageB), zkOptions()).start());
		await("the client knows both servers", () -> client.getAddresses().size() == 2);
		serverA.close();
		await("the client moved to B", () -> client.isConnected()
				&& client.getServerAddress().getPort() == serverB.boundAddress().getPort());
		assertThat(loadRetryingOnce(client, oid)).isEqualTo(bytes("from B"));
		Tid tid = commitRetryingOnce(client, oid);
		assertThat(storageB.load(oid).serial()).isEqualTo(tid);
	}

	@Test
	void clientWithNoServerRegisteredShouldWaitAndProceedOnceOneAppears() throws Exception {
		ZkClientStorage client = track(new ZkClientStorage(clientOptions().withWaitForConnection(false), zkOptions()));
		await("the watcher has loaded the empty path", () -> client.watcher().isInitialized());
		assertThat(client.isConnected()).isFalse();
		assertThat(client.getAddresses()).isEmpty();
		CompletableFuture<Oid> waiting = CompletableFuture.supplyAsync(client::newOid);
		MemoryStorage storage = memoryStorage("1");
		ZkZeoServer server = track(ZkZeoServer.of(ServerOptions.of(storage), zkOptions()).start());
		Oid oid = waiting.get(ZooKeeperTestSupport.WAIT.toSeconds(), TimeUnit.SECONDS);
		assertThat(client.getServerAddress().getPort()).isEqualTo(server.boundAddress().getPort());
		commit(client, "after waiting", store(oid, Tid.ZERO, bytes("late")));
		assertThat(storage.load(oid).data()).isEqualTo(bytes("late"));
	}

	@Test
	void expiryOfServerSessionShouldRestoreNodeAndLeaveClientUndisturbed() throws Exception {
		CuratorFramework serverClient = track(connect(options(this.zooKeeper.getConnectString())));
		MemoryStorage storage = memoryStorage("1");
		ZkZeoServer server = track(ZkZeoServer.of(ServerOptions.of(storage), zkOptions(), serverClient).start());
		assertThat(server.awaitRegistered(ZooKeeperTestSupport.WAIT)).isTrue();
		ZkClientStorage client = track(new ZkClientStorage(clientOptions(), zkOptions()));
		Oid oid = client.newOid();
		Tid first = commit(client, "before expiry", store(oid, Tid.ZERO, bytes("1")));
		String nodePath = PATH + "/" + server.nodeNames().get(0);
		long oldSession = this.observer.checkExists().forPath(nodePath).getEphemeralOwner();
		KillSession.kill(serverClient.getZookeeperClient().getZooKeeper());
		await("the node is restored in a new session", () -> {
			Stat stat = statOf(nodePath);
			return stat != null && stat.getEphemeralOwner() != oldSession;
		});
		Tid second = commit(client, "after expiry", store(oid, first, bytes("2")));
		assertThat(client.load(oid).data()).isEqualTo(bytes("2"));
		assertThat(storage.load(oid).serial()).isEqualTo(second);
		assertThat(client.getServerAddress().getPort()).isEqualTo(server.boundAddress().getPort());
	}

	@Test
	void closeShouldCloseWatcherAndClient() throws Exception {
		ZkZeoServer server = track(ZkZeoServer.of(ServerOptions.of(memoryStorage("1")), zkOptions()).start());
		ZkClientStorage client = new ZkClientStorage(clientOptions(), zkOptions());
		assertThat(client.isConnected()).isTrue();
		client.close();
		assertThat(client.isConnected()).isFalse();
		int before = client.getAddresses().size();
		track(ZkZeoServer.of(ServerOptions.of(memoryStorage("1")), zkOptions()).start()).awaitRegistered(ZooKeeperTestSupport.WAIT);
		assertThat(this.observer.getChildren().forPath(PATH)).hasSize(2);
		assertThat(client.getAddresses()).hasSize(before);
		assertThat(server.isRunning()).isTrue();
	}

	private static byte[] loadRetryingOnce(ZkClientStorage client, Oid oid) {
		try {
			return client.load(oid).data();
		}
		catch (ClientDisconnectedException ex) {
			return client.load(oid).data();
		}
	}

	private static Tid commitRetryingOnce(ZkClientStorage client, Oid oid) {
		try {
			return commit(client, "on B", store(oid, client.load(oid).serial(), bytes("again")));
		}
		catch (ClientDisconnectedException ex) {
			return commit(client, "on B, retried", store(oid, client.load(oid).serial(), bytes("again")));
		}
	}

	private Stat statOf(String path) {
		try {
			return this.observer.checkExists().forPath(path);
		}
		catch (Exception ex) {
			return null;
		}
	}

	private ZooKeeperOptions zkOptions() {
		return options(this.zooKeeper.getConnectString()).withPath(PATH);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private <T extends AutoCloseable> T track(T resource) {
		this.resources.add(resource);
		return resource;
	}

}
