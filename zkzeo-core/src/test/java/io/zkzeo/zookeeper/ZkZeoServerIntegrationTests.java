package io.zkzeo.zookeeper;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.zkzeo.client.ClientOptions;
import io.zkzeo.client.ClientStorage;
import io.zkzeo.server.ServerOptions;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.file.FileStorage;
import io.zkzeo.storage.memory.MemoryStorage;
import io.zkzeo.storage.memory.MemoryStorageOptions;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.zkzeo.storage.conformance.TestCommits.commit;
import static io.zkzeo.storage.conformance.TestCommits.store;
import static io.zkzeo.zookeeper.ZooKeeperTestSupport.await;
import static io.zkzeo.zookeeper.ZooKeeperTestSupport.connect;
import static io.zkzeo.zookeeper.ZooKeeperTestSupport.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ZkZeoServerIntegrationTests {

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
	void startShouldRegisterBoundPortAndClientFoundThroughZooKeeperShouldCommitAndLoad(@TempDir Path dir)
			throws Exception {
		FileStorage storage = FileStorage.open(dir.resolve("Data.fs"));
		ZkZeoServer server = track(ZkZeoServer
			.of(ServerOptions.builder().storage("1", storage).closeStorages(true).build(), zkOptions()).start());
		assertThat(server.awaitRegistered(ZooKeeperTestSupport.WAIT)).isTrue();
		String name = "127.0.0.1:" + server.boundAddress().getPort();
		assertThat(server.boundAddress().getPort()).isPositive();
		assertThat(this.observer.getChildren().forPath(PATH)).containsExactly(name);
		assertThat(new String(this.observer.getData().forPath(PATH + "/" + name), StandardCharsets.UTF_8))
			.isEqualTo("{\"pid\":" + ProcessHandle.current().pid() + "}");
		ZkClientStorage client = track(new ZkClientStorage(clientOptions(), zkOptions()));
		assertThat(client.getServerAddress().getPort()).isEqualTo(server.boundAddress().getPort());
		Oid oid = client.newOid();
		Tid tid = commit(client, "through zookeeper", store(oid, Tid.ZERO, "hello".getBytes(StandardCharsets.UTF_8)));
		assertThat(client.load(oid).data()).asString(StandardCharsets.UTF_8).isEqualTo("hello");
		assertThat(storage.load(oid).serial()).isEqualTo(tid);
	}

	@Test
	void closeShouldRemoveNodeBeforeServerStopsAccepting() throws Exception {
		ZkZeoServer server = track(ZkZeoServer.of(ServerOptions.of(memoryStorage("1")), zkOptions()).start());
		assertThat(server.awaitRegistered(ZooKeeperTestSupport.WAIT)).isTrue();
		InetSocketAddress bound = server.boundAddress();
		String nodePath = PATH + "/127.0.0.1:" + bound.getPort();
		List<Boolean> acceptingWhenDeleted = new ArrayList<>();
		this.observer.checkExists().usingWatcher((org.apache.zookeeper.Watcher) (event) -> {
			if (event.getType() == org.apache.zookeeper.Watcher.Event.EventType.NodeDeleted) {
				synchronized (acceptingWhenDeleted) {
					acceptingWhenDeleted.add(accepts(bound));
				}
			}
		}).forPath(nodePath);
		server.close();
		await("the node deletion is seen", () -> {
			synchronized (acceptingWhenDeleted) {
				return !acceptingWhenDeleted.isEmpty();
			}
		});
		assertThat(this.observer.checkExists().forPath(nodePath)).isNull();
		assertThat(server.isRunning()).isFalse();
		assertThat(accepts(bound)).isFalse();
	}

	@Test
	void withoutPathShouldRunPlainUnregisteredServer() throws Exception {
		MemoryStorage storage = memoryStorage("1");
		ZkZeoServer server = track(ZkZeoServer.of(ServerOptions.of(storage), null).start());
		assertThat(server.isRegistered()).isFalse();
		assertThat(server.nodeNames()).isEmpty();
		assertThat(this.observer.getChildren().forPath(PATH)).isEmpty();
		ClientStorage client = track(new ClientStorage(clientOptions().withAddresses(List.of(server.boundAddress()))));
		Oid oid = client.newOid();
		commit(client, "plain", store(oid, Tid.ZERO, new byte[] { 1, 2, 3 }));
		assertThat(storage.load(oid).data()).containsExactly(1, 2, 3);
	}

	@Test
	void missingPathShouldFailStartNamingPathAndCloseServer() {
		MemoryStorage storage = memoryStorage("1");
		ZkZeoServer server = track(ZkZeoServer.of(ServerOptions.of(storage), zkOptions().withPath("/no/such/path")));
		assertThatExceptionOfType(ZkPathNotFoundException.class).isThrownBy(server::start)
			.withMessageContaining("/no/such/path");
		assertThat(server.isRunning()).isFalse();
	}

	@Test
	void serverShouldKeepServingWhileZooKeeperIsDownAndRegisterOnceItIsBack() throws Exception {
		MemoryStorage storage = memoryStorage("1");
		ZkZeoServer server = track(ZkZeoServer.of(ServerOptions.of(storage), zkOptions()).start());
		assertThat(server.awaitRegistered(ZooKeeperTestSupport.WAIT)).isTrue();
		ClientStorage client = track(new ClientStorage(clientOptions().withAddresses(List.of(server.boundAddress()))));
		this.zooKeeper.stop();
		Oid oid = client.newOid();
		commit(client, "while zookeeper is down", store(oid, Tid.ZERO, new byte[] { 7 }));
		assertThat(client.load(oid).data()).containsExactly(7);
		assertThat(server.isRunning()).isTrue();
		this.zooKeeper.restart();
		String nodePath = PATH + "/127.0.0.1:" + server.boundAddress().getPort();
		await("the node is there after ZooKeeper is back", () -> exists(nodePath));
	}

	private boolean exists(String path) {
		try {
			return this.observer.checkExists().forPath(path) != null;
		}
		catch (Exception ex) {
			return false;
		}
	}

	private static boolean accepts(InetSocketAddress address) {
		try (Socket socket = new Socket()) {
			socket.connect(address, 2_000);
			return true;
		}
		catch (java.io.IOException ex) {
			return false;
		}
	}

	private ZooKeeperOptions zkOptions() {
		return options(this.zooKeeper.getConnectString()).withPath(PATH);
	}

	static ClientOptions clientOptions() {
		return ClientOptions.defaults().withWaitTimeout(Duration.ofSeconds(10)).withMaxDisconnectPoll(Duration.ofSeconds(1));
	}

	static MemoryStorage memoryStorage(String name) {
		return new MemoryStorage(MemoryStorageOptions.defaults().withName(name));
	}

	private <T extends AutoCloseable> T track(T resource) {
		this.resources.add(resource);
		return resource;
	}

}
