package io.zkzeo.zookeeper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.apache.curator.test.TestingServer;

/**
 * Real in-process ZooKeeper servers with a short tick, and bounded waits.
 */
final class ZooKeeperTestSupport {

	static final int TICK_MS = 200;

	static final Duration SESSION_TIMEOUT = Duration.ofMillis(2_000);

	static final Duration WAIT = Duration.ofSeconds(20);

	private ZooKeeperTestSupport() {
	}

	static TestingServer startServer() throws Exception {
		return new TestingServer(spec(-1), true);
	}

	static TestingCluster startCluster(int size) throws Exception {
		List<InstanceSpec> specs = new ArrayList<>();
		for (int i = 1; i <= size; i++) {
			specs.add(spec(i));
		}
		TestingCluster cluster = new TestingCluster(specs);
		cluster.start();
		return cluster;
	}

	static ZooKeeperOptions options(String connectString) {
		return ZooKeeperOptions.builder()
			.connectString(connectString)
			.sessionTimeout(SESSION_TIMEOUT)
			.connectionTimeout(Duration.ofSeconds(5))
			.build();
	}

	static CuratorFramework connect(ZooKeeperOptions options) throws InterruptedException {
		CuratorFramework client = ZooKeeperClientFactory.createStarted(options);
		if (!client.blockUntilConnected((int) WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
			client.close();
			throw new IllegalStateException("No connection to " + options.connectString());
		}
		return client;
	}

	static void await(String what, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Timed out waiting until " + what);
			}
			Thread.sleep(20);
		}
	}

	private static InstanceSpec spec(int serverId) {
		return new InstanceSpec(null, -1, -1, -1, true, serverId, TICK_MS, -1);
	}

}
