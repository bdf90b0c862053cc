package io.zkzeo.reliability;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apache.curator.test.TestingServer;

import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import io.zkzeo.storage.conformance.TestRecords;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two server processes registered in ZooKeeper and a client following the registrations. The server in use
 * is stopped cleanly (it deregisters, then closes) or killed with SIGKILL (its registration stays until its
 * session expires); the time from the stop or kill to the first successful call on the other server is
 * measured, after which the client commits there. The two servers stand for replicas of one database: the
 * stopped one is started again on a copy of the survivor's file before the next repetition.
 */
final class FailoverScenario {

	private static final String PATH = "/zkzeo/failover";

	private final Path directory;

	private final int repetitions;

	FailoverScenario(Path directory, int repetitions) {
		this.directory = directory;
		this.repetitions = repetitions;
	}

	void run() throws Exception {
		List<Long> afterStop = new ArrayList<>();
		List<Long> afterKill = new ArrayList<>();
		Path log = this.directory.resolve("servers.log");
		try (TestingServer zooKeeper = new TestingServer(true)) {
			String[] registration = { zooKeeper.getConnectString(), PATH };
			ServerProcess[] servers = { ServerProcess.start(this.directory.resolve("a.fs"), 0, log, registration),
					ServerProcess.start(this.directory.resolve("b.fs"), 0, log, registration) };
			Path[] files = { this.directory.resolve("a.fs"), this.directory.resolve("b.fs") };
			try (ZkFollowingClient client = ZkFollowingClient.start(zooKeeper.getConnectString(), PATH,
					Duration.ofSeconds(30))) {
				Waiting.await("both servers are registered", () -> client.watcher.currentAddresses().size() == 2);
				for (int i = 0; i < this.repetitions; i++) {
					boolean kill = (i % 2 == 1);
					client.storage.sync();
					InetSocketAddress inUse = Objects.requireNonNull(client.storage.getServerAddress());
					int victim = (servers[0].port() == inUse.getPort()) ? 0 : 1;
					assertThat(servers[victim].port()).isEqualTo(inUse.getPort());
					int other = 1 - victim;
					long started = System.nanoTime();
					ServerProcess stopping = servers[victim];
					Thread stopper = new Thread(kill ? stopping::kill : stopping::stop, "failover-stopper");
					stopper.start();
					long elapsed = firstCallOn(client, servers[other].port(), started);
					(kill ? afterKill : afterStop).add(elapsed);
					stopper.join(60_000);
					commitOn(client);
					// the stopped server comes back as a replica of the survivor: a copy of its file, taken
					// while nothing commits (a ZEO client refuses a server behind its cache)
					Files.copy(files[other], files[victim], StandardCopyOption.REPLACE_EXISTING);
					Files.deleteIfExists(files[victim].resolveSibling(files[victim].getFileName() + ".index"));
					servers[victim] = ServerProcess.start(files[victim], 0, log, registration);
					int expected = servers[victim].port();
					Waiting.await("the restarted server is registered", () -> client.watcher.currentAddresses()
						.stream()
						.anyMatch((address) -> address.getPort() == expected)
							&& client.watcher.currentAddresses().size() == 2);
				}
				new Figures("failover").put("repetitions", this.repetitions)
					.putLatencies("afterCleanStop", afterStop)
					.putLatencies("afterKill", afterKill)
					.put("addressChanges", client.addressChanges.get())
					.report();
			}
			finally {
				for (ServerProcess server : servers) {
					server.close();
				}
			}
		}
		assertThat(afterStop.size() + afterKill.size()).isEqualTo(this.repetitions);
	}

	/** Calls the server until a call succeeds on the given port; returns nanoseconds since {@code started}. */
	private static long firstCallOn(ZkFollowingClient client, int port, long started) {
		long deadline = started + Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < deadline) {
			try {
				InetSocketAddress before = client.storage.getServerAddress();
				if (before != null && before.getPort() == port) {
					client.storage.sync();
					InetSocketAddress after = client.storage.getServerAddress();
					if (after != null && after.getPort() == port) {
						return System.nanoTime() - started;
					}
				}
			}
			catch (RuntimeException ex) {
				// the connection in use went away; try again
			}
			Thread.onSpinWait();
		}
		throw new AssertionError("No successful call on port " + port + " within 60 seconds");
	}

	private static void commitOn(ZkFollowingClient client) {
		Oid oid = client.storage.newOid();
		TransactionMetaData txn = TransactionMetaData.of("failover", "after failover");
		client.storage.tpcBegin(txn);
		client.storage.store(oid, Tid.ZERO, TestRecords.counter(1), txn);
		client.storage.vote(txn);
		client.storage.tpcFinish(txn);
		assertThat(TestRecords.value(client.storage.load(oid).data())).isEqualTo(1);
	}

}
