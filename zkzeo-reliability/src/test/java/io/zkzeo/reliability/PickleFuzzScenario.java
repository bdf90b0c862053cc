package io.zkzeo.reliability;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.zkzeo.pickle.ClassRegistry;
import io.zkzeo.pickle.PickleException;
import io.zkzeo.pickle.RecordCodec;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.conformance.TestRecords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Random and mutated object records fed to the record codec, seeded with the records of Data.fs files
 * written by Python ZODB and with records made by the test helpers: decoding either succeeds or raises
 * {@link PickleException}, nothing else.
 */
final class PickleFuzzScenario {

	private final Path directory;

	private final long iterations;

	private final long seed;

	PickleFuzzScenario(Path directory, long iterations, long seed) {
		this.directory = directory;
		this.iterations = iterations;
		this.seed = seed;
	}

	void run() {
		List<byte[]> seeds = new ArrayList<>();
		for (String name : List.of("containers.fs", "refs.fs", "many.fs", "packed.fs")) {
			seeds.addAll(VectorFiles.records(VectorFiles.copy(name, this.directory)));
		}
		seeds.add(TestRecords.counter(42));
		seeds.add(TestRecords.node(7, Oid.of(1), Oid.of(2)));
		seeds.add(TestRecords.mapping(Map.of("a", 1, "b", 3)));
		List<RecordCodec> codecs = List.of(new RecordCodec(ClassRegistry.standard()), RecordCodec.generic());
		Random random = new Random(this.seed);
		long decoded = 0;
		long refused = 0;
		long started = System.nanoTime();
		for (long i = 0; i < this.iterations; i++) {
			byte[] input = (i % 10 == 0) ? Mutations.randomBytes(random, 200)
					: Mutations.mutate(seeds.get(random.nextInt(seeds.size())), random);
			RecordCodec codec = codecs.get((int) (i & 1));
			try {
				codec.decode(input);
				decoded++;
			}
			catch (PickleException ex) {
				refused++;
			}
			catch (RuntimeException | StackOverflowError | OutOfMemoryError ex) {
				fail("Decoding raised " + ex + " for " + java.util.HexFormat.of().formatHex(input), ex);
			}
		}
		long millis = Math.max(1, (System.nanoTime() - started) / 1_000_000);
		new Figures("pickle-fuzz").put("records", this.iterations)
			.put("seeds", seeds.size())
			.put("decoded", decoded)
			.put("refusedWithPickleException", refused)
			.put("recordsPerSecond", this.iterations * 1000 / millis)
			.report();
		assertThat(decoded).isPositive();
		assertThat(refused).isPositive();
	}

}
