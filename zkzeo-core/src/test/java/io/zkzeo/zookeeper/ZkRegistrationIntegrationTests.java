package io.zkzeo.zookeeper;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.KillSession;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.zkzeo.zookeeper.ZooKeeperTestSupport.await;
import static io.zkzeo.zookeeper.ZooKeeperTestSupport.connect;
import static io.zkzeo.zookeeper.ZooKeeperTestSupport.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ZkRegistrationIntegrationTests {

	private static final String PATH = "/databases/demo";

	private TestingServer server;

	private CuratorFramework serverClient;

	private CuratorFramework observer;

	private ServerSocket socket;

	private ZkRegistration registration;

	@BeforeEach
	void startZooKeeper() throws Exception {
		this.server = ZooKeeperTestSupport.startServer();
		this.serverClient = connect(options(this.server.getConnectString()));
		this.observer = connect(options(this.server.getConnectString()));
		this.socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
	}

	@AfterEach
	void stopZooKeeper() throws Exception {
		if (this.registration != null) {
			this.registration.close();
		}
		this.socket.close();
		this.observer.close();
		this.serverClient.close();
		this.server.close();
	}

	@Test
	void startShouldCreateEphemeralNodeNamedByBoundOsAssignedPortWithPidJson() throws Exception {
		this.observer.create().creatingParentsIfNeeded().forPath(PATH);
		InetSocketAddress bound = (InetSocketAddress) this.socket.getLocalSocketAddress();
		this.registration = ZkRegistration.builder(this.serverClient, PATH).address(bound).build();
		this.registration.start();
		assertThat(this.registration.awaitRegistered(ZooKeeperTestSupport.WAIT)).isTrue();
		String name = "127.0.0.1:" + this.socket.getLocalPort();
		assertThat(this.observer.getChildren().forPath(PATH)).containsExactly(name);
		Stat stat = new Stat();
		byte[] data = this.observer.getData().storingStatIn(stat).forPath(PATH + "/" + name);
		assertThat(new String(data, StandardCharsets.UTF_8))
			.isEqualTo("{\"pid\":" + ProcessHandle.current().pid() + "}");
		assertThat(stat.getEphemeralOwner())
			.isEqualTo(this.serverClient.getZookeeperClient().getZooKeeper().getSessionId());
	}

	@Test
	void startShouldWriteMonitorAndExtraPropertiesAsCompactJson() throws Exception {
		this.observer.create().creatingParentsIfNeeded().forPath(PATH);
		this.registration = ZkRegistration.builder(this.serverClient, PATH)
			.address(new InetSocketAddress("127.0.0.1", this.socket.getLocalPort()))
			.monitor("127.0.0.1:11976")
			.property("storage", "1")
			.property("read-only", false)
			.pid(5082)
			.build();
		this.registration.start();
		assertThat(this.registration.awaitRegistered(ZooKeeperTestSupport.WAIT)).isTrue();
		byte[] data = this.observer.getData().forPath(this.registration.nodePaths().get(0));
		assertThat(new String(data, StandardCharsets.UTF_8))
			.isEqualTo("{\"pid\":5082,\"monitor\":\"127.0.0.1:11976\",\"storage\":\"1\",\"read-only\":false}");
	}

	@Test
	void setPropertyShouldRewriteNodeData() throws Exception {
		this.observer.create().creatingParentsIfNeeded().forPath(PATH);
		this.registration = ZkRegistration.builder(this.serverClient, PATH)
			.address(new InetSocketAddress("127.0.0.1", this.socket.getLocalPort()))
			.pid(7)
			.build();
		this.registration.start();
		assertThat(this.registration.awaitRegistered(ZooKeeperTestSupport.WAIT)).isTrue();
		this.registration.setProperty("monitor", "http://127.0.0.1:8080/actuator/zkzeo");
		String nodePath = this.registration.nodePaths().get(0);
		await("the monitor property is written", () -> dataOf(nodePath).contains("monitor"));
		assertThat(dataOf(nodePath)).isEqualTo("{\"pid\":7,\"monitor\":\"http://127.0.0.1:8080/actuator/zkzeo\"}");
	}

	@Test
	void startWhenPathMissingShouldFailNamingConnectStringAndPath() {
		this.registration = ZkRegistration.builder(this.serverClient, options(this.server.getConnectString())
			.withPath(PATH))
			.address(new InetSocketAddress("127.0.0.1", this.socket.getLocalPort()))
			.build();
		assertThatExceptionOfType(ZkPathNotFoundException.class).isThrownBy(this.registration::start)
			.withMessageContaining(PATH)
			.withMessageContaining(this.server.getConnectString());
	}

	@Test
	void startWhenPathMissingAndCreatePathShouldCreatePersistentPath() throws Exception {
		this.registration = ZkRegistration.builder(this.serverClient,
				options(this.server.getConnectString()).withPath(PATH).withCreatePath(true))
			.address(new InetSocketAddress("127.0.0.1", this.socket.getLocalPort()))
			.build();
		this.registration.start();
		assertThat(this.registration.awaitRegistered(ZooKeeperTestSupport.WAIT)).isTrue();
		Stat pathStat = this.observer.checkExists().forPath(PATH);
		assertThat(pathStat).isNotNull();
		assertThat(pathStat.getEphemeralOwner()).isZero();
		assertThat(this.observer.getChildren().forPath(PATH)).containsExactly("127.0.0.1:" + this.socket.getLocalPort());
	}

	@Test
	void sessionExpiryShouldRestoreNodeInNewSession() throws Exception {
		this.observer.create().creatingParentsIfNeeded().forPath(PATH);
		this.registration = ZkRegistration.builder(this.serverClient, PATH)
			.address(new InetSocketAddress("127.0.0.1", this.socket.getLocalPort()))
			.build();
		this.registration.start();
		assertThat(this.registration.awaitRegistered(ZooKeeperTestSupport.WAIT)).isTrue();
		String nodePath = this.registration.nodePaths().get(0);
		long oldSession = this.observer.checkExists().forPath(nodePath).getEphemeralOwner();
		KillSession.kill(this.serverClient.getZookeeperClient().getZooKeeper());
		await("the node is restored in a new session", () -> {
			Stat stat = statOf(nodePath);
			return stat != null && stat.getEphemeralOwner() != oldSession;
		});
		assertThat(statOf(nodePath).getEphemeralOwner())
			.isEqualTo(this.serverClient.getZookeeperClient().getZooKeeper().getSessionId());
	}

	@Test
	void deletedNodeShouldComeBack() throws Exception {
		this.observer.create().creatingParentsIfNeeded().forPath(PATH);
		this.registration = ZkRegistration.builder(this.serverClient, PATH)
			.address(new InetSocketAddress("127.0.0.1", this.socket.getLocalPort()))
			.build();
		this.registration.start();
		assertThat(this.registration.awaitRegistered(ZooKeeperTestSupport.WAIT)).isTrue();
		String nodePath = this.registration.nodePaths().get(0);
		this.observer.delete().forPath(nodePath);
		await("the deleted node is created again", () -> statOf(nodePath) != null);
	}

	@Test
	void zooKeeperRestartShouldLeaveNodeRegistered() throws Exception {
		this.observer.create().creatingParentsIfNeeded().forPath(PATH);
		this.registration = ZkRegistration.builder(this.serverClient, PATH)
			.address(new InetSocketAddress("127.0.0.1", this.socket.getLocalPort()))
			.build();
		this.registration.start();
		assertThat(this.registration.awaitRegistered(ZooKeeperTestSupport.WAIT)).isTrue();
		String nodePath = this.registration.nodePaths().get(0);
		this.server.restart();
		await("the node is present in the registering client's session after the restart", () -> {
			Stat stat = statOrNull(nodePath);
			return stat != null && this.serverClient.getZookeeperClient().isConnected()
					&& stat.getEphemeralOwner() == sessionIdOf(this.serverClient);
		});
	}

	@Test
	void nodeLeftByAnotherSessionShouldBeTakenOverWhenThatSessionEnds() throws Exception {
		this.observer.create().creatingParentsIfNeeded().forPath(PATH);
		String name = "127.0.0.1:" + this.socket.getLocalPort();
		CuratorFramework previous = connect(options(this.server.getConnectString()));
		previous.create()
			.withMode(org.apache.zookeeper.CreateMode.EPHEMERAL)
			.forPath(PATH + "/" + name, "{\"pid\":1}".getBytes(StandardCharsets.UTF_8));
		long previousSession = previous.getZookeeperClient().getZooKeeper().getSessionId();
		this.registration = ZkRegistration.builder(this.serverClient, PATH)
			.address(new InetSocketAddress("127.0.0.1", this.socket.getLocalPort()))
			.pid(2)
			.build();
		this.registration.start();
		await("the existing node gets our data", () -> dataOf(PATH + "/" + name).equals("{\"pid\":2}"));
		assertThat(statOf(PATH + "/" + name).getEphemeralOwner()).isEqualTo(previousSession);
		previous.close();
		long ourSession = this.serverClient.getZookeeperClient().getZooKeeper().getSessionId();
		await("the node is created again in our session", () -> {
			Stat stat = statOf(PATH + "/" + name);
			return stat != null && stat.getEphemeralOwner() == ourSession;
		});
		assertThat(dataOf(PATH + "/" + name)).isEqualTo("{\"pid\":2}");
	}

	@Test
	void closeShouldRemoveNodeImmediately() throws Exception {
		this.observer.create().creatingParentsIfNeeded().forPath(PATH);
		this.registration = ZkRegistration.builder(this.serverClient, PATH)
			.address(new InetSocketAddress("127.0.0.1", this.socket.getLocalPort()))
			.build();
		this.registration.start();
		assertThat(this.registration.awaitRegistered(ZooKeeperTestSupport.WAIT)).isTrue();
		String nodePath = this.registration.nodePaths().get(0);
		assertThat(statOf(nodePath)).isNotNull();
		this.registration.close();
		assertThat(this.observer.sync().forPath(PATH)).isNull();
		assertThat(statOf(nodePath)).isNull();
		assertThat(this.observer.getChildren().forPath(PATH)).isEmpty();
	}

	@Test
	void digestAclShouldStopRogueClientFromDeletingOrOverwritingNode() throws Exception {
		ZooKeeperOptions secured = options(this.server.getConnectString()).withPath(PATH)
			.withCreatePath(true)
			.withAuth("zkzeo:secret");
		try (CuratorFramework securedClient = connect(secured);
				CuratorFramework rogue = connect(options(this.server.getConnectString()).withAuth("rogue:guess")
					.withAcl(ZooKeeperAcl.OPEN))) {
			this.registration = ZkRegistration.builder(securedClient, secured)
				.address(new InetSocketAddress("127.0.0.1", this.socket.getLocalPort()))
				.build();
			this.registration.start();
			assertThat(this.registration.awaitRegistered(ZooKeeperTestSupport.WAIT)).isTrue();
			String nodePath = this.registration.nodePaths().get(0);
			for (CuratorFramework other : List.of(rogue, this.observer)) {
				assertThat(new String(other.getData().forPath(nodePath), StandardCharsets.UTF_8)).contains("\"pid\"");
				assertThatExceptionOfType(KeeperException.NoAuthException.class)
					.isThrownBy(() -> other.setData().forPath(nodePath, "{}".getBytes(StandardCharsets.UTF_8)));
				assertThatExceptionOfType(KeeperException.NoAuthException.class)
					.isThrownBy(() -> other.delete().forPath(nodePath));
				assertThatExceptionOfType(KeeperException.NoAuthException.class)
					.isThrownBy(() -> other.create().forPath(PATH + "/10.0.0.66:8100"));
			}
			assertThat(this.observer.getChildren().forPath(PATH)).containsExactly("127.0.0.1:" + this.socket.getLocalPort());
			this.registration.close();
			assertThat(statOf(nodePath)).isNull();
		}
	}

	@Test
	void wildcardAddressShouldRegisterEveryNonLoopbackIpv4Address() throws Exception {
		this.observer.create().creatingParentsIfNeeded().forPath(PATH);
		int port = this.socket.getLocalPort();
		this.registration = ZkRegistration.builder(this.serverClient, PATH)
			.address(new InetSocketAddress("0.0.0.0", port))
			.build();
		this.registration.start();
		assertThat(this.registration.awaitRegistered(ZooKeeperTestSupport.WAIT)).isTrue();
		List<String> children = this.observer.getChildren().forPath(PATH);
		assertThat(children).isNotEmpty()
			.containsExactlyInAnyOrderElementsOf(this.registration.nodeNames())
			.allSatisfy((name) -> assertThat(name).endsWith(":" + port).doesNotStartWith("127.").doesNotStartWith("0.0.0.0"));
		for (String name : children) {
			InetAddress host = InetAddress.getByName(name.substring(0, name.lastIndexOf(':')));
			assertThat(host.isLoopbackAddress() && children.size() > 1).isFalse();
		}
	}

	@Test
	void startWhileZooKeeperDownShouldNotThrowAndRegisterOnceItIsBack() throws Exception {
		this.observer.create().creatingParentsIfNeeded().forPath(PATH);
		this.server.stop();
		await("the client notices the loss", () -> !this.serverClient.getZookeeperClient().isConnected());
		this.registration = ZkRegistration.builder(this.serverClient, PATH)
			.address(new InetSocketAddress("127.0.0.1", this.socket.getLocalPort()))
			.startTimeout(Duration.ofMillis(100))
			.build();
		this.registration.start();
		this.server.restart();
		assertThat(this.registration.awaitRegistered(ZooKeeperTestSupport.WAIT)).isTrue();
		String nodePath = this.registration.nodePaths().get(0);
		await("the node exists after ZooKeeper is back", () -> statOf(nodePath) != null);
	}

	@Test
	void closeWhileZooKeeperDownShouldNotThrow() throws Exception {
		this.observer.create().creatingParentsIfNeeded().forPath(PATH);
		this.registration = ZkRegistration.builder(this.serverClient, PATH)
			.address(new InetSocketAddress("127.0.0.1", this.socket.getLocalPort()))
			.build();
		this.registration.start();
		assertThat(this.registration.awaitRegistered(ZooKeeperTestSupport.WAIT)).isTrue();
		this.server.stop();
		await("the client notices the loss", () -> !this.serverClient.getZookeeperClient().isConnected());
		this.registration.close();
		this.registration.close();
		assertThat(this.registration.awaitRegistered(Duration.ZERO)).isFalse();
	}

	private String dataOf(String path) {
		try {
			return new String(this.observer.getData().forPath(path), StandardCharsets.UTF_8);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static long sessionIdOf(CuratorFramework client) {
		try {
			return client.getZookeeperClient().getZooKeeper().getSessionId();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private Stat statOrNull(String path) {
		try {
			return this.observer.checkExists().forPath(path);
		}
		catch (Exception ex) {
			return null;
		}
	}

	private Stat statOf(String path) {
		try {
			return this.observer.checkExists().forPath(path);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
