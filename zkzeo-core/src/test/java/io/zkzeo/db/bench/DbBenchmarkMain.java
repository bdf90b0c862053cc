package io.zkzeo.db.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.zkzeo.db.Connection;
import io.zkzeo.db.DB;
import io.zkzeo.db.DbOptions;
import io.zkzeo.db.Persistent;
import io.zkzeo.db.PersistentClass;
import io.zkzeo.db.PersistentTypes;
import io.zkzeo.db.TransactionManager;
import io.zkzeo.db.btree.LOBTree;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.conformance.TestFiles;
import io.zkzeo.storage.file.FileStorage;
import io.zkzeo.storage.memory.MemoryStorage;
import io.zkzeo.storage.memory.MemoryStorageOptions;

/**
 * Measures the object database through its public API: objects per second for creating, updating,
 * reading with an empty cache (cold) and reading objects already in the cache (hot), over MemoryStorage
 * and FileStorage. Objects live in an {@link LOBTree}; creates and updates commit every 1,000 objects.
 *
 * <p>Arguments: {@code [objects] [hotRounds]} (defaults 100000 and 20). Not run by the tests.
 */
public final class DbBenchmarkMain {

	private static final int BATCH = 1_000;

	private DbBenchmarkMain() {
	}

	/**
	 * Runs the benchmark and prints one line per storage and operation.
	 * @param args optional object count and number of hot read rounds
	 * @throws IOException if the temporary directory cannot be made
	 */
	public static void main(String[] args) throws IOException {
		int objects = (args.length > 0) ? Integer.parseInt(args[0]) : 100_000;
		int hotRounds = (args.length > 1) ? Integer.parseInt(args[1]) : 20;
		PrintStream out = System.out;
		out.printf("objects=%d hotRounds=%d java=%s cores=%d%n", objects, hotRounds, System.getProperty("java.version"),
				Runtime.getRuntime().availableProcessors());
		for (int run = 0; run < 2; run++) {
			String label = (run == 0) ? "warm-up" : "measured";
			out.println("-- " + label);
			bench("MemoryStorage", new MemoryStorage(MemoryStorageOptions.defaults()), objects, hotRounds, out);
			Path dir = Files.createTempDirectory("zkzeo-db-bench");
			try {
				bench("FileStorage", FileStorage.open(dir.resolve("Data.fs")), objects, hotRounds, out);
			}
			finally {
				TestFiles.deleteRecursively(dir);
			}
		}
	}

	private static void bench(String name, Storage storage, int objects, int hotRounds, PrintStream out) {
		PersistentTypes types = PersistentTypes.standard().toBuilder().register(Item.class).build();
		DbOptions options = DbOptions.defaults().withCacheSize(objects * 2).withTypes(types);
		try (DB db = new DB(storage, options)) {
			long start = System.nanoTime();
			for (int from = 0; from < objects; from += BATCH) {
				int first = from;
				db.transaction((connection) -> {
					LOBTree<Item> tree = tree(connection);
					for (int i = first; i < Math.min(first + BATCH, objects); i++) {
						tree.put((long) i, new Item(i));
					}
					return null;
				});
			}
			report(out, name, "create", objects, System.nanoTime() - start);

			start = System.nanoTime();
			for (int from = 0; from < objects; from += BATCH) {
				int first = from;
				db.transaction((connection) -> {
					LOBTree<Item> tree = tree(connection);
					for (Item item : tree.values((long) first, (long) Math.min(first + BATCH, objects) - 1)) {
						item.increment();
					}
					return null;
				});
			}
			report(out, name, "update", objects, System.nanoTime() - start);

			TransactionManager manager = new TransactionManager();
			try (Connection connection = db.open(manager)) {
				connection.cacheMinimize();
				manager.begin();
				Item[] items = new Item[objects];
				start = System.nanoTime();
				long sum = 0;
				int index = 0;
				for (Item item : tree(connection).values()) {
					sum += item.value();
					items[index++] = item;
				}
				report(out, name, "cold read", objects, System.nanoTime() - start);
				check(sum, objects);

				start = System.nanoTime();
				for (int round = 0; round < hotRounds; round++) {
					sum = 0;
					for (Item item : items) {
						sum += item.value();
					}
					check(sum, objects);
				}
				report(out, name, "hot read (field)", (long) objects * hotRounds, System.nanoTime() - start);

				LOBTree<Item> tree = tree(connection);
				start = System.nanoTime();
				for (int round = 0; round < Math.max(1, hotRounds / 4); round++) {
					sum = 0;
					for (long key = 0; key < objects; key++) {
						sum += tree.get(key).value();
					}
					check(sum, objects);
				}
				report(out, name, "hot read (BTree get)", (long) objects * Math.max(1, hotRounds / 4),
						System.nanoTime() - start);
				manager.abort();
			}
		}
	}

	@SuppressWarnings("unchecked")
	private static LOBTree<Item> tree(Connection connection) {
		Object tree = connection.root().get("items");
		if (tree == null) {
			tree = new LOBTree<Item>();
			connection.root().put("items", tree);
		}
		return (LOBTree<Item>) tree;
	}

	private static void check(long sum, int objects) {
		long expected = (long) objects * (objects - 1) / 2 + objects;
		if (sum != expected) {
			throw new IllegalStateException("Read sum " + sum + ", expected " + expected);
		}
	}

	private static void report(PrintStream out, String storage, String operation, long count, long nanos) {
		double seconds = nanos / 1e9;
		out.printf("%-14s %-22s %12.0f objects/s  (%d objects in %.3f s)%n", storage, operation, count / seconds, count,
				seconds);
	}

	/**
	 * The benchmark's persistent object: one counter.
	 */
	@PersistentClass("zkzeo.bench.Item")
	static final class Item extends Persistent {

		private long value;

		private Item() {
		}

		Item(long value) {
			this.value = value;
		}

		long value() {
			readAccess();
			return this.value;
		}

		void increment() {
			writeAccess();
			this.value++;
		}

	}

}
