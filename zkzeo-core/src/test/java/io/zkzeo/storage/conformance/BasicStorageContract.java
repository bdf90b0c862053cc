package io.zkzeo.storage.conformance;

import java.util.ArrayList;
import java.util.List;

import io.zkzeo.storage.DataRevision;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.POSKeyError;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import org.junit.jupiter.api.Test;

import static io.zkzeo.storage.conformance.TestCommits.commit;
import static io.zkzeo.storage.conformance.TestCommits.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Store and load of current revisions, and new object ids.
 */
public interface BasicStorageContract extends StorageContract {

	@Test
	default void newStorageIsEmpty() {
		Storage storage = storage();
		assertThat(storage.lastTransaction()).isEqualTo(Tid.ZERO);
		assertThat(storage.objectCount()).isZero();
		assertThat(storage.isReadOnly()).isFalse();
		assertThat(TestCommits.tids(storage)).isEmpty();
		assertThatExceptionOfType(POSKeyError.class).isThrownBy(() -> storage.load(Oid.ROOT))
			.satisfies((ex) -> assertThat(ex.getOid()).isEqualTo(Oid.ROOT));
	}

	@Test
	default void loadReturnsStoredDataWithTheCommittingTid() {
		Storage storage = storage();
		Oid oid = storage.newOid();
		byte[] record = TestRecords.counter(1);
		Tid tid = commit(storage, "create", store(oid, Tid.ZERO, record));
		DataRevision loaded = storage.load(oid);
		assertThat(loaded.data()).isEqualTo(record);
		assertThat(loaded.serial()).isEqualTo(tid);
		assertThat(loaded.start()).isEqualTo(tid);
		assertThat(loaded.end()).isNull();
		assertThat(storage.lastTransaction()).isEqualTo(tid);
		assertThat(storage.objectCount()).isEqualTo(1);
	}

	@Test
	default void updateReplacesTheCurrentRevision() {
		Storage storage = storage();
		Oid oid = storage.newOid();
		Tid created = commit(storage, "create", store(oid, Tid.ZERO, TestRecords.counter(1)));
		Tid updated = commit(storage, "update", store(oid, created, TestRecords.counter(2)));
		assertThat(updated).isGreaterThan(created);
		DataRevision loaded = storage.load(oid);
		assertThat(TestRecords.value(loaded.data())).isEqualTo(2);
		assertThat(loaded.serial()).isEqualTo(updated);
		assertThat(storage.objectCount()).isEqualTo(1);
	}

	@Test
	default void objectsStoredInOneTransactionShareItsTid() {
		Storage storage = storage();
		List<Oid> oids = storage.newOids(3);
		Tid tid = commit(storage, "three", store(oids.get(0), Tid.ZERO, TestRecords.counter(0)),
				store(oids.get(1), Tid.ZERO, TestRecords.counter(1)), store(oids.get(2), Tid.ZERO, TestRecords.counter(2)));
		for (int i = 0; i < 3; i++) {
			DataRevision loaded = storage.load(oids.get(i));
			assertThat(loaded.serial()).isEqualTo(tid);
			assertThat(TestRecords.value(loaded.data())).isEqualTo(i);
		}
		assertThat(storage.objectCount()).isEqualTo(3);
	}

	@Test
	default void tidsIncreaseStrictlyFromCommitToCommit() {
		Storage storage = storage();
		Oid oid = storage.newOid();
		Tid serial = Tid.ZERO;
		Tid previous = Tid.ZERO;
		for (int i = 0; i < 20; i++) {
			serial = commit(storage, "update " + i, store(oid, serial, TestRecords.counter(i)));
			assertThat(serial).isGreaterThan(previous);
			previous = serial;
		}
		assertThat(storage.lastTransaction()).isEqualTo(serial);
		assertThat(TestCommits.tids(storage)).hasSize(20).isSorted();
	}

	@Test
	default void storedAndLoadedArraysAreCopies() {
		Storage storage = storage();
		Oid oid = storage.newOid();
		byte[] record = TestRecords.counter(1);
		TransactionMetaData txn = TestCommits.txn();
		storage.tpcBegin(txn);
		storage.store(oid, Tid.ZERO, record, txn);
		record[record.length - 3] = 9;
		storage.vote(txn);
		storage.tpcFinish(txn);
		byte[] loaded = storage.load(oid).data();
		assertThat(TestRecords.value(loaded)).isEqualTo(1);
		loaded[loaded.length - 3] = 9;
		assertThat(TestRecords.value(storage.load(oid).data())).isEqualTo(1);
	}

	@Test
	default void secondStoreOfAnObjectInOneTransactionWins() {
		Storage storage = storage();
		Oid oid = storage.newOid();
		TransactionMetaData txn = TestCommits.txn();
		storage.tpcBegin(txn);
		storage.store(oid, Tid.ZERO, TestRecords.counter(1), txn);
		storage.store(oid, Tid.ZERO, TestRecords.counter(2), txn);
		storage.vote(txn);
		Tid tid = storage.tpcFinish(txn);
		assertThat(TestRecords.value(storage.load(oid).data())).isEqualTo(2);
		assertThat(storage.load(oid).serial()).isEqualTo(tid);
	}

	@Test
	default void newOidsAreDistinctIncreasingAndNeverTheRoot() {
		Storage storage = storage();
		List<Oid> oids = new ArrayList<>(storage.newOids(100));
		oids.add(storage.newOid());
		oids.addAll(storage.newOids(0));
		assertThat(oids).hasSize(101).doesNotHaveDuplicates().doesNotContain(Oid.ROOT).isSorted();
	}

	@Test
	default void newOidIsAboveEveryStoredOid() {
		Storage storage = storage();
		Oid stored = Oid.of(0x1000);
		commit(storage, "explicit oid", store(stored, Tid.ZERO, TestRecords.counter(1)));
		assertThat(storage.newOid()).isGreaterThan(stored);
	}

	@Test
	default void sizeGrowsWithCommits() {
		Storage storage = storage();
		long before = storage.getSize();
		commit(storage, "create", store(storage.newOid(), Tid.ZERO, TestRecords.counter(1)));
		assertThat(storage.getSize()).isGreaterThan(before);
	}

}
