package io.zkzeo.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;


import io.zkzeo.client.ClientOptions;
import io.zkzeo.client.ClientStorage;
import io.zkzeo.storage.DataRecord;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.StorageIterator;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionRecord;
import io.zkzeo.storage.conformance.TestRecords;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server process serving a FileStorage with fsync, under commit load from several clients, killed with
 * SIGKILL at random moments and restarted. After each restart: every acknowledged commit is there with its
 * data, each transaction is there whole or not at all, nothing is there that no client tried to commit,
 * and {@code fstest} passes on the file.
 */
final class CrashScenario {

	private final Path directory;

	private final int kills;

	private final int clients;

	private final Random random;

	CrashScenario(Path directory, int kills, int clients, long seed) {
		this.directory = directory;
		this.kills = kills;
		this.clients = clients;
		this.random = new Random(seed);
	}

	void run() throws Exception {
		Path file = this.directory.resolve("Data.fs");
		Path log = this.directory.resolve("server.log");
		List<CommitWorker> workers = new ArrayList<>();
		Set<Tid> expected = new HashSet<>();
		Map<Tid, Integer> values = new HashMap<>();
		Map<CommitWorker, Integer> verified = new HashMap<>();
		List<Long> restartNanos = new ArrayList<>();
		long acknowledged = 0;
		long inDoubtLanded = 0;
		long inDoubtLost = 0;
		ServerProcess server = ServerProcess.start(file, 0, log);
		try {
			try (ClientStorage client = connect(server)) {
				for (int i = 0; i < this.clients; i++) {
					workers.add(new CommitWorker(i, client.newOid(), client.newOid()));
				}
			}
			for (int round = 0; round < this.kills; round++) {
				acknowledged += load(server, workers);
				long restart = System.nanoTime();
				server = ServerProcess.start(file, 0, log);
				restartNanos.add(System.nanoTime() - restart);
				try (ClientStorage client = connect(server)) {
					for (CommitWorker worker : workers) {
						boolean wasInDoubt = worker.inDoubt() != null;
						Tid landed = worker.resume(client);
						if (landed != null) {
							expected.add(landed);
							values.put(landed, worker.value());
							inDoubtLanded++;
						}
						else if (wasInDoubt) {
							inDoubtLost++;
						}
						worker.acknowledged.forEach((ack) -> {
							expected.add(ack.tid());
							values.put(ack.tid(), ack.value());
						});
					}
					checkNewlyAcknowledgedData(client, workers, verified);
					checkEveryTransaction(client, workers, expected, values);
				}
				FsTestRun fstest = FsTestRun.check(file);
				assertThat(fstest.status()).as("fstest after kill %d: %s", round + 1, fstest.output()).isZero();
			}
		}
		finally {
			server.close();
		}
		new Figures("crash").put("kills", this.kills)
			.put("clients", this.clients)
			.put("acknowledgedCommits", acknowledged)
			.put("inDoubtCommitted", inDoubtLanded)
			.put("inDoubtAbsent", inDoubtLost)
			.put("transactionsInFile", expected.size())
			.put("fileBytes", java.nio.file.Files.size(file))
			.putLatencies("restart", restartNanos)
			.report();
		assertThat(acknowledged).as("commits acknowledged across all rounds").isPositive();
	}

	private ClientStorage connect(ServerProcess server) {
		return new ClientStorage(ClientOptions.of(server.address()).withWaitTimeout(Duration.ofSeconds(10)));
	}

	/** Runs the workers until the server is killed; returns the number of commits acknowledged. */
	private long load(ServerProcess server, List<CommitWorker> workers) throws Exception {
		ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
		AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
		AtomicLong commits = new AtomicLong();
		List<Thread> threads = new ArrayList<>();
		List<ClientStorage> clients = new ArrayList<>();
		for (CommitWorker worker : workers) {
			ClientStorage client = connect(server);
			clients.add(client);
			threads.add(new Thread(() -> {
				while (true) {
					try {
						worker.commitNext(client);
						commits.incrementAndGet();
					}
					catch (RuntimeException ex) {
						if (System.nanoTime() < killedAt.get()) {
							unexpected.add(ex);
						}
						return;
					}
				}
			}, "crash-worker-" + worker.number));
		}
		threads.forEach(Thread::start);
		Waiting.sleep(Duration.ofMillis(300 + this.random.nextInt(1200)));
		killedAt.set(System.nanoTime());
		server.kill();
		for (Thread thread : threads) {
			thread.join(60_000);
			assertThat(thread.isAlive()).as("worker %s stopped after the kill", thread.getName()).isFalse();
		}
		clients.forEach(ClientStorage::close);
		assertThat(unexpected).as("failures before the kill").isEmpty();
		return commits.get();
	}

	/** Loads the data of each commit acknowledged since the last check, by its tid. */
	private static void checkNewlyAcknowledgedData(ClientStorage client, List<CommitWorker> workers,
			Map<CommitWorker, Integer> verified) {
		for (CommitWorker worker : workers) {
			List<CommitWorker.Ack> acks = worker.acknowledged;
			for (CommitWorker.Ack ack : acks.subList(verified.getOrDefault(worker, 0), acks.size())) {
				assertThat(TestRecords.value(client.loadSerial(worker.first, ack.tid())))
					.as("worker %d value of acknowledged %s", worker.number, ack.tid())
					.isEqualTo(ack.value());
				assertThat(TestRecords.value(client.loadSerial(worker.second, ack.tid()))).isEqualTo(ack.value());
			}
			verified.put(worker, acks.size());
		}
	}

	/**
	 * Reads the whole file: every transaction is an acknowledged or landed in-doubt one, whole, with the value
	 * its client wrote; every acknowledged one is there.
	 */
	private static void checkEveryTransaction(ClientStorage client, List<CommitWorker> workers, Set<Tid> expected,
			Map<Tid, Integer> values) {
		Set<Tid> seen = new HashSet<>();
		try (StorageIterator transactions = client.iterator(null, null)) {
			while (transactions.hasNext()) {
				TransactionRecord txn = transactions.next();
				seen.add(txn.tid());
				assertThat(expected).as("transaction %s was acknowledged or in doubt and found whole", txn.tid())
					.contains(txn.tid());
				assertThat(txn.records()).hasSize(2);
				Set<Oid> oids = new HashSet<>();
				Set<Integer> found = new HashSet<>();
				for (DataRecord record : txn.records()) {
					oids.add(record.oid());
					found.add(TestRecords.value(record.data()));
				}
				assertThat(found).as("the value written by transaction %s", txn.tid())
					.containsExactly(values.get(txn.tid()));
				assertThat(workers.stream().anyMatch((w) -> oids.equals(Set.of(w.first, w.second)))).isTrue();
			}
		}
		catch (Exception ex) {
			if (ex instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(ex);
		}
		assertThat(seen).as("every acknowledged commit is in the file").containsAll(expected);
	}

}
