package io.zkzeo.storage.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.zkzeo.storage.ConflictError;
import io.zkzeo.storage.DataRevision;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.StorageTransactionError;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import org.junit.jupiter.api.Test;

import static io.zkzeo.storage.conformance.TestCommits.commit;
import static io.zkzeo.storage.conformance.TestCommits.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The two-phase commit: calls out of order fail with {@link StorageTransactionError}; many transactions
 * may be open at once, from many threads, and serialise at vote.
 */
public interface TwoPhaseCommitStorageContract extends StorageContract {

	/** How long a concurrent test may wait for its threads before it fails, in seconds. */
	int THREAD_WAIT_SECONDS = 60;

	@Test
	default void callsForATransactionThatHasNotBegunRaiseStorageTransactionError() {
		Storage storage = storage();
		Oid oid = storage.newOid();
		Tid t1 = commit(storage, "v1", store(oid, Tid.ZERO, TestRecords.counter(1)));
		TransactionMetaData unknown = TestCommits.txn();
		assertThatExceptionOfType(StorageTransactionError.class)
			.isThrownBy(() -> storage.store(oid, t1, TestRecords.counter(2), unknown));
		assertThatExceptionOfType(StorageTransactionError.class)
			.isThrownBy(() -> storage.checkCurrentSerialInTransaction(oid, t1, unknown));
		assertThatExceptionOfType(StorageTransactionError.class).isThrownBy(() -> storage.undo(t1, unknown));
		assertThatExceptionOfType(StorageTransactionError.class).isThrownBy(() -> storage.vote(unknown));
		assertThatExceptionOfType(StorageTransactionError.class).isThrownBy(() -> storage.tpcFinish(unknown));
		storage.tpcAbort(unknown);
		assertThat(storage.load(oid).serial()).isEqualTo(t1);
	}

	@Test
	default void beginningATransactionTwiceRaisesStorageTransactionError() {
		Storage storage = storage();
		TransactionMetaData txn = TestCommits.txn();
		storage.tpcBegin(txn);
		assertThatExceptionOfType(StorageTransactionError.class).isThrownBy(() -> storage.tpcBegin(txn));
		storage.tpcAbort(txn);
	}

	@Test
	default void finishWithoutVoteRaisesStorageTransactionError() {
		Storage storage = storage();
		Oid oid = storage.newOid();
		TransactionMetaData txn = TestCommits.txn();
		storage.tpcBegin(txn);
		storage.store(oid, Tid.ZERO, TestRecords.counter(1), txn);
		assertThatExceptionOfType(StorageTransactionError.class).isThrownBy(() -> storage.tpcFinish(txn));
		storage.tpcAbort(txn);
		assertThat(storage.lastTransaction()).isEqualTo(Tid.ZERO);
		assertThat(storage.objectCount()).isZero();
	}

	@Test
	default void storeOrVoteAfterVoteRaisesStorageTransactionError() {
		Storage storage = storage();
		Oid oid = storage.newOid();
		TransactionMetaData txn = TestCommits.txn();
		storage.tpcBegin(txn);
		storage.store(oid, Tid.ZERO, TestRecords.counter(1), txn);
		storage.vote(txn);
		assertThatExceptionOfType(StorageTransactionError.class)
			.isThrownBy(() -> storage.store(storage.newOid(), Tid.ZERO, TestRecords.counter(2), txn));
		assertThatExceptionOfType(StorageTransactionError.class).isThrownBy(() -> storage.vote(txn));
		Tid tid = storage.tpcFinish(txn);
		assertThat(storage.load(oid).serial()).isEqualTo(tid);
		assertThat(storage.objectCount()).isEqualTo(1);
	}

	@Test
	default void finishedTransactionCannotBeFinishedAgain() {
		Storage storage = storage();
		TransactionMetaData txn = TestCommits.txn();
		Tid tid = commit(storage, txn, store(storage.newOid(), Tid.ZERO, TestRecords.counter(1)));
		assertThatExceptionOfType(StorageTransactionError.class).isThrownBy(() -> storage.tpcFinish(txn));
		assertThatExceptionOfType(StorageTransactionError.class).isThrownBy(() -> storage.vote(txn));
		storage.tpcAbort(txn);
		assertThat(storage.lastTransaction()).isEqualTo(tid);
	}

	@Test
	default void emptyTransactionCommits() {
		Storage storage = storage();
		Tid tid = commit(storage, "empty");
		assertThat(storage.lastTransaction()).isEqualTo(tid);
		assertThat(TestCommits.tids(storage)).containsExactly(tid);
	}

	@Test
	default void transactionsMayBeginAndStoreWhileAnotherHoldsTheCommitLock() throws Exception {
		Storage storage = storage();
		Oid first = storage.newOid();
		Oid second = storage.newOid();
		TransactionMetaData voted = TestCommits.txn();
		storage.tpcBegin(voted);
		storage.store(first, Tid.ZERO, TestRecords.counter(1), voted);
		storage.vote(voted);
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			TransactionMetaData other = TestCommits.txn();
			executor.submit(() -> {
				storage.tpcBegin(other);
				storage.store(second, Tid.ZERO, TestRecords.counter(2), other);
				return null;
			}).get(THREAD_WAIT_SECONDS, TimeUnit.SECONDS);
			Future<Tid> otherCommit = executor.submit(() -> {
				storage.vote(other);
				return storage.tpcFinish(other);
			});
			Tid firstTid = storage.tpcFinish(voted);
			Tid secondTid = otherCommit.get(THREAD_WAIT_SECONDS, TimeUnit.SECONDS);
			assertThat(secondTid).isGreaterThan(firstTid);
			assertThat(storage.load(first).serial()).isEqualTo(firstTid);
			assertThat(storage.load(second).serial()).isEqualTo(secondTid);
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	default void interleavedTransactionsFromManyThreadsSerialiseAtVote() throws Exception {
		Storage storage = storage();
		int threads = 8;
		List<Oid> oids = storage.newOids(threads);
		CyclicBarrier allStored = new CyclicBarrier(threads);
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<Tid>> commits = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				Oid oid = oids.get(i);
				int value = i;
				commits.add(executor.submit(() -> {
					TransactionMetaData txn = TestCommits.txn("thread " + value);
					storage.tpcBegin(txn);
					storage.store(oid, Tid.ZERO, TestRecords.counter(value), txn);
					allStored.await(THREAD_WAIT_SECONDS, TimeUnit.SECONDS);
					storage.vote(txn);
					return storage.tpcFinish(txn);
				}));
			}
			List<Tid> tids = new ArrayList<>();
			for (Future<Tid> commit : commits) {
				tids.add(commit.get(THREAD_WAIT_SECONDS, TimeUnit.SECONDS));
			}
			assertThat(tids).doesNotHaveDuplicates();
			for (int i = 0; i < threads; i++) {
				DataRevision loaded = storage.load(oids.get(i));
				assertThat(TestRecords.value(loaded.data())).isEqualTo(i);
				assertThat(loaded.serial()).isEqualTo(tids.get(i));
			}
			assertThat(TestCommits.tids(storage)).containsExactlyInAnyOrderElementsOf(tids).isSorted();
			assertThat(storage.lastTransaction()).isEqualTo(tids.stream().max(Tid::compareTo).orElseThrow());
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	default void concurrentIncrementsKeepTheSumInvariant() throws Exception {
		Storage storage = storage();
		int threads = 4;
		int increments = 25;
		Oid shared = storage.newOid();
		List<Oid> own = storage.newOids(threads);
		List<TestCommits.Store> setup = new ArrayList<>();
		setup.add(store(shared, Tid.ZERO, TestRecords.counter(0)));
		own.forEach((oid) -> setup.add(store(oid, Tid.ZERO, TestRecords.counter(0))));
		commit(storage, "setup", setup.toArray(TestCommits.Store[]::new));
		AtomicInteger conflicts = new AtomicInteger();
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> workers = new ArrayList<>();
			for (Oid mine : own) {
				workers.add(executor.submit(() -> {
					for (int done = 0; done < increments;) {
						if (increment(storage, mine, shared)) {
							done++;
						}
						else {
							conflicts.incrementAndGet();
						}
					}
					return null;
				}));
			}
			for (Future<?> worker : workers) {
				worker.get(THREAD_WAIT_SECONDS, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		int sum = 0;
		for (Oid mine : own) {
			int value = TestRecords.value(storage.load(mine).data());
			assertThat(value).isEqualTo(increments);
			sum += value;
		}
		assertThat(TestRecords.value(storage.load(shared).data())).isEqualTo(sum).isEqualTo(threads * increments);
		assertThat(TestCommits.tids(storage)).hasSize(1 + threads * increments).isSorted().doesNotHaveDuplicates();
	}

	/**
	 * Adds one to two counters in one transaction.
	 * @return {@code false} if the transaction conflicted and was aborted
	 */
	private static boolean increment(Storage storage, Oid mine, Oid shared) {
		DataRevision own = storage.load(mine);
		DataRevision common = storage.load(shared);
		TransactionMetaData txn = TestCommits.txn();
		storage.tpcBegin(txn);
		try {
			storage.store(mine, own.serial(), TestRecords.counter(TestRecords.value(own.data()) + 1), txn);
			storage.store(shared, common.serial(), TestRecords.counter(TestRecords.value(common.data()) + 1), txn);
			storage.vote(txn);
		}
		catch (ConflictError ex) {
			storage.tpcAbort(txn);
			return false;
		}
		storage.tpcFinish(txn);
		return true;
	}

}
