package io.zkzeo.zookeeper;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.zkzeo.zookeeper.ZooKeeperTestSupport.await;
import static io.zkzeo.zookeeper.ZooKeeperTestSupport.connect;
import static io.zkzeo.zookeeper.ZooKeeperTestSupport.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ZkAddressWatcherIntegrationTests {

	private static final String PATH = "/databases/demo";

	private TestingServer server;

	private CuratorFramework serverClient;

	private CuratorFramework clientSide;

	private final List<List<InetSocketAddress>> received = new CopyOnWriteArrayList<>();

	@BeforeEach
	void startZooKeeper() throws Exception {
		this.server = ZooKeeperTestSupport.startServer();
		this.serverClient = connect(options(this.server.getConnectString()));
		this.clientSide = connect(options(this.server.getConnectString()));
	}

	@AfterEach
	void stopZooKeeper() throws Exception {
		this.clientSide.close();
		this.serverClient.close();
		this.server.close();
	}

	@Test
	void watcherShouldFollowServersComingAndGoing() throws Exception {
		this.serverClient.create().creatingParentsIfNeeded().forPath(PATH);
		try (ZkAddressWatcher watcher = new ZkAddressWatcher(this.clientSide, PATH, this.received::add)) {
			watcher.start();
			await("the initial empty list arrives", () -> this.received.size() == 1);
			assertThat(this.received.get(0)).isEmpty();
			ZkRegistration first = register(8100);
			await("the first server is seen", () -> last().equals(List.of(address(8100))));
			ZkRegistration second = register(8200);
			await("both servers are seen", () -> last().equals(List.of(address(8100), address(8200))));
			first.close();
			await("the first server is gone", () -> last().equals(List.of(address(8200))));
			second.close();
			await("no server is left", () -> last().isEmpty());
			assertThat(watcher.currentAddresses()).isEmpty();
			assertThat(this.received).allSatisfy((list) -> assertThat(list).allSatisfy(
					(address) -> assertThat(address.isUnresolved()).isTrue()));
		}
	}

	@Test
	void watcherShouldSkipChildrenThatAreNotHostAndPort() throws Exception {
		this.serverClient.create().creatingParentsIfNeeded().forPath(PATH + "/providers");
		this.serverClient.create().forPath(PATH + "/127.0.0.1:notaport");
		this.serverClient.create().forPath(PATH + "/10.1.2.3:8100");
		try (ZkAddressWatcher watcher = new ZkAddressWatcher(this.clientSide, PATH, this.received::add)) {
			watcher.start();
			await("the initial list arrives", () -> !this.received.isEmpty());
			assertThat(last()).containsExactly(InetSocketAddress.createUnresolved("10.1.2.3", 8100));
			this.serverClient.create().forPath(PATH + "/providers/10.9.9.9:1");
			this.serverClient.create().forPath(PATH + "/[::1]:8300");
			await("the IPv6 server is seen", () -> last().size() == 2);
			assertThat(last()).containsExactly(InetSocketAddress.createUnresolved("10.1.2.3", 8100),
					InetSocketAddress.createUnresolved("::1", 8300));
		}
	}

	@Test
	void watcherShouldOnlyCallConsumerWhenAddressesChange() throws Exception {
		this.serverClient.create().creatingParentsIfNeeded().forPath(PATH);
		try (ZkAddressWatcher watcher = new ZkAddressWatcher(this.clientSide, PATH, this.received::add)) {
			watcher.start();
			ZkRegistration registration = register(8100);
			await("the server is seen", () -> last().equals(List.of(address(8100))));
			int calls = this.received.size();
			registration.setProperty("monitor", "127.0.0.1:9000");
			this.serverClient.create().forPath(PATH + "/10.0.0.1:8101");
			await("the second server is seen", () -> last().size() == 2);
			assertThat(this.received).hasSize(calls + 1);
			registration.close();
		}
	}

	@Test
	void watcherOnMissingPathShouldHandOverEmptyListAndFollowOnceCreated() throws Exception {
		try (ZkAddressWatcher watcher = new ZkAddressWatcher(this.clientSide, PATH, this.received::add)) {
			watcher.start();
			await("the initial list arrives", () -> !this.received.isEmpty());
			assertThat(last()).isEmpty();
			this.serverClient.create().creatingParentsIfNeeded().forPath(PATH + "/10.0.0.1:8100");
			await("the server is seen", () -> last().equals(List.of(InetSocketAddress.createUnresolved("10.0.0.1", 8100))));
		}
	}

	@Test
	void serverListShouldReadNamesAddressesAndProperties() throws Exception {
		this.serverClient.create().creatingParentsIfNeeded().forPath(PATH);
		this.serverClient.create()
			.forPath(PATH + "/10.0.0.1:8100", "{\"monitor\":\"10.0.0.1:9000\",\"pid\":5082}".getBytes(StandardCharsets.UTF_8));
		this.serverClient.create().forPath(PATH + "/notes", "hello".getBytes(StandardCharsets.UTF_8));
		ZkRegistration registration = register(8200);
		List<RegisteredServer> servers = ZkServerList.read(this.clientSide, PATH);
		assertThat(servers).extracting(RegisteredServer::name).containsExactly("10.0.0.1:8100", "127.0.0.1:8200", "notes");
		assertThat(servers.get(0).address()).isEqualTo(InetSocketAddress.createUnresolved("10.0.0.1", 8100));
		assertThat(servers.get(0).properties()).containsEntry("monitor", "10.0.0.1:9000").containsEntry("pid", 5082L);
		assertThat(servers.get(0).ephemeral()).isFalse();
		assertThat(servers.get(1).ephemeral()).isTrue();
		assertThat(servers.get(1).properties()).containsEntry("pid", ProcessHandle.current().pid());
		assertThat(servers.get(2).address()).isNull();
		assertThat(servers.get(2).properties()).containsExactly(java.util.Map.entry("string_value", "hello"));
		registration.close();
		assertThatExceptionOfType(ZkPathNotFoundException.class)
			.isThrownBy(() -> ZkServerList.read(this.clientSide, "/databases/other"))
			.withMessageContaining("/databases/other")
			.withMessageContaining(this.server.getConnectString());
	}

	private ZkRegistration register(int port) {
		ZkRegistration registration = ZkRegistration.builder(this.serverClient, PATH)
			.address(new InetSocketAddress("127.0.0.1", port))
			.build();
		registration.start();
		assertThat(registration.awaitRegistered(ZooKeeperTestSupport.WAIT)).isTrue();
		return registration;
	}

	private List<InetSocketAddress> last() {
		return this.received.isEmpty() ? List.of() : this.received.get(this.received.size() - 1);
	}

	private static InetSocketAddress address(int port) {
		return InetSocketAddress.createUnresolved("127.0.0.1", port);
	}

}
