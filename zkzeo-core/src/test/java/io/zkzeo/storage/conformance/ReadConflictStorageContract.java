package io.zkzeo.storage.conformance;

import io.zkzeo.storage.Oid;
import io.zkzeo.storage.ReadConflictError;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import org.junit.jupiter.api.Test;

import static io.zkzeo.storage.conformance.TestCommits.commit;
import static io.zkzeo.storage.conformance.TestCommits.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Read conflicts: {@code checkCurrentSerialInTransaction} makes the vote fail with
 * {@link ReadConflictError} if an object the transaction only read has changed.
 */
public interface ReadConflictStorageContract extends StorageContract {

	@Test
	default void unchangedReadObjectLetsTheTransactionCommit() {
		Storage storage = storage();
		Oid read = storage.newOid();
		Oid written = storage.newOid();
		Tid t1 = commit(storage, "setup", store(read, Tid.ZERO, TestRecords.counter(1)),
				store(written, Tid.ZERO, TestRecords.counter(1)));
		TransactionMetaData txn = TestCommits.txn();
		storage.tpcBegin(txn);
		storage.checkCurrentSerialInTransaction(read, t1, txn);
		storage.store(written, t1, TestRecords.counter(2), txn);
		storage.vote(txn);
		Tid t2 = storage.tpcFinish(txn);
		assertThat(storage.load(written).serial()).isEqualTo(t2);
		assertThat(storage.load(read).serial()).isEqualTo(t1);
	}

	@Test
	default void readObjectChangedAfterTheCheckFailsTheVote() {
		Storage storage = storage();
		Oid read = storage.newOid();
		Oid written = storage.newOid();
		Tid t1 = commit(storage, "setup", store(read, Tid.ZERO, TestRecords.counter(1)),
				store(written, Tid.ZERO, TestRecords.counter(1)));
		TransactionMetaData txn = TestCommits.txn();
		storage.tpcBegin(txn);
		storage.checkCurrentSerialInTransaction(read, t1, txn);
		storage.store(written, t1, TestRecords.counter(2), txn);
		Tid t2 = commit(storage, "change the read object", store(read, t1, TestRecords.counter(5)));
		assertThatExceptionOfType(ReadConflictError.class).isThrownBy(() -> storage.vote(txn)).satisfies((conflict) -> {
			assertThat(conflict.getOid()).isEqualTo(read);
			assertThat(conflict.getCommittedSerial()).isEqualTo(t2);
			assertThat(conflict.getOldSerial()).isEqualTo(t1);
		});
		storage.tpcAbort(txn);
		assertThat(TestRecords.value(storage.load(written).data())).isEqualTo(1);
		assertThat(storage.lastTransaction()).isEqualTo(t2);
	}

	@Test
	default void readObjectAlreadyChangedFailsAtTheCheckOrTheVote() {
		Storage storage = storage();
		Oid read = storage.newOid();
		Tid t1 = commit(storage, "v1", store(read, Tid.ZERO, TestRecords.counter(1)));
		Tid t2 = commit(storage, "v2", store(read, t1, TestRecords.counter(2)));
		TransactionMetaData txn = TestCommits.txn();
		storage.tpcBegin(txn);
		ReadConflictError conflict;
		try {
			storage.checkCurrentSerialInTransaction(read, t1, txn);
			conflict = null;
		}
		catch (ReadConflictError ex) {
			conflict = ex;
		}
		if (conflict == null) {
			ReadConflictError[] atVote = new ReadConflictError[1];
			assertThatExceptionOfType(ReadConflictError.class).isThrownBy(() -> storage.vote(txn))
				.satisfies((ex) -> atVote[0] = ex);
			conflict = atVote[0];
		}
		assertThat(conflict.getOid()).isEqualTo(read);
		assertThat(conflict.getCommittedSerial()).isEqualTo(t2);
		assertThat(conflict.getOldSerial()).isEqualTo(t1);
		storage.tpcAbort(txn);
		assertThat(storage.lastTransaction()).isEqualTo(t2);
	}

}
