package io.zkzeo.storage.file;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures commits per second (with and without fsync) and loads per second. Not a test: run it by
 * hand, like {@link IndexBenchmark}.
 */
final class CommitBenchmark {

	private static final Logger logger = LoggerFactory.getLogger(CommitBenchmark.class);

	private CommitBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Path dir = Files.createDirectories(Path.of(args[0]));
		int commits = Integer.parseInt(args[1]);
		for (boolean fsync : new boolean[] { true, false }) {
			Path file = dir.resolve("Commit-" + fsync + ".fs");
			Files.deleteIfExists(file);
			Files.deleteIfExists(IndexSnapshot.pathFor(file));
			try (FileStorage storage = FileStorage.open(file, FileStorageOptions.defaults().withFsync(fsync))) {
				Tid[] serials = new Tid[1000];
				java.util.Arrays.fill(serials, Tid.ZERO);
				byte[] data = new byte[100];
				long start = System.nanoTime();
				for (int i = 0; i < commits; i++) {
					TransactionMetaData txn = TransactionMetaData.of("", "commit " + i);
					storage.tpcBegin(txn);
					int[] oids = new int[10];
					for (int j = 0; j < 10; j++) {
						oids[j] = (i * 10 + j) % serials.length;
						storage.store(Oid.of(oids[j]), serials[oids[j]], data, txn);
					}
					storage.vote(txn);
					Tid tid = storage.tpcFinish(txn);
					for (int oid : oids) {
						serials[oid] = tid;
					}
				}
				double seconds = (System.nanoTime() - start) / 1e9;
				logger.info("fsync={}: {} commits of 10 objects in {} s = {} commits/s", fsync, commits,
						String.format("%.2f", seconds), String.format("%.0f", commits / seconds));
				if (!fsync) {
					int loads = 2_000_000;
					start = System.nanoTime();
					long bytes = 0;
					for (int i = 0; i < loads; i++) {
						bytes += storage.load(Oid.of(ThreadLocalRandom.current().nextInt(serials.length))).data().length;
					}
					seconds = (System.nanoTime() - start) / 1e9;
					logger.info("{} loads in {} s = {} loads/s ({} bytes)", loads, String.format("%.2f", seconds),
							String.format("%.0f", loads / seconds), bytes);
				}
			}
		}
		for (int threads : new int[] { 1, 4, 16 }) {
			concurrent(dir, threads, commits);
		}
	}

	private static void concurrent(Path dir, int threads, int commits) throws Exception {
		Path file = dir.resolve("Concurrent-" + threads + ".fs");
		Files.deleteIfExists(file);
		Files.deleteIfExists(IndexSnapshot.pathFor(file));
		try (FileStorage storage = FileStorage.open(file)) {
			java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
			byte[] data = new byte[100];
			long start = System.nanoTime();
			java.util.List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
			for (int t = 0; t < threads; t++) {
				long oid = t + 1;
				futures.add(pool.submit(() -> {
					Tid serial = Tid.ZERO;
					for (int i = 0; i < commits / threads; i++) {
						TransactionMetaData txn = TransactionMetaData.of("", "commit");
						storage.tpcBegin(txn);
						storage.store(Oid.of(oid), serial, data, txn);
						storage.vote(txn);
						serial = storage.tpcFinish(txn);
					}
				}));
			}
			for (java.util.concurrent.Future<?> future : futures) {
				future.get();
			}
			pool.shutdown();
			double seconds = (System.nanoTime() - start) / 1e9;
			logger.info("fsync=true, {} threads: {} commits in {} s = {} commits/s", threads, commits,
					String.format("%.2f", seconds), String.format("%.0f", commits / seconds));
		}
	}

}
