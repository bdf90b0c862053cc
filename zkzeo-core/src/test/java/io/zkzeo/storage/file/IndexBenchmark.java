package io.zkzeo.storage.file;

import java.nio.file.Files;
import java.nio.file.Path;

import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures opening a large storage with and without its index snapshot, and the index's memory per
 * object. Not a test: run it by hand.
 *
 * <pre>
 * java -cp zkzeo-core/target/test-classes:zkzeo-core/target/classes:DEPENDENCIES \
 *     io.zkzeo.storage.file.IndexBenchmark /tmp/bench 1000000
 * </pre>
 */
final class IndexBenchmark {

	private static final Logger logger = LoggerFactory.getLogger(IndexBenchmark.class);

	private IndexBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Path dir = Files.createDirectories(Path.of(args[0]));
		int objects = Integer.parseInt(args[1]);
		Path file = dir.resolve("Data.fs");
		if (!Files.exists(file)) {
			create(file, objects);
		}
		for (int run = 0; run < 5; run++) {
			long start = System.nanoTime();
			try (FileStorage storage = FileStorage.open(file, FileStorageOptions.defaults().withReadOnly(true))) {
				long nanos = System.nanoTime() - start;
				logger.info("Open with snapshot, run {}: {} ms, {} objects, {} bytes", run, nanos / 1_000_000,
						storage.objectCount(), storage.getSize());
			}
		}
		long start = System.nanoTime();
		try (FileStorage storage = FileStorage.open(file,
				FileStorageOptions.defaults().withReadOnly(true).withIndexSnapshot(false))) {
			logger.info("Open by full scan: {} ms", (System.nanoTime() - start) / 1_000_000);
		}
		Runtime runtime = Runtime.getRuntime();
		System.gc();
		long before = runtime.totalMemory() - runtime.freeMemory();
		IndexSnapshot.Loaded loaded;
		try (var channel = java.nio.channels.FileChannel.open(file)) {
			loaded = IndexSnapshot.read(file, channel, FileStorageFormat.MAGIC_FS30);
		}
		System.gc();
		long after = runtime.totalMemory() - runtime.freeMemory();
		OidIndex index = loaded.index();
		logger.info("Index: {} entries, estimated {} bytes ({} per object), measured heap growth {} bytes ({} per object)",
				index.size(), index.footprintBytes(), String.format("%.2f", index.footprintBytes() / (double) index.size()),
				after - before, String.format("%.2f", (after - before) / (double) index.size()));
	}

	private static void create(Path file, int objects) {
		try (FileStorage storage = FileStorage.open(file, FileStorageOptions.defaults().withFsync(false))) {
			byte[] data = new byte[60];
			int perTransaction = 1000;
			for (int first = 0; first < objects; first += perTransaction) {
				TransactionMetaData txn = TransactionMetaData.of("", "batch " + first);
				storage.tpcBegin(txn);
				for (int oid = first; oid < Math.min(objects, first + perTransaction); oid++) {
					data[0] = (byte) oid;
					storage.store(Oid.of(oid), Tid.ZERO, data.clone(), txn);
				}
				storage.vote(txn);
				storage.tpcFinish(txn);
			}
			logger.info("Created {} with {} objects, {} bytes", file, objects, storage.getSize());
		}
	}

}
