package io.zkzeo.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import io.zkzeo.storage.file.FileStorage;
import io.zkzeo.storage.file.FileStorageOptions;

/**
 * Opens a FileStorage of many objects with its index snapshot and by a full scan (the baseline), and
 * reports the index's memory per object. Prints a small table; creates the file first if it is missing.
 *
 * <pre>
 * java -cp zkzeo-benchmarks/target/benchmarks.jar io.zkzeo.benchmarks.IndexFigures /tmp/zkzeo-index 1000000
 * </pre>
 */
public final class IndexFigures {

	private static final int OBJECTS_PER_TRANSACTION = 1000;

	private static final int RUNS = 7;

	private IndexFigures() {
	}

	/**
	 * Runs the measurement.
	 * @param args a directory for the file, and the number of objects (default one million)
	 * @throws IOException if the directory cannot be used
	 */
	public static void main(String[] args) throws IOException {
		Path directory = Files.createDirectories(Path.of((args.length > 0) ? args[0] : "/tmp/zkzeo-index"));
		int objects = (args.length > 1) ? Integer.parseInt(args[1]) : 1_000_000;
		Path file = directory.resolve("Data.fs");
		if (!Files.exists(file)) {
			create(file, objects);
		}
		double[] snapshotMillis = new double[RUNS];
		double[] scanMillis = new double[RUNS];
		long indexBytes = 0;
		long count = 0;
		for (int run = 0; run < RUNS; run++) {
			long start = System.nanoTime();
			try (FileStorage storage = FileStorage.open(file, FileStorageOptions.defaults().withReadOnly(true))) {
				snapshotMillis[run] = (System.nanoTime() - start) / 1e6;
				indexBytes = storage.indexMemoryBytes();
				count = storage.objectCount();
			}
			start = System.nanoTime();
			try (FileStorage storage = FileStorage.open(file,
					FileStorageOptions.defaults().withReadOnly(true).withIndexSnapshot(false))) {
				scanMillis[run] = (System.nanoTime() - start) / 1e6;
			}
		}
		long heapBytes = measuredHeapGrowth(file);
		System.out.printf("file: %s, %d bytes, %d objects%n", file, Files.size(file), count);
		System.out.printf("open with index snapshot: median %.1f ms (first %.1f ms)%n", median(snapshotMillis),
				snapshotMillis[0]);
		System.out.printf("open by full scan (baseline): median %.1f ms (first %.1f ms)%n", median(scanMillis),
				scanMillis[0]);
		System.out.printf("ratio scan/snapshot: %.1f%n", median(scanMillis) / median(snapshotMillis));
		System.out.printf("index memory: %d bytes, %.2f bytes per object; heap growth measured on open: %.2f "
				+ "bytes per object%n", indexBytes, indexBytes / (double) count, heapBytes / (double) count);
	}

	private static void create(Path file, int objects) {
		try (FileStorage storage = FileStorage.open(file, FileStorageOptions.defaults().withFsync(false))) {
			for (int start = 0; start < objects; start += OBJECTS_PER_TRANSACTION) {
				TransactionMetaData txn = TransactionMetaData.of("/ bench", "objects from " + start);
				storage.tpcBegin(txn);
				List<Oid> oids = storage.newOids(Math.min(OBJECTS_PER_TRANSACTION, objects - start));
				for (Oid oid : oids) {
					storage.store(oid, Tid.ZERO, SampleRecords.PERSISTENT_MAPPING, txn);
				}
				storage.vote(txn);
				storage.tpcFinish(txn);
			}
		}
	}

	private static long measuredHeapGrowth(Path file) {
		Runtime runtime = Runtime.getRuntime();
		System.gc();
		long before = runtime.totalMemory() - runtime.freeMemory();
		try (FileStorage storage = FileStorage.open(file, FileStorageOptions.defaults().withReadOnly(true))) {
			System.gc();
			return runtime.totalMemory() - runtime.freeMemory() - before;
		}
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

}
