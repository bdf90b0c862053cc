package io.zkzeo.db;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import io.zkzeo.client.ClientOptions;
import io.zkzeo.client.ClientStorage;
import io.zkzeo.server.ServerOptions;
import io.zkzeo.server.StorageServer;
import io.zkzeo.storage.DataRevision;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.file.FileStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bank invariant over client storages: several clients, each its own {@link ClientStorage} and
 * {@link DB} on one server (FileStorage with group commit), move money between a few accounts while reading the
 * total in snapshots. Every snapshot must show the same total; a wrong one is logged with the accounts whose
 * revision was not the one current at the snapshot.
 */
class ClientSnapshotConsistencyTests {

	private static final Logger logger = LoggerFactory.getLogger(ClientSnapshotConsistencyTests.class);

	private static final int CLIENTS = 16;

	private static final int THREADS_PER_CLIENT = 1;

	private static final int ACCOUNTS = 40;

	private static final long INITIAL = 1_000;

	private static final Duration RUN_TIME = Duration.ofSeconds(2);

	@TempDir
	Path dir;

	@Test
	void snapshotsOverFileStorageKeepTheTotal() throws Exception {
		try (FileStorage storage = FileStorage.open(this.dir.resolve("Data.fs"))) {
			runBank(storage);
		}
	}

	private void runBank(Storage storage) throws Exception {
		DbOptions options = DbOptions.defaults().withPoolSize(2 * THREADS_PER_CLIENT).withConflictRetries(100_000)
			.withTypes(PersistentTypes.standard().toBuilder().register(Account.class).build());
		try (StorageServer server = new StorageServer(
						ServerOptions.of(storage).withAddress("127.0.0.1", 0).withCloseStorages(false)).start()) {
			ClientOptions clientOptions = ClientOptions.of(server.boundAddress());
			try (DB setup = new DB(new ClientStorage(clientOptions.withName("setup")), options)) {
				setup.transaction((connection) -> {
					for (int i = 0; i < ACCOUNTS; i++) {
						connection.root().put("account" + i, new Account("owner" + i, INITIAL));
					}
					return null;
				});
			}
			List<DB> dbs = new ArrayList<>();
			for (int c = 0; c < CLIENTS; c++) {
				dbs.add(new DB(new ClientStorage(clientOptions.withName("client-" + c)), options));
			}
			ConcurrentLinkedQueue<String> wrongSnapshots = new ConcurrentLinkedQueue<>();
			ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
			AtomicLong snapshots = new AtomicLong();
			long deadline = System.nanoTime() + RUN_TIME.toNanos();
			List<Thread> threads = new ArrayList<>();
			for (int c = 0; c < CLIENTS; c++) {
				DB db = dbs.get(c);
				for (int t = 0; t < THREADS_PER_CLIENT; t++) {
					long seed = c * 100L + t;
					threads.add(new Thread(() -> transferAndRead(storage, db, seed, deadline, snapshots, wrongSnapshots, failures),
							"bank-" + seed));
				}
			}
			threads.forEach(Thread::start);
			for (Thread thread : threads) {
				thread.join(RUN_TIME.toMillis() + 60_000);
				assertThat(thread.isAlive()).as("thread %s finished", thread.getName()).isFalse();
			}
			for (DB db : dbs) {
				db.close();
			}
			logger.info("{} snapshots read, {} with a wrong total", snapshots.get(), wrongSnapshots.size());
			assertThat(failures).isEmpty();
			assertThat(snapshots.get()).isPositive();
			assertThat(wrongSnapshots).as("snapshots whose total was wrong").isEmpty();
		}
	}

	private static void transferAndRead(Storage storage, DB db, long seed, long deadline, AtomicLong snapshots,
			ConcurrentLinkedQueue<String> wrongSnapshots, ConcurrentLinkedQueue<Throwable> failures) {
		Random random = new Random(seed);
		TransactionManager readerManager = new TransactionManager();
		try (Connection reader = db.open(readerManager)) {
			while (System.nanoTime() < deadline) {
				if (random.nextInt(3) == 0) {
					readerManager.begin();
					long total = 0;
					List<Account> accounts = new ArrayList<>();
					for (int i = 0; i < ACCOUNTS; i++) {
						Account account = (Account) reader.root().get("account" + i);
						total += account.getBalance();
						accounts.add(account);
					}
					Tid snapshot = reader.snapshotTid();
					if (total != ACCOUNTS * INITIAL) {
						for (Account account : accounts) {
							DataRevision truth = storage.loadBefore(account.oid, snapshot.next());
							if (!truth.start().equals(account.serial)) {
								logger.warn("Snapshot {} of {}: {} read at serial {}, but the revision then was {}..{}",
										snapshot, db.storage().getName(), account.oid, account.serial, truth.start(),
										truth.end());
							}
						}
					}
					readerManager.abort();
					snapshots.incrementAndGet();
					if (total != ACCOUNTS * INITIAL) {
						wrongSnapshots.add(db.storage().getName() + " at " + snapshot + ": " + total);
						logger.warn("Snapshot {} of {} has the total {}", snapshot, db.storage().getName(), total);
					}
				}
				else {
					int from = random.nextInt(ACCOUNTS);
					int to = random.nextInt(ACCOUNTS);
					long amount = 1 + random.nextInt(50);
					db.transaction((connection) -> {
						((Account) connection.root().get("account" + from)).deposit(-amount);
						((Account) connection.root().get("account" + to)).deposit(amount);
						return null;
					});
				}
			}
		}
		catch (Throwable ex) {
			failures.add(ex);
		}
	}

}
