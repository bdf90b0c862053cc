package io.zkzeo.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.zkzeo.db.Connection;
import io.zkzeo.db.DB;
import io.zkzeo.db.DbOptions;
import io.zkzeo.db.PersistentList;
import io.zkzeo.db.PersistentMap;
import io.zkzeo.db.TransactionManager;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import io.zkzeo.storage.file.FileStorage;
import io.zkzeo.storage.file.FileStorageOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Commits through the object database, as the load tool's clients make them: a transaction adding a list of 100
 * new {@code PersistentMapping}s (two items each) under a container, and one changing an item of each. The storage
 * is a FileStorage without fsync in a memory file system ({@code /dev/shm} where there is one), so that what is
 * measured is the database's work: finding the new objects, giving them oids, pickling the records and keeping its
 * cache. The baseline in the same run commits records of the same sizes (101 for an add, 100 for an update) straight
 * to a FileStorage, with no database.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(2)
@State(Scope.Thread)
public class DbCommitBenchmark {

	private static final int OBJECTS = 100;

	private static final int SLOTS = 8;

	private static final String PAYLOAD = "x".repeat(64);

	private Path directory;

	private DB db;

	private TransactionManager manager;

	private PersistentMap<String, Object> container;

	private List<PersistentMap<String, Object>> latest;

	private int round;

	private Storage baselineStorage;

	private byte[] mapRecord;

	private byte[] listRecord;

	@Setup(Level.Trial)
	public void open() throws IOException {
		// in memory where the system offers it: hundreds of megabytes a second written without fsync would
		// otherwise have the kernel hold up the writer while it writes them back to disk
		Path memory = Path.of("/dev/shm");
		this.directory = Files.isDirectory(memory) ? Files.createTempDirectory(memory, "zkzeo-db-commit-bench")
				: Files.createTempDirectory("zkzeo-db-commit-bench");
		FileStorageOptions noFsync = FileStorageOptions.defaults().withFsync(false);
		this.db = new DB(FileStorage.open(this.directory.resolve("Data.fs"), noFsync),
				DbOptions.defaults().withPoolSize(1));
		this.manager = new TransactionManager();
		Connection connection = this.db.open(this.manager);
		this.manager.begin();
		this.container = new PersistentMap<>();
		connection.root().put("container", this.container);
		this.manager.commit();
		add();
		this.baselineStorage = FileStorage.open(this.directory.resolve("Baseline.fs"), noFsync);
		Oid first = this.latest.get(0).getOid();
		Oid list = ((PersistentList<?>) this.container.get(key(this.round - 1))).getOid();
		Storage storage = this.db.storage();
		this.mapRecord = storage.load(first).data();
		this.listRecord = storage.load(list).data();
	}

	@TearDown(Level.Trial)
	public void close() throws IOException {
		this.db.close();
		this.baselineStorage.close();
		BenchmarkFolders.deleteRecursively(this.directory);
	}

	/**
	 * Adds 100 new objects in a new list, replacing the list of eight rounds before.
	 * @return the number of objects added
	 */
	@Benchmark
	public int add() {
		this.manager.begin();
		List<PersistentMap<String, Object>> objects = new ArrayList<>(OBJECTS);
		for (int i = 0; i < OBJECTS; i++) {
			PersistentMap<String, Object> object = new PersistentMap<>();
			object.put("value", 0);
			object.put("payload", PAYLOAD);
			objects.add(object);
		}
		this.container.put(key(this.round++), new PersistentList<>(objects));
		this.manager.commit();
		this.latest = objects;
		return objects.size();
	}

	/**
	 * Changes an item of each of the 100 objects added last.
	 * @return the number of objects changed
	 */
	@Benchmark
	public int update() {
		this.manager.begin();
		int value = ++this.round;
		for (PersistentMap<String, Object> object : this.latest) {
			object.put("value", value);
		}
		this.manager.commit();
		return this.latest.size();
	}

	/**
	 * The baseline of an add: 101 records of the same sizes committed straight to a FileStorage.
	 * @return the transaction's tid
	 */
	@Benchmark
	public Tid baselineStorageAdd() {
		return commitStraight(true);
	}

	/**
	 * The baseline of an update: 100 records of the same size committed straight to a FileStorage.
	 * @return the transaction's tid
	 */
	@Benchmark
	public Tid baselineStorageUpdate() {
		return commitStraight(false);
	}

	private Tid commitStraight(boolean withList) {
		Storage storage = this.baselineStorage;
		TransactionMetaData txn = TransactionMetaData.of("/ bench", "commit");
		storage.tpcBegin(txn);
		for (Oid oid : storage.newOids(OBJECTS)) {
			storage.store(oid, Tid.ZERO, this.mapRecord, txn);
		}
		if (withList) {
			storage.store(storage.newOid(), Tid.ZERO, this.listRecord, txn);
		}
		storage.vote(txn);
		return storage.tpcFinish(txn);
	}

	private static String key(int round) {
		return "r" + (round % SLOTS);
	}

}
