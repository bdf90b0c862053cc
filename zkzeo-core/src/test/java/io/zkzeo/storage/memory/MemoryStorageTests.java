package io.zkzeo.storage.memory;

import io.zkzeo.storage.Oid;
import io.zkzeo.storage.StorageError;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import io.zkzeo.storage.conformance.TestCommits;
import io.zkzeo.storage.conformance.TestRecords;
import io.zkzeo.storage.conformance.TestRecordsReferenceFinder;
import org.junit.jupiter.api.Test;

import static io.zkzeo.storage.conformance.TestCommits.commit;
import static io.zkzeo.storage.conformance.TestCommits.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What {@link MemoryStorage} does beyond the storage contract.
 */
class MemoryStorageTests {

	@Test
	void optionsAreImmutableAndValidated() {
		MemoryStorageOptions defaults = MemoryStorageOptions.defaults();
		MemoryStorageOptions changed = defaults.withName("other").withReadOnly(true);
		assertThat(defaults.name()).isEqualTo("1");
		assertThat(defaults.readOnly()).isFalse();
		assertThat(changed.name()).isEqualTo("other");
		assertThat(changed.readOnly()).isTrue();
		assertThatIllegalArgumentException().isThrownBy(() -> defaults.withName(" "));
	}

	@Test
	void readOnlyViewSeesLaterCommits() {
		try (MemoryStorage storage = new MemoryStorage(MemoryStorageOptions.defaults());
				MemoryStorage view = storage.readOnlyView()) {
			Oid oid = storage.newOid();
			Tid tid = commit(storage, "after the view", store(oid, Tid.ZERO, TestRecords.counter(1)));
			assertThat(view.isReadOnly()).isTrue();
			assertThat(view.load(oid).serial()).isEqualTo(tid);
			assertThat(view.lastTransaction()).isEqualTo(tid);
			view.close();
			assertThat(storage.load(oid).serial()).isEqualTo(tid);
		}
	}

	@Test
	void closeAbortsOpenTransactionsAndReleasesTheCommitLock() {
		MemoryStorage storage = new MemoryStorage(MemoryStorageOptions.defaults());
		TransactionMetaData txn = TestCommits.txn();
		storage.tpcBegin(txn);
		storage.store(storage.newOid(), Tid.ZERO, TestRecords.counter(1), txn);
		storage.vote(txn);
		assertThat(storage.getCommitLock().isHeld()).isTrue();
		storage.close();
		assertThat(storage.getCommitLock().isHeld()).isFalse();
		assertThat(storage.lastTransaction()).isEqualTo(Tid.ZERO);
		assertThatExceptionOfType(StorageError.class).isThrownBy(() -> storage.tpcBegin(TestCommits.txn()))
			.withMessageContaining("closed");
	}

	@Test
	void commitLockIsTakenOncePerVote() {
		try (MemoryStorage storage = new MemoryStorage(MemoryStorageOptions.defaults())) {
			commit(storage, "one", store(storage.newOid(), Tid.ZERO, TestRecords.counter(1)));
			commit(storage, "two", store(storage.newOid(), Tid.ZERO, TestRecords.counter(2)));
			assertThat(storage.getCommitLock().acquisitions()).isEqualTo(2);
			assertThat(storage.getCommitLock().isHeld()).isFalse();
		}
	}

	@Test
	void restoreWritesRevisionsWithTheForcedTid() {
		try (MemoryStorage source = new MemoryStorage(MemoryStorageOptions.defaults());
				MemoryStorage copy = new MemoryStorage(MemoryStorageOptions.defaults().withName("copy"))) {
			Oid oid = source.newOid();
			Tid t1 = commit(source, "v1", store(oid, Tid.ZERO, TestRecords.counter(1)));
			Tid t2 = commit(source, "v2", store(oid, t1, TestRecords.counter(2)));
			for (Tid tid : new Tid[] { t1, t2 }) {
				TransactionMetaData txn = new TransactionMetaData(new byte[0], new byte[0], new byte[0], tid, ' ');
				copy.tpcBegin(txn);
				copy.restore(oid, tid, source.loadSerial(oid, tid), null, txn);
				copy.vote(txn);
				assertThat(copy.tpcFinish(txn)).isEqualTo(tid);
			}
			assertThat(copy.load(oid).serial()).isEqualTo(t2);
			assertThat(copy.loadBefore(oid, t2)).isNotNull()
				.satisfies((revision) -> assertThat(revision.start()).isEqualTo(t1));
			assertThat(copy.newOid()).isGreaterThan(oid);
		}
	}

	@Test
	void forcedTidThatIsNotAfterTheLastTransactionIsRefusedAtVote() {
		try (MemoryStorage storage = new MemoryStorage(MemoryStorageOptions.defaults())) {
			Tid t1 = commit(storage, "v1", store(storage.newOid(), Tid.ZERO, TestRecords.counter(1)));
			TransactionMetaData txn = new TransactionMetaData(new byte[0], new byte[0], new byte[0], t1, ' ');
			storage.tpcBegin(txn);
			assertThatExceptionOfType(StorageError.class).isThrownBy(() -> storage.vote(txn)).withMessageContaining(t1.toString());
			storage.tpcAbort(txn);
			assertThat(storage.getCommitLock().isHeld()).isFalse();
			assertThat(storage.lastTransaction()).isEqualTo(t1);
		}
	}

	@Test
	void packSkipsDanglingReferences() {
		try (MemoryStorage storage = new MemoryStorage(MemoryStorageOptions.defaults())) {
			Oid missing = Oid.of(0x63);
			Oid garbage = storage.newOid();
			Tid t1 = commit(storage, "dangling", store(Oid.ROOT, Tid.ZERO, TestRecords.node(0, missing)),
					store(garbage, Tid.ZERO, TestRecords.counter(1)));
			storage.pack(t1.toInstant(), new TestRecordsReferenceFinder());
			assertThat(storage.load(Oid.ROOT).serial()).isEqualTo(t1);
			assertThat(storage.objectCount()).isEqualTo(1);
		}
	}

	@Test
	void failingReferenceFinderLeavesTheStorageUnchanged() {
		try (MemoryStorage storage = new MemoryStorage(MemoryStorageOptions.defaults())) {
			Oid garbage = storage.newOid();
			Tid t1 = commit(storage, "root", store(Oid.ROOT, Tid.ZERO, TestRecords.node(0)),
					store(garbage, Tid.ZERO, TestRecords.counter(1)));
			assertThatExceptionOfType(StorageError.class).isThrownBy(() -> storage.pack(t1.toInstant(), (record, oids) -> {
				throw new StorageError("unreadable");
			}));
			assertThat(storage.load(garbage).serial()).isEqualTo(t1);
			assertThat(storage.getCommitLock().isHeld()).isFalse();
			assertThat(TestCommits.tids(storage)).containsExactly(t1);
		}
	}

}
