package io.zkzeo.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.zkzeo.server.ServerOptions;
import io.zkzeo.server.StorageServer;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import io.zkzeo.storage.memory.MemoryStorage;
import io.zkzeo.storage.memory.MemoryStorageOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures a client against a zkzeo server over 127.0.0.1 (MemoryStorage behind it): loads answered by the cache
 * against loads that go to the server one at a time, a prefetch of the same objects in one round, and small
 * commits. Ratios within one run matter, not the absolute numbers. Not a test: run it by hand.
 *
 * <pre>
 * java -cp zkzeo-core/target/test-classes:zkzeo-core/target/classes:DEPENDENCIES \
 *     io.zkzeo.client.ClientBenchmark 2000
 * </pre>
 */
final class ClientBenchmark {

	private static final Logger logger = LoggerFactory.getLogger(ClientBenchmark.class);

	private ClientBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int objects = (args.length > 0) ? Integer.parseInt(args[0]) : 2000;
		try (MemoryStorage memory = new MemoryStorage(MemoryStorageOptions.defaults());
				StorageServer server = new StorageServer(ServerOptions.of(memory)).start();
				ClientStorage writer = new ClientStorage(ClientOptions.of(server.boundAddress()))) {
			List<Oid> oids = writer.newOids(objects);
			TransactionMetaData setup = TransactionMetaData.of("bench", "setup");
			writer.tpcBegin(setup);
			for (Oid oid : oids) {
				writer.store(oid, Tid.ZERO, new byte[200], setup);
			}
			writer.vote(setup);
			writer.tpcFinish(setup);
			for (int run = 0; run < 3; run++) {
				try (ClientStorage reader = new ClientStorage(ClientOptions.of(server.boundAddress())
					.withWaitTimeout(Duration.ofSeconds(30)))) {
					long start = System.nanoTime();
					for (Oid oid : oids) {
						reader.load(oid);
					}
					long serverLoads = System.nanoTime() - start;
					start = System.nanoTime();
					for (int repeat = 0; repeat < 10; repeat++) {
						for (Oid oid : oids) {
							reader.load(oid);
						}
					}
					long cachedLoads = (System.nanoTime() - start) / 10;
					try (ClientStorage prefetcher = new ClientStorage(ClientOptions.of(server.boundAddress()))) {
						start = System.nanoTime();
						prefetcher.prefetch(oids, Tid.MAX).join();
						long prefetch = System.nanoTime() - start;
						logger.info("Run {}: {} loads from the server one by one {} ms, prefetched in one round {} ms "
								+ "({}x), from the cache {} ms ({}x)", run, objects, serverLoads / 1_000_000,
								prefetch / 1_000_000, String.format("%.1f", serverLoads / (double) prefetch),
								cachedLoads / 1_000_000, String.format("%.1f", serverLoads / (double) cachedLoads));
					}
				}
			}
			Oid counter = oids.get(0);
			Tid serial = writer.load(counter).serial();
			int commits = 500;
			long start = System.nanoTime();
			List<Tid> tids = new ArrayList<>();
			for (int i = 0; i < commits; i++) {
				TransactionMetaData txn = TransactionMetaData.of("bench", "commit " + i);
				writer.tpcBegin(txn);
				writer.store(counter, serial, new byte[200], txn);
				writer.vote(txn);
				serial = writer.tpcFinish(txn);
				tids.add(serial);
			}
			long nanos = System.nanoTime() - start;
			logger.info("{} commits of one object: {} ms, {} per second", commits, nanos / 1_000_000,
					String.format("%.0f", commits / (nanos / 1e9)));
		}
	}

}
