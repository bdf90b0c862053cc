package io.zkzeo.storage.conformance;

import java.time.Instant;
import java.util.List;

import io.zkzeo.storage.DataRevision;
import io.zkzeo.storage.HistoryEntry;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.POSKeyError;
import io.zkzeo.storage.ReferenceFinder;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionRecord;
import io.zkzeo.storage.UndoInfo;
import org.junit.jupiter.api.Test;

import static io.zkzeo.storage.conformance.TestCommits.commit;
import static io.zkzeo.storage.conformance.TestCommits.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Pack with garbage collection: objects reachable from the root at the pack time keep their revision of
 * that time and all later history; unreachable objects and older revisions go, and reads of removed
 * history behave as they do on a packed ZODB FileStorage.
 */
public interface PackStorageContract extends StorageContract {

	/**
	 * Returns the reference finder to pack with; it must understand the records {@link TestRecords} makes.
	 * @return the reference finder
	 */
	ReferenceFinder referenceFinder();

	/**
	 * Returns the pack time that includes a transaction and nothing after it.
	 * @param tid the transaction
	 * @return its time
	 */
	static Instant packTimeOf(Tid tid) {
		return tid.toInstant();
	}

	@Test
	default void packRemovesUnreachableObjectsAndOldRevisions() {
		Storage storage = storage();
		Oid a = storage.newOid();
		Oid b = storage.newOid();
		Oid c = storage.newOid();
		Oid dropped = storage.newOid();
		Tid t1 = commit(storage, "root", store(Oid.ROOT, Tid.ZERO, TestRecords.node(0)));
		Tid t2 = commit(storage, "add", store(Oid.ROOT, t1, TestRecords.node(1, a, b, dropped)),
				store(a, Tid.ZERO, TestRecords.node(1)), store(b, Tid.ZERO, TestRecords.node(1)),
				store(dropped, Tid.ZERO, TestRecords.node(1)));
		Tid t3 = commit(storage, "change a", store(a, t2, TestRecords.node(2, c)), store(c, Tid.ZERO, TestRecords.node(1)));
		Tid t4 = commit(storage, "drop", store(Oid.ROOT, t2, TestRecords.node(2, a, b)));
		storage.pack(packTimeOf(t4), referenceFinder());
		assertThatExceptionOfType(POSKeyError.class).isThrownBy(() -> storage.load(dropped));
		assertThatExceptionOfType(POSKeyError.class).isThrownBy(() -> storage.loadBefore(dropped, t3));
		assertThatExceptionOfType(POSKeyError.class).isThrownBy(() -> storage.loadSerial(a, t2));
		assertThatExceptionOfType(POSKeyError.class).isThrownBy(() -> storage.loadSerial(Oid.ROOT, t1));
		assertThat(TestRecords.value(storage.load(a).data())).isEqualTo(2);
		assertThat(storage.load(a).serial()).isEqualTo(t3);
		assertThat(storage.load(b).serial()).isEqualTo(t2);
		assertThat(storage.load(c).serial()).isEqualTo(t3);
		assertThat(storage.load(Oid.ROOT).serial()).isEqualTo(t4);
		assertThat(storage.history(a, 10)).extracting(HistoryEntry::tid).containsExactly(t3);
		assertThat(storage.loadBefore(a, t3)).isNull();
		DataRevision current = storage.loadBefore(a, Tid.MAX);
		assertThat(current).isNotNull();
		assertThat(current.start()).isEqualTo(t3);
		assertThat(current.end()).isNull();
		assertThat(storage.objectCount()).isEqualTo(4);
		assertThat(storage.lastTransaction()).isEqualTo(t4);
		assertThat(storage.undoLog(0, -20, null)).isEmpty();
	}

	@Test
	default void packKeepsAllHistoryAfterThePackTime() {
		Storage storage = storage();
		Oid a = storage.newOid();
		Oid b = storage.newOid();
		Oid dropped = storage.newOid();
		Tid t1 = commit(storage, "root", store(Oid.ROOT, Tid.ZERO, TestRecords.node(0)));
		Tid t2 = commit(storage, "add", store(Oid.ROOT, t1, TestRecords.node(1, a, b, dropped)),
				store(a, Tid.ZERO, TestRecords.node(1)), store(b, Tid.ZERO, TestRecords.node(1)),
				store(dropped, Tid.ZERO, TestRecords.node(1)));
		Tid t3 = commit(storage, "drop", store(Oid.ROOT, t2, TestRecords.node(2, a, b)), store(a, t2, TestRecords.node(2)));
		Tid t4 = commit(storage, "after", store(a, t3, TestRecords.node(3)), store(b, t2, TestRecords.node(2)));
		Oid late = storage.newOid();
		Tid t5 = commit(storage, "unreachable but late", store(late, Tid.ZERO, TestRecords.node(9)));
		storage.pack(packTimeOf(t3), referenceFinder());
		assertThatExceptionOfType(POSKeyError.class).isThrownBy(() -> storage.loadBefore(dropped, Tid.MAX));
		assertThat(storage.history(a, 10)).extracting(HistoryEntry::tid).containsExactly(t4, t3);
		assertThat(storage.history(b, 10)).extracting(HistoryEntry::tid).containsExactly(t4, t2);
		assertThat(storage.history(Oid.ROOT, 10)).extracting(HistoryEntry::tid).containsExactly(t3);
		DataRevision aAtPackTime = storage.loadBefore(a, t4);
		assertThat(aAtPackTime).isNotNull();
		assertThat(TestRecords.value(aAtPackTime.data())).isEqualTo(2);
		assertThat(aAtPackTime.start()).isEqualTo(t3);
		assertThat(aAtPackTime.end()).isEqualTo(t4);
		assertThat(storage.loadBefore(a, t3)).isNull();
		DataRevision bAtPackTime = storage.loadBefore(b, t3);
		assertThat(bAtPackTime).isNotNull();
		assertThat(bAtPackTime.start()).isEqualTo(t2);
		assertThat(TestRecords.value(storage.load(late).data())).isEqualTo(9);
		List<TransactionRecord> transactions = TestCommits.transactions(storage, null, null);
		assertThat(transactions).extracting(TransactionRecord::tid).containsExactly(t2, t3, t4, t5);
		assertThat(transactions).extracting(TransactionRecord::status).containsExactly('p', 'p', ' ', ' ');
		assertThat(storage.undoLog(0, -20, null)).extracting(UndoInfo::tid).containsExactly(t5, t4);
	}

	@Test
	default void packKeepsTheDataLaterUndoRecordsCopy() {
		Storage storage = storage();
		Oid a = storage.newOid();
		Oid garbage = storage.newOid();
		Tid t1 = commit(storage, "root", store(Oid.ROOT, Tid.ZERO, TestRecords.node(0, a)),
				store(a, Tid.ZERO, TestRecords.node(1)), store(garbage, Tid.ZERO, TestRecords.node(5)));
		Tid t2 = commit(storage, "v2", store(a, t1, TestRecords.node(2)));
		Tid undo = TestCommits.undo(storage, t2);
		storage.pack(packTimeOf(t2), referenceFinder());
		assertThatExceptionOfType(POSKeyError.class).isThrownBy(() -> storage.load(garbage));
		assertThat(TestRecords.value(storage.load(a).data())).isEqualTo(1);
		assertThat(storage.load(a).serial()).isEqualTo(undo);
		DataRevision beforeUndo = storage.loadBefore(a, undo);
		assertThat(beforeUndo).isNotNull();
		assertThat(TestRecords.value(beforeUndo.data())).isEqualTo(2);
		List<TransactionRecord> undone = TestCommits.transactions(storage, undo, undo);
		assertThat(undone).singleElement().satisfies((transaction) -> {
			assertThat(transaction.status()).isEqualTo(' ');
			assertThat(transaction.records()).singleElement().satisfies((record) -> {
				assertThat(record.data()).isEqualTo(TestRecords.node(1));
				assertThat(record.dataTxn()).isEqualTo(t1);
			});
		});
		assertThat(TestCommits.transactions(storage, t1, t1)).singleElement()
			.satisfies((transaction) -> assertThat(transaction.status()).isEqualTo('p'));
	}

	@Test
	default void commitsAndPacksContinueAfterAPack() {
		Storage storage = storage();
		Oid a = storage.newOid();
		Tid t1 = commit(storage, "root", store(Oid.ROOT, Tid.ZERO, TestRecords.node(0, a)),
				store(a, Tid.ZERO, TestRecords.node(1)));
		Tid t2 = commit(storage, "v2", store(a, t1, TestRecords.node(2)));
		storage.pack(packTimeOf(t2), referenceFinder());
		storage.pack(packTimeOf(t2), referenceFinder());
		Tid t3 = commit(storage, "v3", store(a, t2, TestRecords.node(3)));
		assertThat(t3).isGreaterThan(t2);
		assertThat(storage.history(a, 10)).extracting(HistoryEntry::tid).containsExactly(t3, t2);
		storage.pack(packTimeOf(t3), referenceFinder());
		assertThat(storage.history(a, 10)).extracting(HistoryEntry::tid).containsExactly(t3);
		assertThat(TestRecords.value(storage.load(a).data())).isEqualTo(3);
		assertThat(storage.objectCount()).isEqualTo(2);
	}

	@Test
	default void packOfAnEmptyStorageDoesNothing() {
		Storage storage = storage();
		storage.pack(Instant.now(), referenceFinder());
		assertThat(storage.lastTransaction()).isEqualTo(Tid.ZERO);
		assertThat(storage.objectCount()).isZero();
	}

}
