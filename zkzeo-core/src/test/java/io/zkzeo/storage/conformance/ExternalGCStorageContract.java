package io.zkzeo.storage.conformance;

import io.zkzeo.storage.ConflictError;
import io.zkzeo.storage.DataRevision;
import io.zkzeo.storage.ExternalGC;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.POSKeyError;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import org.junit.jupiter.api.Test;

import static io.zkzeo.storage.conformance.TestCommits.commit;
import static io.zkzeo.storage.conformance.TestCommits.store;
import static io.zkzeo.storage.conformance.TestCommits.txn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Deleting objects from outside, as ZODB's {@code IExternalGC.deleteObject} does, for storages that are
 * an {@link ExternalGC}.
 */
public interface ExternalGCStorageContract extends StorageContract {

	/** @return the storage under test as an {@link ExternalGC} */
	default ExternalGC externalGC() {
		return (ExternalGC) storage();
	}

	@Test
	default void deletedObjectHasNoCurrentDataButKeepsItsHistory() {
		Storage storage = storage();
		Oid oid = Oid.of(1);
		Tid t1 = commit(storage, "t1", store(oid, Tid.ZERO, TestRecords.counter(1)));
		Tid t2 = commit(storage, "t2", store(oid, t1, TestRecords.counter(2)));
		Tid deleted = delete(storage, oid, t2);
		assertThat(storage.lastTransaction()).isEqualTo(deleted);
		assertThatExceptionOfType(POSKeyError.class).isThrownBy(() -> storage.load(oid));
		assertThatExceptionOfType(POSKeyError.class).isThrownBy(() -> storage.loadBefore(oid, Tid.MAX));
		DataRevision before = storage.loadBefore(oid, deleted);
		assertThat(before).isNotNull();
		assertThat(before.start()).isEqualTo(t2);
		assertThat(before.end()).isEqualTo(deleted);
		assertThat(TestRecords.value(before.data())).isEqualTo(2);
		assertThat(TestRecords.value(storage.loadSerial(oid, t1))).isEqualTo(1);
		assertThat(storage.history(oid, 10)).hasSize(3);
	}

	@Test
	default void deleteObjectWithAStaleSerialConflicts() {
		Storage storage = storage();
		Oid oid = Oid.of(1);
		Tid t1 = commit(storage, "t1", store(oid, Tid.ZERO, TestRecords.counter(1)));
		Tid t2 = commit(storage, "t2", store(oid, t1, TestRecords.counter(2)));
		TransactionMetaData txn = txn("stale delete");
		storage.tpcBegin(txn);
		try {
			assertThatExceptionOfType(ConflictError.class).isThrownBy(() -> {
				externalGC().deleteObject(oid, t1, txn);
				storage.vote(txn);
			});
		}
		finally {
			storage.tpcAbort(txn);
		}
		assertThat(storage.load(oid).serial()).isEqualTo(t2);
	}

	@Test
	default void deleteObjectOfAnUnknownObjectRaisesPOSKeyError() {
		Storage storage = storage();
		commit(storage, "t1", store(Oid.of(1), Tid.ZERO, TestRecords.counter(1)));
		TransactionMetaData txn = txn("unknown delete");
		storage.tpcBegin(txn);
		try {
			assertThatExceptionOfType(POSKeyError.class)
				.isThrownBy(() -> externalGC().deleteObject(Oid.of(2), Tid.ZERO, txn));
		}
		finally {
			storage.tpcAbort(txn);
		}
	}

	@Test
	default void deletedObjectCanBeStoredAgainOnTheDeletionSerial() {
		Storage storage = storage();
		Oid oid = Oid.of(1);
		Tid t1 = commit(storage, "t1", store(oid, Tid.ZERO, TestRecords.counter(1)));
		Tid deleted = delete(storage, oid, t1);
		Tid again = commit(storage, "again", store(oid, deleted, TestRecords.counter(3)));
		DataRevision current = storage.load(oid);
		assertThat(current.serial()).isEqualTo(again);
		assertThat(TestRecords.value(current.data())).isEqualTo(3);
	}

	/**
	 * Deletes an object in a transaction of its own.
	 * @param storage the storage
	 * @param oid the object
	 * @param serial its current serial
	 * @return the deleting transaction's tid
	 */
	private Tid delete(Storage storage, Oid oid, Tid serial) {
		TransactionMetaData txn = txn("delete " + oid);
		storage.tpcBegin(txn);
		try {
			externalGC().deleteObject(oid, serial, txn);
			storage.vote(txn);
		}
		catch (RuntimeException ex) {
			storage.tpcAbort(txn);
			throw ex;
		}
		return storage.tpcFinish(txn);
	}

}
