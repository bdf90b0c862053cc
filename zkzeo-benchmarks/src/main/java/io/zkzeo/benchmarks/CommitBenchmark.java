package io.zkzeo.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import io.zkzeo.storage.file.FileStorage;
import io.zkzeo.storage.file.FileStorageOptions;
import io.zkzeo.storage.memory.MemoryStorage;
import io.zkzeo.storage.memory.MemoryStorageOptions;

/**
 * Commit throughput: transactions of 1, 10 and 100 new objects, with and without fsync, in FileStorage
 * and MemoryStorage, beside the floor a file system allows: appending the same bytes to a file (and
 * fsyncing) with nothing else.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@State(Scope.Thread)
public class CommitBenchmark {

	@Param({ "1", "10", "100" })
	int objectsPerTransaction;

	@Param({ "true", "false" })
	boolean fsync;

	private Path directory;

	private Storage fileStorage;

	private Storage memoryStorage;

	private FileChannel rawFile;

	private ByteBuffer rawTransaction;

	@Setup(Level.Trial)
	public void open() throws IOException {
		this.directory = Files.createTempDirectory("zkzeo-commit-bench");
		this.fileStorage = FileStorage.open(this.directory.resolve("Data.fs"),
				FileStorageOptions.defaults().withFsync(this.fsync));
		this.memoryStorage = new MemoryStorage(MemoryStorageOptions.defaults());
		this.rawFile = FileChannel.open(this.directory.resolve("raw.bin"), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE, StandardOpenOption.APPEND);
		int transactionBytes = 23 + 8 + this.objectsPerTransaction * (42 + SampleRecords.PERSISTENT_MAPPING.length);
		this.rawTransaction = ByteBuffer.allocate(transactionBytes);
	}

	@TearDown(Level.Trial)
	public void close() throws IOException {
		this.fileStorage.close();
		this.memoryStorage.close();
		this.rawFile.close();
		BenchmarkFolders.deleteRecursively(this.directory);
	}

	@Benchmark
	public Tid fileStorage() {
		return commit(this.fileStorage);
	}

	@Benchmark
	public Tid memoryStorage() {
		return commit(this.memoryStorage);
	}

	/**
	 * The floor: the bytes of one transaction appended (and fsynced) with no storage logic at all.
	 */
	@Benchmark
	public long baselineRawAppend() throws IOException {
		this.rawTransaction.clear();
		long written = this.rawFile.write(this.rawTransaction);
		if (this.fsync) {
			this.rawFile.force(false);
		}
		return written;
	}

	private Tid commit(Storage storage) {
		TransactionMetaData txn = TransactionMetaData.of("/ bench", "commit");
		storage.tpcBegin(txn);
		for (Oid oid : storage.newOids(this.objectsPerTransaction)) {
			storage.store(oid, Tid.ZERO, SampleRecords.PERSISTENT_MAPPING, txn);
		}
		storage.vote(txn);
		return storage.tpcFinish(txn);
	}

}
