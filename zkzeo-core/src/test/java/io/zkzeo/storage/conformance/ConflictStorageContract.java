package io.zkzeo.storage.conformance;

import io.zkzeo.storage.ConflictError;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.ReadConflictError;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import static io.zkzeo.storage.conformance.TestCommits.commit;
import static io.zkzeo.storage.conformance.TestCommits.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Write conflicts: a store based on a serial that is no longer current fails with {@link ConflictError}
 * (at the store or at vote) naming the object and both serials, and an aborted transaction leaves nothing
 * behind.
 */
public interface ConflictStorageContract extends StorageContract {

	@Test
	default void storeBasedOnAnOldSerialRaisesConflictErrorWithBothSerials() {
		Storage storage = storage();
		Oid oid = storage.newOid();
		Tid t1 = commit(storage, "v1", store(oid, Tid.ZERO, TestRecords.counter(1)));
		Tid t2 = commit(storage, "v2", store(oid, t1, TestRecords.counter(2)));
		TransactionMetaData txn = TestCommits.txn();
		storage.tpcBegin(txn);
		ConflictError conflict = conflictAtStoreOrVote(storage, txn,
				() -> storage.store(oid, t1, TestRecords.counter(3), txn));
		assertThat(conflict).isNotInstanceOf(ReadConflictError.class);
		assertThat(conflict.getOid()).isEqualTo(oid);
		assertThat(conflict.getCommittedSerial()).isEqualTo(t2);
		assertThat(conflict.getOldSerial()).isEqualTo(t1);
		storage.tpcAbort(txn);
		assertUnchanged(storage, oid, 2, t2);
	}

	@Test
	default void concurrentTransactionsStoringOneObjectConflictAtVote() {
		Storage storage = storage();
		Oid oid = storage.newOid();
		Tid t1 = commit(storage, "v1", store(oid, Tid.ZERO, TestRecords.counter(1)));
		TransactionMetaData first = TestCommits.txn();
		TransactionMetaData second = TestCommits.txn();
		storage.tpcBegin(first);
		storage.tpcBegin(second);
		storage.store(oid, t1, TestRecords.counter(10), first);
		storage.store(oid, t1, TestRecords.counter(20), second);
		storage.vote(second);
		Tid t2 = storage.tpcFinish(second);
		assertThatExceptionOfType(ConflictError.class).isThrownBy(() -> storage.vote(first)).satisfies((conflict) -> {
			assertThat(conflict.getOid()).isEqualTo(oid);
			assertThat(conflict.getCommittedSerial()).isEqualTo(t2);
			assertThat(conflict.getOldSerial()).isEqualTo(t1);
		});
		storage.tpcAbort(first);
		assertUnchanged(storage, oid, 20, t2);
	}

	@Test
	default void creatingAnExistingObjectConflicts() {
		Storage storage = storage();
		Oid oid = storage.newOid();
		Tid t1 = commit(storage, "v1", store(oid, Tid.ZERO, TestRecords.counter(1)));
		TransactionMetaData txn = TestCommits.txn();
		storage.tpcBegin(txn);
		ConflictError conflict = conflictAtStoreOrVote(storage, txn,
				() -> storage.store(oid, Tid.ZERO, TestRecords.counter(2), txn));
		assertThat(conflict.getCommittedSerial()).isEqualTo(t1);
		assertThat(conflict.getOldSerial()).isEqualTo(Tid.ZERO);
		storage.tpcAbort(txn);
		assertUnchanged(storage, oid, 1, t1);
	}

	@Test
	default void updatingAnObjectThatDoesNotExistConflicts() {
		Storage storage = storage();
		Oid oid = storage.newOid();
		Tid t1 = commit(storage, "other", store(storage.newOid(), Tid.ZERO, TestRecords.counter(1)));
		TransactionMetaData txn = TestCommits.txn();
		storage.tpcBegin(txn);
		ConflictError conflict = conflictAtStoreOrVote(storage, txn,
				() -> storage.store(oid, t1, TestRecords.counter(2), txn));
		assertThat(conflict.getOid()).isEqualTo(oid);
		assertThat(conflict.getCommittedSerial()).isEqualTo(Tid.ZERO);
		storage.tpcAbort(txn);
		assertThat(storage.lastTransaction()).isEqualTo(t1);
	}

	@Test
	default void abortedTransactionLeavesTheStorageUnchanged() {
		Storage storage = storage();
		Oid oid = storage.newOid();
		Oid created = storage.newOid();
		Tid t1 = commit(storage, "v1", store(oid, Tid.ZERO, TestRecords.counter(1)));
		long size = storage.getSize();
		TransactionMetaData beforeVote = TestCommits.txn();
		storage.tpcBegin(beforeVote);
		storage.store(oid, t1, TestRecords.counter(2), beforeVote);
		storage.store(created, Tid.ZERO, TestRecords.counter(3), beforeVote);
		storage.tpcAbort(beforeVote);
		TransactionMetaData afterVote = TestCommits.txn();
		storage.tpcBegin(afterVote);
		storage.store(oid, t1, TestRecords.counter(4), afterVote);
		storage.vote(afterVote);
		storage.tpcAbort(afterVote);
		storage.tpcAbort(afterVote);
		assertUnchanged(storage, oid, 1, t1);
		assertThat(storage.objectCount()).isEqualTo(1);
		assertThat(storage.getSize()).isEqualTo(size);
		assertThat(TestCommits.tids(storage)).containsExactly(t1);
		Tid t2 = commit(storage, "after aborts", store(oid, t1, TestRecords.counter(5)));
		assertUnchanged(storage, oid, 5, t2);
	}

	@Test
	default void transactionThatFailedToVoteCanBeAbortedAndOthersCommit() {
		Storage storage = storage();
		Oid oid = storage.newOid();
		Tid t1 = commit(storage, "v1", store(oid, Tid.ZERO, TestRecords.counter(1)));
		TransactionMetaData stale = TestCommits.txn();
		storage.tpcBegin(stale);
		storage.store(oid, t1, TestRecords.counter(2), stale);
		Tid t2 = commit(storage, "v2", store(oid, t1, TestRecords.counter(3)));
		assertThatExceptionOfType(ConflictError.class).isThrownBy(() -> storage.vote(stale));
		storage.tpcAbort(stale);
		Tid t3 = commit(storage, "v3", store(oid, t2, TestRecords.counter(4)));
		assertUnchanged(storage, oid, 4, t3);
	}

	private static ConflictError conflictAtStoreOrVote(Storage storage, TransactionMetaData txn, ThrowingCallable store) {
		try {
			store.call();
		}
		catch (ConflictError ex) {
			return ex;
		}
		catch (Throwable ex) {
			throw new AssertionError("Expected a ConflictError, got " + ex, ex);
		}
		ConflictError[] conflict = new ConflictError[1];
		assertThatExceptionOfType(ConflictError.class).isThrownBy(() -> storage.vote(txn))
			.satisfies((ex) -> conflict[0] = ex);
		return conflict[0];
	}

	private static void assertUnchanged(Storage storage, Oid oid, int value, Tid serial) {
		assertThat(TestRecords.value(storage.load(oid).data())).isEqualTo(value);
		assertThat(storage.load(oid).serial()).isEqualTo(serial);
		assertThat(storage.lastTransaction()).isEqualTo(serial);
	}

}
