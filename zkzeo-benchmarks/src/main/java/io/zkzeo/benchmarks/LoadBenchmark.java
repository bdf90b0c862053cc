package io.zkzeo.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.zkzeo.storage.DataRevision;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import io.zkzeo.storage.file.FileStorage;
import io.zkzeo.storage.file.FileStorageOptions;

/**
 * Load and loadBefore throughput from a FileStorage whose objects each have three revisions, read from
 * two threads, beside the floor: a positional read of a record's bytes at a known offset. Runs with the
 * storage's cache of records written lately off ({@code recordCacheSize} 0) and at its default size (16 MiB,
 * which then holds the last written revision of about 60% of the 100,000 objects).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@Threads(2)
@State(Scope.Benchmark)
public class LoadBenchmark {

	private static final int REVISIONS = 3;

	@Param({ "100000" })
	int objects;

	@Param({ "0", "16777216" })
	long recordCacheSize;

	private Path directory;

	private FileStorage storage;

	private FileChannel raw;

	private final List<Tid> tids = new ArrayList<>();

	@Setup(Level.Trial)
	public void populate() throws IOException {
		this.directory = Files.createTempDirectory("zkzeo-load-bench");
		Path file = this.directory.resolve("Data.fs");
		this.storage = FileStorage.open(file,
				FileStorageOptions.defaults().withFsync(false).withRecordCacheSize(this.recordCacheSize));
		List<Oid> oids = this.storage.newOids(this.objects);
		Tid[] serials = new Tid[this.objects];
		java.util.Arrays.fill(serials, Tid.ZERO);
		for (int revision = 0; revision < REVISIONS; revision++) {
			for (int start = 0; start < this.objects; start += 1000) {
				TransactionMetaData txn = TransactionMetaData.of("/ bench", "revision " + revision);
				this.storage.tpcBegin(txn);
				int end = Math.min(start + 1000, this.objects);
				for (int i = start; i < end; i++) {
					this.storage.store(oids.get(i), serials[i], SampleRecords.PERSISTENT_MAPPING, txn);
				}
				this.storage.vote(txn);
				Tid tid = this.storage.tpcFinish(txn);
				for (int i = start; i < end; i++) {
					serials[i] = tid;
				}
				this.tids.add(tid);
			}
		}
		this.raw = FileChannel.open(file, StandardOpenOption.READ);
	}

	@TearDown(Level.Trial)
	public void close() throws IOException {
		this.raw.close();
		this.storage.close();
		BenchmarkFolders.deleteRecursively(this.directory);
	}

	/** Per-thread buffer for the baseline read. */
	@State(Scope.Thread)
	public static class ReadBuffer {

		final ByteBuffer buffer = ByteBuffer.allocate(42 + SampleRecords.PERSISTENT_MAPPING.length);

	}

	@Benchmark
	public DataRevision load() {
		return this.storage.load(randomOid());
	}

	@Benchmark
	public DataRevision loadBeforeMiddleRevision() {
		Tid middle = this.tids.get(this.tids.size() / 2);
		return this.storage.loadBefore(randomOid(), middle);
	}

	/**
	 * The floor: reading one record's header and data at a random offset of the same file.
	 */
	@Benchmark
	public int baselinePositionalRead(ReadBuffer read) throws IOException {
		read.buffer.clear();
		long size = this.raw.size() - read.buffer.capacity();
		return this.raw.read(read.buffer, 4 + ThreadLocalRandom.current().nextLong(size - 4));
	}

	private Oid randomOid() {
		return Oid.of(1 + ThreadLocalRandom.current().nextInt(this.objects));
	}

}
