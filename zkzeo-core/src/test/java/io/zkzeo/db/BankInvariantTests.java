package io.zkzeo.db;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import io.zkzeo.storage.Storage;
import io.zkzeo.storage.file.FileStorage;
import io.zkzeo.storage.memory.MemoryStorage;
import io.zkzeo.storage.memory.MemoryStorageOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bank invariant: 20 threads move money between 100 accounts for a few seconds, each with a writing
 * connection ({@link DB#transaction}, retried on conflict) and a reading connection that checks the total
 * in its own snapshot. The total never changes and no conflict escapes the retries.
 */
class BankInvariantTests {

	private static final Logger logger = LoggerFactory.getLogger(BankInvariantTests.class);

	private static final int THREADS = 20;

	private static final int ACCOUNTS = 100;

	private static final long INITIAL = 1_000;

	private static final Duration RUN_TIME = Duration.ofSeconds(2);

	@TempDir
	Path dir;

	@Test
	void totalShouldNeverChangeOverMemoryStorage() throws Exception {
		runBank(new MemoryStorage(MemoryStorageOptions.defaults()));
	}

	@Test
	void totalShouldNeverChangeOverFileStorage() throws Exception {
		Path file = this.dir.resolve("Data.fs");
		runBank(FileStorage.open(file));
		PersistentTypes types = PersistentTypes.standard().toBuilder().register(Account.class).build();
		try (DB reopened = new DB(FileStorage.open(file), DbOptions.defaults().withTypes(types));
				Connection connection = reopened.open(new TransactionManager())) {
			assertThat(total(connection)).isEqualTo(ACCOUNTS * INITIAL);
		}
	}

	private void runBank(Storage storage) throws Exception {
		DbOptions options = DbOptions.defaults().withPoolSize(2 * THREADS).withConflictRetries(10_000);
		try (DB db = new DB(storage, options)) {
			db.transaction((connection) -> {
				for (int i = 0; i < ACCOUNTS; i++) {
					connection.root().put("account" + i, new Account("owner" + i, INITIAL));
				}
				return null;
			});
			ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
			AtomicLong transfers = new AtomicLong();
			AtomicLong snapshotsChecked = new AtomicLong();
			long deadline = System.nanoTime() + RUN_TIME.toNanos();
			List<Thread> threads = new ArrayList<>();
			for (int t = 0; t < THREADS; t++) {
				long seed = t;
				threads.add(new Thread(() -> {
					Random random = new Random(seed);
					TransactionManager readerManager = new TransactionManager();
					try (Connection reader = db.open(readerManager)) {
						while (System.nanoTime() < deadline) {
							int from = random.nextInt(ACCOUNTS);
							int to = random.nextInt(ACCOUNTS);
							long amount = 1 + random.nextInt(50);
							db.transaction((connection) -> {
								Account source = (Account) connection.root().get("account" + from);
								Account target = (Account) connection.root().get("account" + to);
								source.deposit(-amount);
								target.deposit(amount);
								return null;
							});
							transfers.incrementAndGet();
							if (random.nextInt(10) == 0) {
								readerManager.begin();
								long total = total(reader);
								readerManager.abort();
								if (total != ACCOUNTS * INITIAL) {
									failures.add(new AssertionError("Snapshot total " + total));
								}
								snapshotsChecked.incrementAndGet();
							}
						}
					}
					catch (Throwable ex) {
						failures.add(ex);
					}
				}, "bank-" + t));
			}
			threads.forEach(Thread::start);
			for (Thread thread : threads) {
				thread.join(RUN_TIME.toMillis() + 60_000);
				assertThat(thread.isAlive()).as("thread %s finished", thread.getName()).isFalse();
			}
			assertThat(failures).isEmpty();
			assertThat(transfers.get()).isPositive();
			assertThat(snapshotsChecked.get()).isPositive();
			assertThat(db.conflictCount()).as("every conflict was retried").isEqualTo(db.retryCount());
			logger.info("Bank over storage {}: {} transfers, {} conflicts retried, {} snapshots checked",
					storage.getClass().getSimpleName(), transfers.get(), db.retryCount(), snapshotsChecked.get());
			try (Connection connection = db.open(new TransactionManager())) {
				assertThat(total(connection)).isEqualTo(ACCOUNTS * INITIAL);
			}
		}
	}

	private static long total(Connection connection) {
		long total = 0;
		for (int i = 0; i < ACCOUNTS; i++) {
			total += ((Account) connection.root().get("account" + i)).getBalance();
		}
		return total;
	}

}
