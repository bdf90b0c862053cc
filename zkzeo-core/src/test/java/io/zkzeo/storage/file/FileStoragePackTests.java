package io.zkzeo.storage.file;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.POSKeyError;
import io.zkzeo.storage.StorageIterator;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import io.zkzeo.storage.TransactionRecord;
import io.zkzeo.storage.UndoInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FileStoragePackTests {

	private static final long STEP = 0x06666666L;

	@TempDir
	Path dir;

	@Test
	void packingThePrePackHistoryReproducesPythonsPackedFile() throws Exception {
		JsonNode packed = Vectors.json("packed");
		Path file = this.dir.resolve("Data.fs");
		byte[] before;
		try (FileStorage storage = FileStorage.open(file)) {
			writePrePackHistory(storage, packed);
			before = Files.readAllBytes(file);
			Tid last = storage.lastTransaction();
			VectorReferenceFinder finder = new VectorReferenceFinder(packed);
			storage.pack(last.toInstant().plusMillis(1), finder);
			assertThat(finder.scannedCount()).isEqualTo(4);
			Iterable<Map.Entry<String, JsonNode>> current = packed.get("current")::fields;
			for (Map.Entry<String, JsonNode> entry : current) {
				Oid oid = Oid.of(Vectors.hexLong(entry.getKey()));
				assertThat(storage.load(oid).serial()).isEqualTo(Tid.fromHex(entry.getValue().get("serial").asText()));
			}
			assertThatExceptionOfType(POSKeyError.class).isThrownBy(() -> storage.load(Oid.of(1)));
			assertThatExceptionOfType(POSKeyError.class).isThrownBy(() -> storage.load(Oid.of(2)));
			assertThat(storage.getSize()).isEqualTo(706);
		}
		assertThat(Files.readAllBytes(file)).isEqualTo(Vectors.bytes("packed"));
		assertThat(Files.readAllBytes(this.dir.resolve("Data.fs.old"))).isEqualTo(before);
		try (FileStorage reopened = FileStorage.open(file, FileStorageOptions.defaults().withReadOnly(true))) {
			assertThat(reopened.objectCount()).isEqualTo(4);
		}
	}

	/**
	 * Writes the history packed.fs came from: root created, five objects added, each updated once, two
	 * dropped from the root. The surviving records carry the vector's data; the rest is made up, and pack
	 * must neither keep nor scan it.
	 */
	private void writePrePackHistory(FileStorage storage, JsonNode packed) {
		JsonNode txns = packed.get("transactions");
		long firstUpdate = Vectors.hexLong(txns.get(0).get("tid").asText()) - 2 * STEP;
		byte[] emptyRoot = Vectors.hex(Vectors.json("empty").get("transactions").get(0).get("records").get(0)
			.get("data").asText());
		Map<Long, Tid> serials = new HashMap<>();
		commit(storage, firstUpdate - 2 * STEP, "initial database creation", serials, Map.of(0L, emptyRoot));
		Map<Long, byte[]> added = new HashMap<>();
		added.put(0L, Commits.bytes("made-up root referring to five objects"));
		for (long oid = 1; oid <= 5; oid++) {
			added.put(oid, Commits.bytes("made-up first state of " + oid));
		}
		commit(storage, firstUpdate - STEP, "add five", serials, added);
		for (int i = 0; i < 5; i++) {
			long oid = i + 1;
			byte[] data = (i < 2) ? Commits.bytes("made-up update of " + oid)
					: Vectors.hex(txns.get(i - 2).get("records").get(0).get("data").asText());
			long tid = (i < 2) ? firstUpdate + i * STEP : Vectors.hexLong(txns.get(i - 2).get("tid").asText());
			commit(storage, tid, "update " + i, serials, Map.of(oid, data));
		}
		commit(storage, Vectors.hexLong(txns.get(3).get("tid").asText()), "drop two", serials,
				Map.of(0L, Vectors.hex(txns.get(3).get("records").get(0).get("data").asText())));
	}

	private static void commit(FileStorage storage, long tid, String description, Map<Long, Tid> serials,
			Map<Long, byte[]> records) {
		TransactionMetaData meta = Commits.forced(tid, "", description);
		storage.tpcBegin(meta);
		records.keySet().stream().sorted().forEach((oid) -> storage.store(Oid.of(oid),
				serials.getOrDefault(oid, Tid.ZERO), records.get(oid), meta));
		storage.vote(meta);
		Tid committed = storage.tpcFinish(meta);
		records.keySet().forEach((oid) -> serials.put(oid, committed));
	}

	@Test
	void packCollectsWhatTheRootNoLongerReachesAndKeepsTheRest() {
		JsonNode refs = Vectors.json("refs");
		try (FileStorage storage = FileStorage.open(Vectors.copy("refs", this.dir))) {
			Map<Oid, byte[]> before = new HashMap<>();
			for (long oid = 0; oid <= 7; oid++) {
				before.put(Oid.of(oid), storage.load(Oid.of(oid)).data());
			}
			Set<Long> reachable = reachableFromRoot(refs);
			assertThat(reachable).doesNotContain(5L).contains(0L, 1L, 2L, 6L, 7L);
			storage.pack(storage.lastTransaction().toInstant().plusMillis(1), new VectorReferenceFinder(refs));
			for (long oid = 0; oid <= 7; oid++) {
				Oid key = Oid.of(oid);
				if (reachable.contains(oid)) {
					assertThat(storage.load(key).data()).isEqualTo(before.get(key));
				}
				else {
					assertThatExceptionOfType(POSKeyError.class).isThrownBy(() -> storage.load(key));
				}
			}
			assertThat(storage.objectCount()).isEqualTo(reachable.size());
			assertThat(storage.undoLog(0, -20, null)).isEmpty();
		}
	}

	/** The objects reachable from the root through the references the vector lists for current records. */
	private static Set<Long> reachableFromRoot(JsonNode json) {
		Map<Long, JsonNode> current = new HashMap<>();
		for (JsonNode txn : json.get("transactions")) {
			for (JsonNode record : txn.get("records")) {
				current.put(Vectors.hexLong(record.get("oid").asText()), record.get("refs"));
			}
		}
		Set<Long> seen = new HashSet<>();
		Deque<Long> todo = new ArrayDeque<>(List.of(0L));
		while (!todo.isEmpty()) {
			long oid = todo.pop();
			if (seen.add(oid)) {
				current.get(oid).forEach((ref) -> todo.push(Vectors.hexLong(ref.asText())));
			}
		}
		return seen;
	}

	@Test
	void packKeepsLaterHistoryUndoableWithItsBackPointers() {
		JsonNode undo = Vectors.json("undo");
		Tid v2 = Tid.fromHex("03f47f96e2222222");
		Tid v3 = Tid.fromHex("03f47f96e8888888");
		Tid undoTid = Tid.fromHex("03f47f96fbbbbbbb");
		try (FileStorage storage = FileStorage.open(Vectors.copy("undo", this.dir))) {
			byte[] v2Data = storage.loadSerial(Oid.of(1), v2);
			byte[] v3Data = storage.loadSerial(Oid.of(1), v3);
			storage.pack(v2.toInstant().plusNanos(100), new VectorReferenceFinder(undo));
			assertThat(storage.load(Oid.of(1)).data()).isEqualTo(v2Data);
			assertThat(storage.loadSerial(Oid.of(1), v3)).isEqualTo(v3Data);
			assertThat(storage.loadBefore(Oid.of(1), undoTid).data()).isEqualTo(v3Data);
			assertThat(storage.undoLog(0, -20, null)).extracting(UndoInfo::tid).containsExactly(undoTid, v3);
			List<TransactionRecord> records = new ArrayList<>();
			try (StorageIterator iterator = storage.iterator(null, null)) {
				iterator.forEachRemaining(records::add);
			}
			assertThat(records).extracting(TransactionRecord::status).containsExactly('p', 'p', ' ', ' ');
			assertThat(records.get(3).records().get(0).dataTxn()).isEqualTo(v2);
			assertThat(records.get(3).records().get(0).data()).isEqualTo(v2Data);
		}
	}

	@Test
	void commitsProceedWhilePackRunsAndSurviveIt() throws Exception {
		JsonNode many = Vectors.json("many");
		try (FileStorage storage = FileStorage.open(Vectors.copy("many", this.dir))) {
			CountDownLatch packScanning = new CountDownLatch(1);
			CountDownLatch commitsDone = new CountDownLatch(1);
			VectorReferenceFinder vectorFinder = new VectorReferenceFinder(many);
			Instant packTime = storage.lastTransaction().toInstant().plusMillis(1);
			CompletableFuture<Void> pack = CompletableFuture.runAsync(() -> storage.pack(packTime, (record, oids) -> {
				packScanning.countDown();
				await(commitsDone);
				vectorFinder.findReferences(record, oids);
			}));
			assertThat(packScanning.await(10, TimeUnit.SECONDS)).isTrue();
			List<Tid> duringScan = commitSeveral(storage, 1000, 5);
			commitsDone.countDown();
			List<Tid> duringCopy = commitSeveral(storage, 2000, 50);
			pack.get(60, TimeUnit.SECONDS);
			List<Tid> afterPack = commitSeveral(storage, 3000, 2);
			assertThat(this.dir.resolve("Data.fs.old")).exists();
			List<Tid> all = new ArrayList<>(duringScan);
			all.addAll(duringCopy);
			all.addAll(afterPack);
			List<Tid> iterated = new ArrayList<>();
			try (StorageIterator iterator = storage.iterator(all.get(0), null)) {
				iterator.forEachRemaining((txn) -> iterated.add(txn.tid()));
			}
			assertThat(iterated).containsExactlyElementsOf(all);
			assertNewObjectsLoad(storage, 1000, 5);
			assertNewObjectsLoad(storage, 2000, 50);
			assertNewObjectsLoad(storage, 3000, 2);
		}
		try (FileStorage reopened = FileStorage.open(this.dir.resolve("Data.fs"),
				FileStorageOptions.defaults().withIndexSnapshot(false).withReadOnly(true))) {
			assertNewObjectsLoad(reopened, 2000, 50);
		}
	}

	private static List<Tid> commitSeveral(FileStorage storage, long firstOid, int count) throws Exception {
		List<Tid> tids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			long oid = firstOid + i;
			CompletableFuture<Tid> commit = CompletableFuture
				.supplyAsync(() -> Commits.store(storage, oid, Tid.ZERO, Commits.bytes("object " + oid)));
			tids.add(commit.get(10, TimeUnit.SECONDS));
		}
		return tids;
	}

	private static void assertNewObjectsLoad(FileStorage storage, long firstOid, int count) {
		for (int i = 0; i < count; i++) {
			long oid = firstOid + i;
			assertThat(storage.load(Oid.of(oid)).data()).isEqualTo(Commits.bytes("object " + oid));
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			if (!latch.await(30, TimeUnit.SECONDS)) {
				throw new AssertionError("Timed out waiting in the reference finder");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

}
