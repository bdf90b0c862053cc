package io.zkzeo.storage.conformance;

import java.time.Instant;

import io.zkzeo.storage.Oid;
import io.zkzeo.storage.ReadOnlyError;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import org.junit.jupiter.api.Test;

import static io.zkzeo.storage.conformance.TestCommits.commit;
import static io.zkzeo.storage.conformance.TestCommits.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A read-only storage serves reads and refuses every write with {@link ReadOnlyError}.
 */
public interface ReadOnlyStorageContract extends StorageContract {

	/**
	 * Returns a read-only storage over the data committed to {@link #storage()} so far. The implementation
	 * may close {@link #storage()} first (the test does not use it afterwards) and must close the returned
	 * storage after the test.
	 * @return the read-only storage
	 */
	Storage readOnlyStorage();

	@Test
	default void readOnlyStorageServesReads() {
		Storage storage = storage();
		Oid oid = storage.newOid();
		Tid t1 = commit(storage, "v1", store(oid, Tid.ZERO, TestRecords.counter(1)));
		Tid t2 = commit(storage, "v2", store(oid, t1, TestRecords.counter(2)));
		Storage readOnly = readOnlyStorage();
		assertThat(readOnly.isReadOnly()).isTrue();
		assertThat(readOnly.lastTransaction()).isEqualTo(t2);
		assertThat(TestRecords.value(readOnly.load(oid).data())).isEqualTo(2);
		assertThat(TestRecords.value(readOnly.loadSerial(oid, t1))).isEqualTo(1);
		assertThat(readOnly.loadBefore(oid, t2)).isNotNull();
		assertThat(readOnly.history(oid, 5)).hasSize(2);
		assertThat(TestCommits.tids(readOnly)).containsExactly(t1, t2);
	}

	@Test
	default void everyWriteRaisesReadOnlyError() {
		Storage storage = storage();
		Oid oid = storage.newOid();
		Tid t1 = commit(storage, "v1", store(oid, Tid.ZERO, TestRecords.counter(1)));
		Storage readOnly = readOnlyStorage();
		TransactionMetaData txn = TestCommits.txn();
		byte[] record = TestRecords.counter(2);
		assertThatExceptionOfType(ReadOnlyError.class).isThrownBy(readOnly::newOid);
		assertThatExceptionOfType(ReadOnlyError.class).isThrownBy(() -> readOnly.newOids(2));
		assertThatExceptionOfType(ReadOnlyError.class).isThrownBy(() -> readOnly.tpcBegin(txn));
		assertThatExceptionOfType(ReadOnlyError.class).isThrownBy(() -> readOnly.store(oid, t1, record, txn));
		assertThatExceptionOfType(ReadOnlyError.class).isThrownBy(() -> readOnly.restore(oid, t1, record, null, txn));
		assertThatExceptionOfType(ReadOnlyError.class)
			.isThrownBy(() -> readOnly.checkCurrentSerialInTransaction(oid, t1, txn));
		assertThatExceptionOfType(ReadOnlyError.class).isThrownBy(() -> readOnly.undo(t1, txn));
		assertThatExceptionOfType(ReadOnlyError.class).isThrownBy(() -> readOnly.vote(txn));
		assertThatExceptionOfType(ReadOnlyError.class).isThrownBy(() -> readOnly.tpcFinish(txn));
		assertThatExceptionOfType(ReadOnlyError.class)
			.isThrownBy(() -> readOnly.pack(Instant.now(), (data, oids) -> { }));
		readOnly.tpcAbort(txn);
		assertThat(readOnly.load(oid).serial()).isEqualTo(t1);
		assertThat(readOnly.lastTransaction()).isEqualTo(t1);
	}

}
