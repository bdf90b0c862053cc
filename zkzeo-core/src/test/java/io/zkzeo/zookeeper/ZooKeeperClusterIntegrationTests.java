package io.zkzeo.zookeeper;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.junit.jupiter.api.Test;

import static io.zkzeo.zookeeper.ZooKeeperTestSupport.await;
import static io.zkzeo.zookeeper.ZooKeeperTestSupport.connect;
import static io.zkzeo.zookeeper.ZooKeeperTestSupport.options;
import static org.assertj.core.api.Assertions.assertThat;

class ZooKeeperClusterIntegrationTests {

	private static final String PATH = "/databases/demo";

	@Test
	void losingOneOfThreeZooKeeperNodesShouldKeepRegistrationAndWatcherWorking() throws Exception {
		List<List<InetSocketAddress>> received = new CopyOnWriteArrayList<>();
		try (TestingCluster cluster = ZooKeeperTestSupport.startCluster(3);
				CuratorFramework serverClient = connect(options(cluster.getConnectString()).withPath(PATH).withCreatePath(true));
				CuratorFramework clientSide = connect(options(cluster.getConnectString()));
				ZkAddressWatcher watcher = new ZkAddressWatcher(clientSide, PATH, received::add)) {
			ZkRegistration first = ZkRegistration
				.builder(serverClient, options(cluster.getConnectString()).withPath(PATH).withCreatePath(true))
				.address(new InetSocketAddress("127.0.0.1", 8100))
				.build();
			first.start();
			watcher.start();
			await("the first server is seen", () -> last(received).equals(List.of(address(8100))));

			InstanceSpec serversNode = cluster.findConnectionInstance(serverClient.getZookeeperClient().getZooKeeper());
			assertThat(cluster.killServer(serversNode)).isTrue();

			ZkRegistration second = ZkRegistration.builder(serverClient, PATH)
				.address(new InetSocketAddress("127.0.0.1", 8200))
				.build();
			second.start();
			await("both servers are seen with one ZooKeeper node down",
					() -> last(received).equals(List.of(address(8100), address(8200))));
			first.close();
			await("the first server is gone", () -> last(received).equals(List.of(address(8200))));
			assertThat(clientSide.getChildren().forPath(PATH)).containsExactly("127.0.0.1:8200");
			second.close();
			await("no server is left", () -> last(received).isEmpty());
		}
	}

	private static List<InetSocketAddress> last(List<List<InetSocketAddress>> received) {
		return received.isEmpty() ? List.of() : received.get(received.size() - 1);
	}

	private static InetSocketAddress address(int port) {
		return InetSocketAddress.createUnresolved("127.0.0.1", port);
	}

}
