package io.zkzeo.zookeeper;

import java.util.ArrayList;
import java.util.List;

import io.zkzeo.server.ServerOptions;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.memory.MemoryStorage;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.junit.jupiter.api.Test;

import static io.zkzeo.storage.conformance.TestCommits.commit;
import static io.zkzeo.storage.conformance.TestCommits.store;
import static io.zkzeo.zookeeper.ZkZeoServerIntegrationTests.clientOptions;
import static io.zkzeo.zookeeper.ZkZeoServerIntegrationTests.memoryStorage;
import static io.zkzeo.zookeeper.ZooKeeperTestSupport.connect;
import static io.zkzeo.zookeeper.ZooKeeperTestSupport.options;
import static org.assertj.core.api.Assertions.assertThat;

class ZkClientStorageClusterIntegrationTests {

	private static final String PATH = "/databases/demo";

	@Test
	void losingOneOfThreeZooKeeperNodesShouldNotDisturbClientCommitting() throws Exception {
		try (TestingCluster cluster = ZooKeeperTestSupport.startCluster(3)) {
			ZooKeeperOptions zkOptions = options(cluster.getConnectString()).withPath(PATH).withCreatePath(true);
			MemoryStorage storage = memoryStorage("1");
			try (CuratorFramework observer = connect(options(cluster.getConnectString()));
					ZkZeoServer server = ZkZeoServer.of(ServerOptions.of(storage), zkOptions).start();
					ZkClientStorage client = new ZkClientStorage(clientOptions(), zkOptions)) {
				Oid oid = client.newOid();
				Tid tid = commit(client, "before", store(oid, Tid.ZERO, new byte[] { 0 }));
				InstanceSpec victim = cluster.getInstances().iterator().next();
				assertThat(cluster.killServer(victim)).isTrue();
				List<Tid> tids = new ArrayList<>();
				for (int i = 1; i <= 20; i++) {
					tid = commit(client, "commit " + i, store(oid, tid, new byte[] { (byte) i }));
					tids.add(tid);
				}
				assertThat(tids).doesNotHaveDuplicates().isSorted();
				assertThat(storage.load(oid).data()).containsExactly(20);
				assertThat(client.getServerAddress().getPort()).isEqualTo(server.boundAddress().getPort());
				assertThat(observer.getChildren().forPath(PATH)).containsExactlyElementsOf(server.nodeNames());
				assertThat(client.watcher().currentAddresses()).hasSize(1);
			}
		}
	}

}
