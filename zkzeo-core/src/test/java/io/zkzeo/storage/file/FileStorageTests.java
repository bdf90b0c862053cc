package io.zkzeo.storage.file;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkzeo.storage.ConflictError;
import io.zkzeo.storage.DataRevision;
import io.zkzeo.storage.HistoryEntry;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.POSKeyError;
import io.zkzeo.storage.ReadConflictError;
import io.zkzeo.storage.ReadOnlyError;
import io.zkzeo.storage.StorageIterator;
import io.zkzeo.storage.StorageTransactionError;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import io.zkzeo.storage.TransactionRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.zkzeo.storage.file.Commits.bytes;
import static io.zkzeo.storage.file.Commits.store;
import static io.zkzeo.storage.file.Commits.txn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FileStorageTests {

	@TempDir
	Path dir;

	private Path file() {
		return this.dir.resolve("Data.fs");
	}

	@Test
	void newStorageWritesTheSameBytesAsPythonForTheInitialTransaction() throws Exception {
		JsonNode txn = Vectors.json("empty").get("transactions").get(0);
		JsonNode record = txn.get("records").get(0);
		try (FileStorage storage = FileStorage.open(file())) {
			TransactionMetaData meta = Commits.forced(Vectors.hexLong(txn.get("tid").asText()), "",
					"initial database creation");
			Tid tid = store(storage, meta, 0, Tid.ZERO, Vectors.hex(record.get("data").asText()));
			assertThat(tid).isEqualTo(Tid.fromHex(txn.get("tid").asText()));
		}
		assertThat(Files.readAllBytes(file())).isEqualTo(Vectors.bytes("empty"));
	}

	@Test
	void voteWritesStatusCheckpointAndFinishFlipsItToCommitted() throws Exception {
		try (FileStorage storage = FileStorage.open(file())) {
			TransactionMetaData meta = txn("first");
			storage.tpcBegin(meta);
			storage.store(Oid.ROOT, Tid.ZERO, bytes("root"), meta);
			storage.vote(meta);
			byte[] voted = Files.readAllBytes(file());
			assertThat(voted[4 + 16]).isEqualTo((byte) 'c');
			assertThat(storage.getSize()).isEqualTo(4);
			Tid tid = storage.tpcFinish(meta);
			byte[] finished = Files.readAllBytes(file());
			assertThat(finished[4 + 16]).isEqualTo((byte) ' ');
			assertThat(storage.getSize()).isEqualTo(finished.length);
			assertThat(storage.lastTransaction()).isEqualTo(tid);
			assertThat(storage.load(Oid.ROOT).data()).isEqualTo(bytes("root"));
		}
	}

	@Test
	void loadsHandOutCopiesThatDoNotChangeWhatTheStorageHolds() {
		try (FileStorage storage = FileStorage.open(file())) {
			Tid first = store(storage, 0, Tid.ZERO, bytes("root v1"));
			byte[] loaded = storage.load(Oid.ROOT).data();
			loaded[0] = 'X';
			DataRevision current = Objects.requireNonNull(storage.loadBefore(Oid.ROOT, Tid.of(Long.MAX_VALUE)));
			current.data()[0] = 'Y';
			assertThat(storage.load(Oid.ROOT).data()).isEqualTo(bytes("root v1"));
			Tid second = store(storage, 0, first, bytes("root v2"));
			DataRevision before = Objects.requireNonNull(storage.loadBefore(Oid.ROOT, second));
			assertThat(before.data()).isEqualTo(bytes("root v1"));
			assertThat(before.end()).isEqualTo(second);
			assertThat(Objects.requireNonNull(storage.loadBefore(Oid.ROOT, Tid.of(Long.MAX_VALUE))).data())
				.isEqualTo(bytes("root v2"));
		}
	}

	@Test
	void commitsSurviveReopenWithAndWithoutTheIndexSnapshot() {
		Tid second;
		try (FileStorage storage = FileStorage.open(file())) {
			store(storage, 0, Tid.ZERO, bytes("root v1"));
			second = store(storage, 1, Tid.ZERO, bytes("one"));
		}
		assertThat(IndexSnapshot.pathFor(file())).exists();
		for (boolean snapshot : new boolean[] { true, false }) {
			try (FileStorage storage = FileStorage.open(file(), FileStorageOptions.defaults()
				.withIndexSnapshot(snapshot))) {
				assertThat(storage.load(Oid.of(1)).data()).isEqualTo(bytes("one"));
				assertThat(storage.load(Oid.ROOT).data()).isEqualTo(bytes("root v1"));
				assertThat(storage.lastTransaction()).isEqualTo(second);
				assertThat(storage.objectCount()).isEqualTo(2);
			}
		}
	}

	@Test
	void storeWithAStaleSerialRaisesConflictErrorWithBothSerials() {
		try (FileStorage storage = FileStorage.open(file())) {
			Tid first = store(storage, 0, Tid.ZERO, bytes("v1"));
			Tid second = store(storage, 0, first, bytes("v2"));
			TransactionMetaData meta = txn("stale");
			storage.tpcBegin(meta);
			assertThatExceptionOfType(ConflictError.class)
				.isThrownBy(() -> storage.store(Oid.ROOT, first, bytes("v3"), meta))
				.satisfies((ex) -> {
					assertThat(ex.getOid()).isEqualTo(Oid.ROOT);
					assertThat(ex.getCommittedSerial()).isEqualTo(second);
					assertThat(ex.getOldSerial()).isEqualTo(first);
				});
			storage.tpcAbort(meta);
		}
	}

	@Test
	void voteRaisesConflictErrorWhenAnotherTransactionCommittedAfterTheStore() {
		try (FileStorage storage = FileStorage.open(file())) {
			Tid first = store(storage, 0, Tid.ZERO, bytes("v1"));
			TransactionMetaData slow = txn("slow");
			storage.tpcBegin(slow);
			storage.store(Oid.ROOT, first, bytes("slow"), slow);
			Tid fast = store(storage, 0, first, bytes("fast"));
			long size = storage.getSize();
			assertThatExceptionOfType(ConflictError.class).isThrownBy(() -> storage.vote(slow))
				.satisfies((ex) -> assertThat(ex.getCommittedSerial()).isEqualTo(fast));
			storage.tpcAbort(slow);
			assertThat(storage.getSize()).isEqualTo(size);
			assertThat(storage.getCommitLock().isHeld()).isFalse();
			assertThat(storage.load(Oid.ROOT).data()).isEqualTo(bytes("fast"));
		}
	}

	@Test
	void checkCurrentSerialRaisesReadConflictErrorAtOnceAndAtVote() {
		try (FileStorage storage = FileStorage.open(file())) {
			Tid first = store(storage, 0, Tid.ZERO, bytes("root"));
			Tid one = store(storage, 1, Tid.ZERO, bytes("one"));
			TransactionMetaData reader = txn("reader");
			storage.tpcBegin(reader);
			storage.checkCurrentSerialInTransaction(Oid.of(1), one, reader);
			storage.store(Oid.ROOT, first, bytes("root 2"), reader);
			Tid changed = store(storage, 1, one, bytes("one changed"));
			assertThatExceptionOfType(ReadConflictError.class).isThrownBy(() -> storage.vote(reader))
				.satisfies((ex) -> {
					assertThat(ex.getCommittedSerial()).isEqualTo(changed);
					assertThat(ex.getOldSerial()).isEqualTo(one);
				});
			storage.tpcAbort(reader);
			TransactionMetaData late = txn("late");
			storage.tpcBegin(late);
			assertThatExceptionOfType(ReadConflictError.class)
				.isThrownBy(() -> storage.checkCurrentSerialInTransaction(Oid.of(1), one, late));
			storage.tpcAbort(late);
		}
	}

	@Test
	void tpcBeginDoesNotBlockWhileAnotherTransactionHoldsTheCommitLock() throws Exception {
		try (FileStorage storage = FileStorage.open(file())) {
			TransactionMetaData first = txn("first");
			storage.tpcBegin(first);
			storage.store(Oid.ROOT, Tid.ZERO, bytes("root"), first);
			storage.vote(first);
			assertThat(storage.getCommitLock().isHeld()).isTrue();
			TransactionMetaData second = txn("second");
			storage.tpcBegin(second);
			storage.store(Oid.of(1), Tid.ZERO, bytes("one"), second);
			CompletableFuture<Tid> secondCommit = CompletableFuture.supplyAsync(() -> {
				storage.vote(second);
				return storage.tpcFinish(second);
			});
			Tid firstTid = storage.tpcFinish(first);
			Tid secondTid = secondCommit.get(10, TimeUnit.SECONDS);
			assertThat(secondTid).isGreaterThan(firstTid);
			assertThat(storage.load(Oid.of(1)).serial()).isEqualTo(secondTid);
		}
	}

	@Test
	void concurrentReadersSeeEachCommitWholeAndInOrder() throws Exception {
		try (FileStorage storage = FileStorage.open(file(), FileStorageOptions.defaults().withFsync(false))) {
			Tid serial = store(storage, 1, Tid.ZERO, bytes("0"));
			java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
			List<CompletableFuture<Integer>> readers = new ArrayList<>();
			for (int r = 0; r < 3; r++) {
				readers.add(CompletableFuture.supplyAsync(() -> {
					int last = -1;
					int reads = 0;
					while (writing.get() || reads == 0) {
						DataRevision revision = storage.load(Oid.of(1));
						int value = Integer.parseInt(new String(revision.data()));
						assertThat(value).isGreaterThanOrEqualTo(last);
						assertThat(storage.loadSerial(Oid.of(1), revision.serial())).isEqualTo(revision.data());
						last = value;
						reads++;
					}
					return last;
				}));
			}
			for (int i = 1; i <= 300; i++) {
				serial = store(storage, 1, serial, bytes(String.valueOf(i)));
			}
			writing.set(false);
			for (CompletableFuture<Integer> reader : readers) {
				assertThat(reader.get(30, TimeUnit.SECONDS)).isBetween(0, 300);
			}
			assertThat(storage.history(Oid.of(1), 1000)).hasSize(301);
		}
	}

	@Test
	void concurrentCommittersWithFsyncEachSeeTheirCommitPublishedOnReturn() throws Exception {
		int threads = 4;
		int commits = 40;
		List<CompletableFuture<List<Tid>>> committers = new ArrayList<>();
		try (FileStorage storage = FileStorage.open(file())) {
			for (int t = 0; t < threads; t++) {
				long base = 1000L * (t + 1);
				committers.add(CompletableFuture.supplyAsync(() -> {
					List<Tid> tids = new ArrayList<>();
					Tid serial = Tid.ZERO;
					for (int i = 0; i < commits; i++) {
						serial = store(storage, base, serial, bytes(base + ":" + i));
						assertThat(storage.load(Oid.of(base)).serial()).isEqualTo(serial);
						assertThat(storage.lastTransaction()).isGreaterThanOrEqualTo(serial);
						tids.add(serial);
					}
					return tids;
				}));
			}
			List<Tid> all = new ArrayList<>();
			for (CompletableFuture<List<Tid>> committer : committers) {
				all.addAll(committer.get(60, TimeUnit.SECONDS));
			}
			assertThat(all).doesNotHaveDuplicates().hasSize(threads * commits);
			assertThat(storage.lastTransaction()).isEqualTo(all.stream().max(Tid::compareTo).orElseThrow());
			assertThat(tidsOf(storage, null, null)).isSorted().hasSize(threads * commits);
		}
		try (FileStorage reopened = FileStorage.open(file(), FileStorageOptions.defaults().withIndexSnapshot(false))) {
			for (int t = 0; t < threads; t++) {
				long base = 1000L * (t + 1);
				assertThat(reopened.load(Oid.of(base)).data()).isEqualTo(bytes(base + ":" + (commits - 1)));
				assertThat(reopened.history(Oid.of(base), 1000)).hasSize(commits);
			}
		}
	}

	@Test
	void abortAfterVoteTruncatesTheFileAndReleasesTheLock() throws Exception {
		try (FileStorage storage = FileStorage.open(file())) {
			store(storage, 0, Tid.ZERO, bytes("root"));
			byte[] before = Files.readAllBytes(file());
			TransactionMetaData meta = txn("aborted");
			storage.tpcBegin(meta);
			storage.store(Oid.of(1), Tid.ZERO, bytes("never"), meta);
			storage.vote(meta);
			assertThat(Files.size(file())).isGreaterThan(before.length);
			storage.tpcAbort(meta);
			assertThat(Files.readAllBytes(file())).isEqualTo(before);
			assertThat(storage.getCommitLock().isHeld()).isFalse();
			assertThatExceptionOfType(POSKeyError.class).isThrownBy(() -> storage.load(Oid.of(1)));
			store(storage, 1, Tid.ZERO, bytes("later"));
			assertThat(storage.load(Oid.of(1)).data()).isEqualTo(bytes("later"));
		}
	}

	@Test
	void transactionCallsOutOfOrderRaiseStorageTransactionError() {
		try (FileStorage storage = FileStorage.open(file())) {
			TransactionMetaData meta = txn("t");
			assertThatExceptionOfType(StorageTransactionError.class)
				.isThrownBy(() -> storage.store(Oid.ROOT, Tid.ZERO, bytes("x"), meta));
			storage.tpcBegin(meta);
			assertThatExceptionOfType(StorageTransactionError.class).isThrownBy(() -> storage.tpcBegin(meta));
			assertThatExceptionOfType(StorageTransactionError.class).isThrownBy(() -> storage.tpcFinish(meta));
			storage.tpcAbort(meta);
			storage.tpcAbort(meta);
		}
	}

	@Test
	void loadBeforeLoadSerialAndHistoryFollowThePreviousPointers() {
		try (FileStorage storage = FileStorage.open(file())) {
			Tid t1 = store(storage, Commits.forced(0x03f5dfae00000001L, "/ alice", "one"), 5, Tid.ZERO, bytes("v1"));
			Tid t2 = store(storage, Commits.forced(0x03f5dfae00000002L, "/ bob", "two"), 5, t1, bytes("v2"));
			Tid t3 = store(storage, Commits.forced(0x03f5dfae00000003L, "", "three"), 5, t2, bytes("v3"));
			Oid oid = Oid.of(5);
			assertThat(storage.loadBefore(oid, t1)).isNull();
			DataRevision atT2 = storage.loadBefore(oid, t3);
			assertThat(atT2.data()).isEqualTo(bytes("v2"));
			assertThat(atT2.start()).isEqualTo(t2);
			assertThat(atT2.end()).isEqualTo(t3);
			DataRevision first = storage.loadBefore(oid, t2);
			assertThat(first.data()).isEqualTo(bytes("v1"));
			assertThat(first.end()).isEqualTo(t2);
			DataRevision latest = storage.loadBefore(oid, Tid.MAX);
			assertThat(latest.data()).isEqualTo(bytes("v3"));
			assertThat(latest.end()).isNull();
			assertThat(storage.loadSerial(oid, t1)).isEqualTo(bytes("v1"));
			assertThat(storage.loadSerial(oid, t3)).isEqualTo(bytes("v3"));
			assertThatExceptionOfType(POSKeyError.class).isThrownBy(() -> storage.loadSerial(oid, t3.next()));
			assertThatExceptionOfType(POSKeyError.class).isThrownBy(() -> storage.loadBefore(Oid.of(99), Tid.MAX));
			List<HistoryEntry> history = storage.history(oid, 10);
			assertThat(history).extracting(HistoryEntry::tid).containsExactly(t3, t2, t1);
			assertThat(history.get(1).userText()).isEqualTo("/ bob");
			assertThat(history.get(1).descriptionText()).isEqualTo("two");
			assertThat(history.get(0).size()).isEqualTo(2);
			assertThat(storage.history(oid, 2)).hasSize(2);
		}
	}

	@Test
	void newOidIsOneMoreThanTheLargestOidEvenAfterReopen() {
		try (FileStorage storage = FileStorage.open(file())) {
			assertThat(storage.newOid()).isEqualTo(Oid.of(1));
			store(storage, 0x41, Tid.ZERO, bytes("x"));
			assertThat(storage.newOid()).isEqualTo(Oid.of(0x42));
		}
		try (FileStorage storage = FileStorage.open(file(), FileStorageOptions.defaults().withIndexSnapshot(false))) {
			assertThat(storage.newOid()).isEqualTo(Oid.of(0x42));
			assertThat(storage.newOids(2)).containsExactly(Oid.of(0x43), Oid.of(0x44));
		}
	}

	@Test
	void readOnlyStorageRefusesWritesAndTakesNoLock() throws Exception {
		try (FileStorage writer = FileStorage.open(file())) {
			Tid tid = store(writer, 0, Tid.ZERO, bytes("root"));
			byte[] before = Files.readAllBytes(file());
			try (FileStorage reader = FileStorage.open(file(), FileStorageOptions.defaults().withReadOnly(true))) {
				assertThat(reader.isReadOnly()).isTrue();
				assertThat(reader.load(Oid.ROOT).serial()).isEqualTo(tid);
				assertThatExceptionOfType(ReadOnlyError.class).isThrownBy(() -> reader.tpcBegin(txn("no")));
				assertThatExceptionOfType(ReadOnlyError.class).isThrownBy(reader::newOid);
				assertThatExceptionOfType(ReadOnlyError.class)
					.isThrownBy(() -> reader.pack(java.time.Instant.now(), (record, oids) -> {
					}));
			}
			assertThat(Files.readAllBytes(file())).isEqualTo(before);
		}
	}

	@Test
	void anEmptyFileOpensAsAnEmptyStorage() throws Exception {
		Files.createFile(file());
		try (FileStorage storage = FileStorage.open(file(), FileStorageOptions.defaults().withReadOnly(true))) {
			assertThat(storage.objectCount()).isZero();
			assertThat(storage.lastTransaction()).isEqualTo(Tid.ZERO);
		}
		assertThat(Files.size(file())).isZero();
		try (FileStorage storage = FileStorage.open(file())) {
			assertThat(storage.getSize()).isEqualTo(4);
		}
		assertThat(Files.readAllBytes(file())).isEqualTo(FileStorageFormat.MAGIC_FS30);
	}

	@Test
	void iteratorHonoursInclusiveStartAndStop() {
		try (FileStorage storage = FileStorage.open(file())) {
			List<Tid> tids = new ArrayList<>();
			Tid serial = Tid.ZERO;
			for (int i = 0; i < 5; i++) {
				serial = store(storage, 0, serial, bytes("v" + i));
				tids.add(serial);
			}
			assertThat(tidsOf(storage, tids.get(1), tids.get(3))).containsExactlyElementsOf(tids.subList(1, 4));
			assertThat(tidsOf(storage, null, tids.get(0))).containsExactly(tids.get(0));
			assertThat(tidsOf(storage, tids.get(4), null)).containsExactly(tids.get(4));
			assertThat(tidsOf(storage, tids.get(4).next(), null)).isEmpty();
			assertThat(tidsOf(storage, null, null)).containsExactlyElementsOf(tids);
		}
	}

	private static List<Tid> tidsOf(FileStorage storage, Tid start, Tid stop) {
		List<Tid> tids = new ArrayList<>();
		try (StorageIterator iterator = storage.iterator(start, stop)) {
			while (iterator.hasNext()) {
				TransactionRecord record = iterator.next();
				tids.add(record.tid());
			}
		}
		return tids;
	}

	@Test
	void restoreWritesTheForcedTidAndABackPointerToIdenticalData() {
		try (FileStorage storage = FileStorage.open(file())) {
			TransactionMetaData first = Commits.forced(0x03f5dfae00000001L, "", "first");
			storage.tpcBegin(first);
			storage.restore(Oid.of(7), first.tid(), HexFormat.of().parseHex("80037d2e"), null, first);
			storage.vote(first);
			storage.tpcFinish(first);
			TransactionMetaData copy = Commits.forced(0x03f5dfae00000002L, "", "copy");
			storage.tpcBegin(copy);
			storage.restore(Oid.of(7), copy.tid(), HexFormat.of().parseHex("80037d2e"), first.tid(), copy);
			storage.restore(Oid.of(8), copy.tid(), null, null, copy);
			storage.vote(copy);
			storage.tpcFinish(copy);
			try (StorageIterator iterator = storage.iterator(copy.tid(), null)) {
				TransactionRecord record = iterator.next();
				assertThat(record.records().get(0).dataTxn()).isEqualTo(first.tid());
				assertThat(record.records().get(0).data()).isEqualTo(HexFormat.of().parseHex("80037d2e"));
				assertThat(record.records().get(1).data()).isNull();
			}
			assertThatExceptionOfType(POSKeyError.class).isThrownBy(() -> storage.load(Oid.of(8)));
		}
	}

}
