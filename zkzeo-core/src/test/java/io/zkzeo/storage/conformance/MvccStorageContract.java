package io.zkzeo.storage.conformance;

import io.zkzeo.storage.DataRevision;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.POSKeyError;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.Tid;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static io.zkzeo.storage.conformance.TestCommits.commit;
import static io.zkzeo.storage.conformance.TestCommits.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Reading old revisions: {@code loadBefore} (with start and end tids) and {@code loadSerial}.
 */
public interface MvccStorageContract extends StorageContract {

	@Test
	default void loadBeforeReturnsRevisionCurrentAtThatTid() {
		Storage storage = storage();
		Oid oid = storage.newOid();
		Tid t1 = commit(storage, "v1", store(oid, Tid.ZERO, TestRecords.counter(1)));
		Tid t2 = commit(storage, "v2", store(oid, t1, TestRecords.counter(2)));
		Tid t3 = commit(storage, "v3", store(oid, t2, TestRecords.counter(3)));
		assertRevision(storage.loadBefore(oid, t2), 1, t1, t2);
		assertRevision(storage.loadBefore(oid, t3), 2, t2, t3);
		assertRevision(storage.loadBefore(oid, t2.previous()), 1, t1, t2);
		assertRevision(storage.loadBefore(oid, t3.next()), 3, t3, null);
		assertRevision(storage.loadBefore(oid, Tid.MAX), 3, t3, null);
	}

	@Test
	default void loadBeforeIsExclusiveAndNullBeforeCreation() {
		Storage storage = storage();
		Oid oid = storage.newOid();
		Tid t1 = commit(storage, "v1", store(oid, Tid.ZERO, TestRecords.counter(1)));
		assertThat(storage.loadBefore(oid, t1)).isNull();
		assertThat(storage.loadBefore(oid, Tid.ZERO)).isNull();
		assertRevision(storage.loadBefore(oid, t1.next()), 1, t1, null);
	}

	@Test
	default void loadBeforeDoesNotSeeObjectsCreatedLater() {
		Storage storage = storage();
		Oid first = storage.newOid();
		Oid second = storage.newOid();
		Tid t1 = commit(storage, "first", store(first, Tid.ZERO, TestRecords.counter(1)));
		Tid t2 = commit(storage, "second", store(second, Tid.ZERO, TestRecords.counter(2)));
		assertThat(storage.loadBefore(second, t2)).isNull();
		assertRevision(storage.loadBefore(first, t2), 1, t1, null);
		assertRevision(storage.loadBefore(second, t2.next()), 2, t2, null);
	}

	@Test
	default void loadBeforeOfNeverExistingObjectRaisesPOSKeyError() {
		Storage storage = storage();
		commit(storage, "something", store(storage.newOid(), Tid.ZERO, TestRecords.counter(1)));
		Oid never = Oid.of(0x7777);
		assertThatExceptionOfType(POSKeyError.class).isThrownBy(() -> storage.loadBefore(never, Tid.MAX))
			.satisfies((ex) -> assertThat(ex.getOid()).isEqualTo(never));
	}

	@Test
	default void snapshotStaysWhileLaterTransactionsCommit() {
		Storage storage = storage();
		Oid oid = storage.newOid();
		Tid t1 = commit(storage, "v1", store(oid, Tid.ZERO, TestRecords.counter(1)));
		Tid snapshot = storage.lastTransaction().next();
		Tid serial = t1;
		for (int i = 2; i <= 5; i++) {
			serial = commit(storage, "v" + i, store(oid, serial, TestRecords.counter(i)));
		}
		DataRevision seen = storage.loadBefore(oid, snapshot);
		assertThat(seen).isNotNull();
		assertThat(TestRecords.value(seen.data())).isEqualTo(1);
		assertThat(seen.end()).isNotNull().isGreaterThan(t1);
	}

	@Test
	default void loadSerialReturnsEachRevision() {
		Storage storage = storage();
		Oid oid = storage.newOid();
		Tid t1 = commit(storage, "v1", store(oid, Tid.ZERO, TestRecords.counter(1)));
		Tid t2 = commit(storage, "v2", store(oid, t1, TestRecords.counter(2)));
		assertThat(TestRecords.value(storage.loadSerial(oid, t1))).isEqualTo(1);
		assertThat(TestRecords.value(storage.loadSerial(oid, t2))).isEqualTo(2);
	}

	@Test
	default void loadSerialOfMissingRevisionRaisesPOSKeyError() {
		Storage storage = storage();
		Oid oid = storage.newOid();
		Tid t1 = commit(storage, "v1", store(oid, Tid.ZERO, TestRecords.counter(1)));
		Tid t2 = commit(storage, "v2", store(oid, t1, TestRecords.counter(2)));
		for (Tid missing : new Tid[] { t1.previous(), t1.next(), t2.next(), Tid.ZERO }) {
			assertThatExceptionOfType(POSKeyError.class).as("serial %s", missing)
				.isThrownBy(() -> storage.loadSerial(oid, missing))
				.satisfies((ex) -> assertThat(ex.getOid()).isEqualTo(oid));
		}
		assertThatExceptionOfType(POSKeyError.class).isThrownBy(() -> storage.loadSerial(Oid.of(0x7777), t1));
	}

	private static void assertRevision(@Nullable DataRevision revision, int value, Tid start, @Nullable Tid end) {
		assertThat(revision).isNotNull();
		assertThat(TestRecords.value(revision.data())).isEqualTo(value);
		assertThat(revision.start()).isEqualTo(start);
		assertThat(revision.end()).isEqualTo(end);
	}

}
