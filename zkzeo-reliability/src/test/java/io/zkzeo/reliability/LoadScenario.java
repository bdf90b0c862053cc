package io.zkzeo.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zkzeo.client.ClientOptions;
import io.zkzeo.client.ClientStorage;
import io.zkzeo.db.Connection;
import io.zkzeo.db.DB;
import io.zkzeo.db.DbOptions;
import io.zkzeo.db.PersistentTypes;
import io.zkzeo.db.TransactionManager;
import io.zkzeo.server.ServerOptions;
import io.zkzeo.server.StorageServer;
import io.zkzeo.storage.file.FileStorage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many clients, each its own ClientStorage and DB, for a bounded time against one server over a
 * FileStorage with fsync: transfers between bank accounts through {@link DB#transaction} (retried on
 * conflict) mixed with reads of the total in a snapshot. The total must never change, in any snapshot or at
 * the end, and the heap after collection returns near where it started once the clients are gone.
 */
final class LoadScenario {

	private static final Logger logger = LoggerFactory.getLogger(LoadScenario.class);

	private static final int ACCOUNTS = 200;

	private static final long INITIAL = 1_000;

	private static final long HEAP_GROWTH_BOUND = 64L * 1024 * 1024;

	private final Path directory;

	private final int clients;

	private final Duration duration;

	private final boolean requireConsistentSnapshots;

	/**
	 * @param requireConsistentSnapshots whether a snapshot with a wrong total fails the run; when not, such
	 * snapshots are counted and reported (the end total is always required)
	 */
	LoadScenario(Path directory, int clients, Duration duration, boolean requireConsistentSnapshots) {
		this.directory = directory;
		this.clients = clients;
		this.duration = duration;
		this.requireConsistentSnapshots = requireConsistentSnapshots;
	}

	void run() throws Exception {
		DbOptions dbOptions = DbOptions.defaults()
			.withPoolSize(2)
			.withConflictRetries(100_000)
			.withTypes(PersistentTypes.standard().toBuilder().register(BankAccount.class).build());
		try (FileStorage storage = FileStorage.open(this.directory.resolve("Data.fs"));
				StorageServer server = new StorageServer(ServerOptions.of(storage).withAddress("127.0.0.1", 0)
					.withCloseStorages(false)).start()) {
			ClientOptions clientOptions = ClientOptions.of(server.boundAddress()).withCacheSize(1024 * 1024);
			try (DB setup = new DB(new ClientStorage(clientOptions), dbOptions)) {
				setup.transaction((connection) -> {
					for (int i = 0; i < ACCOUNTS; i++) {
						connection.root().put("account" + i, new BankAccount(INITIAL));
					}
					return null;
				});
			}
			long baseline = Heap.usedAfterGc();
			List<DB> dbs = new ArrayList<>();
			for (int i = 0; i < this.clients; i++) {
				dbs.add(new DB(new ClientStorage(clientOptions.withName("load-" + i)), dbOptions));
			}
			ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
			List<Long> commitLatencies = Collections.synchronizedList(new ArrayList<>());
			List<Long> readLatencies = Collections.synchronizedList(new ArrayList<>());
			AtomicLong retries = new AtomicLong();
			AtomicLong inconsistentSnapshots = new AtomicLong();
			long started = System.nanoTime();
			long deadline = started + this.duration.toNanos();
			List<Thread> threads = new ArrayList<>();
			for (int i = 0; i < this.clients; i++) {
				DB db = dbs.get(i);
				long seed = i;
				threads.add(new Thread(() -> work(db, seed, deadline, commitLatencies, readLatencies, inconsistentSnapshots, failures),
						"load-" + i));
			}
			threads.forEach(Thread::start);
			long maxHeap = baseline;
			for (Thread thread : threads) {
				while (thread.isAlive() && System.nanoTime() < deadline + Duration.ofMinutes(2).toNanos()) {
					// a collection stops every client: sample the heap only now and then
					thread.join(10_000);
					if (thread.isAlive()) {
						maxHeap = Math.max(maxHeap, Heap.usedAfterGc());
					}
				}
				assertThat(thread.isAlive()).as("%s finished", thread.getName()).isFalse();
			}
			long elapsed = System.nanoTime() - started;
			for (DB db : dbs) {
				retries.addAndGet(db.retryCount());
				db.close();
			}
			assertThat(failures).isEmpty();
			long total;
			try (DB check = new DB(new ClientStorage(clientOptions), dbOptions);
					Connection connection = check.open(new TransactionManager())) {
				total = total(connection);
			}
			assertThat(total).as("the total at the end").isEqualTo(ACCOUNTS * INITIAL);
			dbs.clear();
			long after = Heap.usedAfterGc();
			double seconds = elapsed / 1e9;
			new Figures("load").put("clients", this.clients)
				.put("seconds", String.format("%.1f", seconds))
				.put("commitsPerSecond", String.format("%.0f", commitLatencies.size() / seconds))
				.put("readsPerSecond", String.format("%.0f", readLatencies.size() / seconds))
				.put("conflictRetries", retries.get())
				.put("inconsistentSnapshots", inconsistentSnapshots.get())
				.putLatencies("commit", commitLatencies)
				.putLatencies("snapshotRead", readLatencies)
				.put("heapBaselineMB", Heap.megabytes(baseline))
				.put("heapMaxDuringRunMB", Heap.megabytes(maxHeap))
				.put("heapAfterMB", Heap.megabytes(after))
				.put("fileBytes", storage.getSize())
				.report();
			assertThat(commitLatencies).isNotEmpty();
			if (this.requireConsistentSnapshots) {
				assertThat(inconsistentSnapshots.get()).as("snapshots whose total was wrong").isZero();
			}
			assertThat(readLatencies).isNotEmpty();
			assertThat(after - baseline).as("heap growth after GC once the clients are gone")
				.isLessThan(HEAP_GROWTH_BOUND);
		}
	}

	private static void work(DB db, long seed, long deadline, List<Long> commitLatencies, List<Long> readLatencies,
			AtomicLong inconsistentSnapshots, ConcurrentLinkedQueue<Throwable> failures) {
		Random random = new Random(seed);
		TransactionManager readerManager = new TransactionManager();
		try (Connection reader = db.open(readerManager)) {
			while (System.nanoTime() < deadline) {
				long started = System.nanoTime();
				if (random.nextInt(10) < 3) {
					readerManager.begin();
					long total = total(reader);
					readerManager.abort();
					if (total != ACCOUNTS * INITIAL) {
						inconsistentSnapshots.incrementAndGet();
						logger.warn("Snapshot {} of client {} has the total {}", reader.snapshotTid(),
								db.storage().getName(), total);
					}
					readLatencies.add(System.nanoTime() - started);
				}
				else {
					int from = random.nextInt(ACCOUNTS);
					int to = random.nextInt(ACCOUNTS);
					long amount = 1 + random.nextInt(50);
					db.transaction((connection) -> {
						((BankAccount) connection.root().get("account" + from)).add(-amount);
						((BankAccount) connection.root().get("account" + to)).add(amount);
						return null;
					});
					commitLatencies.add(System.nanoTime() - started);
				}
			}
		}
		catch (Throwable ex) {
			failures.add(ex);
		}
	}

	private static long total(Connection connection) {
		long total = 0;
		for (int i = 0; i < ACCOUNTS; i++) {
			total += ((BankAccount) connection.root().get("account" + i)).balance();
		}
		return total;
	}

}
