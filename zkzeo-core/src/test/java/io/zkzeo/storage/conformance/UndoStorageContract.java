package io.zkzeo.storage.conformance;

import java.util.ArrayList;
import java.util.List;

import io.zkzeo.storage.DataRevision;
import io.zkzeo.storage.HistoryEntry;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.POSKeyError;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import io.zkzeo.storage.UndoError;
import io.zkzeo.storage.UndoInfo;
import org.junit.jupiter.api.Test;

import static io.zkzeo.storage.conformance.TestCommits.commit;
import static io.zkzeo.storage.conformance.TestCommits.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Transactional undo and the undo log.
 */
public interface UndoStorageContract extends StorageContract {

	@Test
	default void undoLogListsTransactionsNewestFirst() {
		Storage storage = storage();
		List<Tid> tids = commitFive(storage);
		assertThat(storage.supportsUndo()).isTrue();
		List<UndoInfo> log = storage.undoLog(0, -20, null);
		assertThat(log).extracting(UndoInfo::tid).containsExactly(tids.get(4), tids.get(3), tids.get(2), tids.get(1), tids.get(0));
		assertThat(log).extracting(UndoInfo::descriptionText).containsExactly("t4", "t3", "t2", "t1", "t0");
		assertThat(log).extracting(UndoInfo::userText).containsOnly("/ tester");
		assertThat(log.get(0).time()).isEqualTo(tids.get(4).toTimeStamp().timeTime());
		assertThat(log).allSatisfy((info) -> assertThat(info.size()).isPositive());
	}

	@Test
	default void undoLogFirstAndLastSelectARange() {
		Storage storage = storage();
		List<Tid> tids = commitFive(storage);
		assertThat(storage.undoLog(1, 3, null)).extracting(UndoInfo::tid).containsExactly(tids.get(3), tids.get(2));
		assertThat(storage.undoLog(2, -2, null)).extracting(UndoInfo::tid).containsExactly(tids.get(2), tids.get(1));
		assertThat(storage.undoLog(0, -1, null)).extracting(UndoInfo::tid).containsExactly(tids.get(4));
		assertThat(storage.undoLog(0, 0, null)).isEmpty();
		assertThat(storage.undoLog(4, 100, null)).extracting(UndoInfo::tid).containsExactly(tids.get(0));
		assertThat(storage.undoLog(5, 100, null)).isEmpty();
		assertThat(storage.undoLog(0, Integer.MAX_VALUE, null)).hasSize(5);
	}

	@Test
	default void undoLogCountsOnlyTransactionsTheFilterAccepts() {
		Storage storage = storage();
		List<Tid> tids = commitFive(storage);
		List<UndoInfo> even = storage.undoLog(1, 3,
				(info) -> Integer.parseInt(info.descriptionText().substring(1)) % 2 == 0);
		assertThat(even).extracting(UndoInfo::tid).containsExactly(tids.get(2), tids.get(0));
	}

	@Test
	default void undoWritesARevisionEqualToTheEarlierData() {
		Storage storage = storage();
		Oid oid = storage.newOid();
		Tid t1 = commit(storage, "v1", store(oid, Tid.ZERO, TestRecords.counter(1)));
		Tid t2 = commit(storage, "v2", store(oid, t1, TestRecords.counter(2)));
		Tid t3 = commit(storage, "v3", store(oid, t2, TestRecords.counter(3)));
		TransactionMetaData txn = TestCommits.txn("undo v3");
		storage.tpcBegin(txn);
		assertThat(storage.undo(t3, txn)).containsExactly(oid);
		storage.vote(txn);
		Tid undo = storage.tpcFinish(txn);
		assertThat(undo).isGreaterThan(t3);
		DataRevision current = storage.load(oid);
		assertThat(current.data()).isEqualTo(storage.loadSerial(oid, t2));
		assertThat(current.serial()).isEqualTo(undo);
		assertThat(storage.loadSerial(oid, undo)).isEqualTo(TestRecords.counter(2));
		assertThat(storage.history(oid, 10)).extracting(HistoryEntry::tid).containsExactly(undo, t3, t2, t1);
		assertThat(storage.undoLog(0, -1, null)).extracting(UndoInfo::tid).containsExactly(undo);
	}

	@Test
	default void undoOfAnUndoRedoes() {
		Storage storage = storage();
		Oid oid = storage.newOid();
		Tid t1 = commit(storage, "v1", store(oid, Tid.ZERO, TestRecords.counter(1)));
		Tid t2 = commit(storage, "v2", store(oid, t1, TestRecords.counter(2)));
		Tid undo = TestCommits.undo(storage, t2);
		assertThat(TestRecords.value(storage.load(oid).data())).isEqualTo(1);
		Tid redo = TestCommits.undo(storage, undo);
		assertThat(TestRecords.value(storage.load(oid).data())).isEqualTo(2);
		assertThat(storage.load(oid).serial()).isEqualTo(redo);
	}

	@Test
	default void undoOfATransactionWhoseObjectChangedLaterRaisesUndoError() {
		Storage storage = storage();
		Oid oid = storage.newOid();
		Tid t1 = commit(storage, "v1", store(oid, Tid.ZERO, TestRecords.counter(1)));
		Tid t2 = commit(storage, "v2", store(oid, t1, TestRecords.counter(2)));
		Tid t3 = commit(storage, "v3", store(oid, t2, TestRecords.counter(3)));
		TransactionMetaData txn = TestCommits.txn();
		storage.tpcBegin(txn);
		UndoError[] error = new UndoError[1];
		try {
			storage.undo(t2, txn);
			assertThatExceptionOfType(UndoError.class).isThrownBy(() -> storage.vote(txn)).satisfies((ex) -> error[0] = ex);
		}
		catch (UndoError ex) {
			error[0] = ex;
		}
		assertThat(error[0].getOid()).isEqualTo(oid);
		storage.tpcAbort(txn);
		assertThat(storage.load(oid).serial()).isEqualTo(t3);
		assertThat(storage.lastTransaction()).isEqualTo(t3);
	}

	@Test
	default void undoOfACreationMakesTheObjectDisappear() {
		Storage storage = storage();
		Oid root = Oid.ROOT;
		Oid created = storage.newOid();
		Tid t1 = commit(storage, "root", store(root, Tid.ZERO, TestRecords.node(0)));
		Tid t2 = commit(storage, "create", store(root, t1, TestRecords.node(1, created)),
				store(created, Tid.ZERO, TestRecords.counter(7)));
		Tid undo = TestCommits.undo(storage, t2);
		assertThatExceptionOfType(POSKeyError.class).isThrownBy(() -> storage.load(created));
		assertDoesNotExistBefore(storage, created, Tid.MAX);
		assertDoesNotExistBefore(storage, created, undo.next());
		DataRevision before = storage.loadBefore(created, undo);
		assertThat(before).isNotNull();
		assertThat(TestRecords.value(before.data())).isEqualTo(7);
		assertThat(before.end()).isEqualTo(undo);
		assertThatExceptionOfType(POSKeyError.class).isThrownBy(() -> storage.loadSerial(created, undo));
		assertThat(storage.load(root).data()).isEqualTo(TestRecords.node(0));
		assertThat(storage.load(root).serial()).isEqualTo(undo);
	}

	@Test
	default void undoOfAnUnknownTransactionRaisesUndoError() {
		Storage storage = storage();
		Tid t1 = commit(storage, "v1", store(storage.newOid(), Tid.ZERO, TestRecords.counter(1)));
		TransactionMetaData txn = TestCommits.txn();
		storage.tpcBegin(txn);
		assertThatExceptionOfType(UndoError.class).isThrownBy(() -> storage.undo(t1.next(), txn));
		storage.tpcAbort(txn);
		assertThat(storage.lastTransaction()).isEqualTo(t1);
	}

	/**
	 * Checks that {@code loadBefore} finds the undone creation and raises {@code POSKeyError} for it, as
	 * Python's FileStorage does (a Python client would take {@code None} for a read conflict).
	 */
	private static void assertDoesNotExistBefore(Storage storage, Oid oid, Tid before) {
		assertThatExceptionOfType(POSKeyError.class).isThrownBy(() -> storage.loadBefore(oid, before))
			.satisfies((ex) -> assertThat(ex.getOid()).isEqualTo(oid));
	}

	private static List<Tid> commitFive(Storage storage) {
		Oid oid = storage.newOid();
		Tid serial = Tid.ZERO;
		List<Tid> tids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			serial = commit(storage, "t" + i, store(oid, serial, TestRecords.counter(i)));
			tids.add(serial);
		}
		return tids;
	}

}
