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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import io.zkzeo.storage.file.FileStorage;
import io.zkzeo.storage.file.FileStorageOptions;

/**
 * Durable commits of 10 objects from 8 threads at once, where committers share fsyncs (group commit),
 * beside the baseline of 8 threads each appending the same bytes and fsyncing on their own.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@Threads(8)
@State(Scope.Benchmark)
public class ConcurrentCommitBenchmark {

	private static final int OBJECTS = 10;

	private Path directory;

	private FileStorage storage;

	private FileChannel raw;

	@Setup(Level.Trial)
	public void open() throws IOException {
		this.directory = Files.createTempDirectory("zkzeo-group-commit-bench");
		this.storage = FileStorage.open(this.directory.resolve("Data.fs"), FileStorageOptions.defaults());
		this.raw = FileChannel.open(this.directory.resolve("raw.bin"), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE, StandardOpenOption.APPEND);
	}

	@TearDown(Level.Trial)
	public void close() throws IOException {
		this.storage.close();
		this.raw.close();
		BenchmarkFolders.deleteRecursively(this.directory);
	}

	/** One thread's transaction bytes for the baseline. */
	@State(Scope.Thread)
	public static class RawTransaction {

		final ByteBuffer bytes = ByteBuffer.allocate(23 + 8 + OBJECTS * (42 + SampleRecords.PERSISTENT_MAPPING.length));

	}

	@Benchmark
	public Tid fileStorage() {
		TransactionMetaData txn = TransactionMetaData.of("/ bench", "concurrent commit");
		this.storage.tpcBegin(txn);
		for (Oid oid : this.storage.newOids(OBJECTS)) {
			this.storage.store(oid, Tid.ZERO, SampleRecords.PERSISTENT_MAPPING, txn);
		}
		this.storage.vote(txn);
		return this.storage.tpcFinish(txn);
	}

	/**
	 * The baseline: every thread appends its transaction's bytes and fsyncs by itself.
	 */
	@Benchmark
	public long baselineRawAppendEachFsync(RawTransaction transaction) throws IOException {
		transaction.bytes.clear();
		long written = this.raw.write(transaction.bytes);
		this.raw.force(false);
		return written;
	}

}
