package io.zkzeo.pickle;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.zkzeo.pickle.VectorRecords.VectorRecord;
import io.zkzeo.storage.StorageError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Random and mutated records: reading them either succeeds or raises {@link PickleException}, never
 * another exception, never a hang, never an allocation out of proportion to the input.
 */
class PickleFuzzTests {

	private static final long SEED = 0x5eed_2026L;

	private static final int ITERATIONS = 60_000;

	/** Iterations before allocation is measured: the first ones load and initialise classes. */
	private static final int WARM_UP = 1_000;

	private static final byte[] INTERESTING = { (byte) 0x80, 0x03, 'X', 'B', 'T', 'r', 'j', 'h', 'q', (byte) 0x8b,
			(byte) 0x8a, 'Q', 'P', '(', 't', 'u', 'e', 's', 'a', 'b', 'R', (byte) 0x81, 'c', '.', ')', ']', '}', '0',
			'1', '2', 'S', 'V', 'L', 'I', 'F', 'g', 'p', 'i', 'o', '\n', (byte) 0xff, 0x7f, 0x00 };

	private final RecordCodec codec = new RecordCodec(ClassRegistry.standard());

	private final ReferenceScanner scanner = new ReferenceScanner();

	private final com.sun.management.ThreadMXBean threads = threadBean();

	@Test
	@Timeout(value = 120, unit = TimeUnit.SECONDS)
	void randomAndMutatedRecordsShouldOnlyRaisePickleException() {
		Random random = new Random(SEED);
		List<byte[]> seeds = new ArrayList<>();
		for (VectorRecord record : VectorRecords.all()) {
			if (record.data().length < 4096) {
				seeds.add(record.data());
			}
		}
		int decoded = 0;
		int rejected = 0;
		for (int i = 0; i < ITERATIONS; i++) {
			byte[] input = (i % 10 == 0) ? randomBytes(random) : mutate(seeds.get(random.nextInt(seeds.size())), random);
			if (check(input, i >= WARM_UP)) {
				decoded++;
			}
			else {
				rejected++;
			}
		}
		assertThat(decoded).isPositive();
		assertThat(rejected).isPositive();
	}

	/** Returns whether the input decoded. */
	private boolean check(byte[] input, boolean guardAllocation) {
		long allocatedBefore = allocatedBytes();
		ObjectRecord record = null;
		try {
			record = this.codec.decode(input);
		}
		catch (PickleException ex) {
			assertThat(ex.getPosition()).as(describe(input)).isBetween(-1, input.length);
		}
		catch (RuntimeException | StackOverflowError | OutOfMemoryError ex) {
			fail("Decoding raised " + ex + " for " + describe(input), ex);
		}
		List<Long> scanned = new ArrayList<>();
		try {
			this.scanner.findReferences(input, scanned::add);
		}
		catch (StorageError ex) {
			assertThat(ex.getCause()).as(describe(input)).isInstanceOf(PickleException.class);
			scanned = null;
		}
		catch (RuntimeException | StackOverflowError | OutOfMemoryError ex) {
			fail("Scanning raised " + ex + " for " + describe(input), ex);
		}
		long allocated = allocatedBytes() - allocatedBefore;
		assertThat(guardAllocation ? allocated : 0).as("bytes allocated reading " + describe(input))
			.isLessThan(4_000_000L + 200L * input.length);
		if (record == null) {
			return false;
		}
		assertThat(scanned).as("scan of a decodable record " + describe(input)).isNotNull();
		List<Long> strong = new ArrayList<>();
		Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		collectStrongReferences(record.classMetadata(), strong, seen);
		collectStrongReferences(record.state(), strong, seen);
		// the scan also reports references in values the pickle discards (as referencesf does)
		assertThat(scanned).as(describe(input)).containsAll(strong);
		try {
			this.codec.encode(record);
		}
		catch (PickleException ex) {
			// some decodable values (for example very deep ones) cannot be written back
		}
		catch (RuntimeException | StackOverflowError ex) {
			fail("Encoding raised " + ex + " for " + describe(input), ex);
		}
		return true;
	}

	private static void collectStrongReferences(Object value, List<Long> oids, Set<Object> seen) {
		if (value instanceof PersistentReference reference) {
			if (reference.isFollowedByPack()) {
				oids.add(reference.oid().value());
			}
			return;
		}
		if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
				|| !seen.add(value)) {
			return;
		}
		if (value instanceof List<?> list) {
			list.forEach((item) -> collectStrongReferences(item, oids, seen));
		}
		else if (value instanceof Map<?, ?> map) {
			map.forEach((key, item) -> {
				collectStrongReferences(key, oids, seen);
				collectStrongReferences(item, oids, seen);
			});
		}
		else if (value instanceof PickleObject object) {
			collectStrongReferences(object.args(), oids, seen);
			collectStrongReferences(object.state(), oids, seen);
			collectStrongReferences(object.listItems(), oids, seen);
			collectStrongReferences(object.dictItems(), oids, seen);
		}
	}

	private static byte[] randomBytes(Random random) {
		byte[] bytes = new byte[random.nextInt(200)];
		for (int i = 0; i < bytes.length; i++) {
			bytes[i] = random.nextBoolean() ? INTERESTING[random.nextInt(INTERESTING.length)] : (byte) random.nextInt();
		}
		if (bytes.length > 2 && random.nextBoolean()) {
			bytes[0] = (byte) 0x80;
			bytes[1] = 0x03;
		}
		return bytes;
	}

	private static byte[] mutate(byte[] seed, Random random) {
		byte[] bytes = seed.clone();
		int mutations = 1 + random.nextInt(3);
		for (int m = 0; m < mutations && bytes.length > 0; m++) {
			int at = random.nextInt(bytes.length);
			switch (random.nextInt(6)) {
				case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
				case 1 -> bytes[at] = INTERESTING[random.nextInt(INTERESTING.length)];
				case 2 -> bytes = java.util.Arrays.copyOf(bytes, at);
				case 3 -> {
					byte[] inserted = new byte[bytes.length + 1 + random.nextInt(4)];
					System.arraycopy(bytes, 0, inserted, 0, at);
					for (int i = at; i < at + inserted.length - bytes.length; i++) {
						inserted[i] = INTERESTING[random.nextInt(INTERESTING.length)];
					}
					System.arraycopy(bytes, at, inserted, at + inserted.length - bytes.length, bytes.length - at);
					bytes = inserted;
				}
				case 4 -> {
					int length = Math.min(4, bytes.length - at);
					for (int i = 0; i < length; i++) {
						bytes[at + i] = (byte) 0xff;
					}
				}
				default -> bytes[at] = (byte) random.nextInt();
			}
		}
		return bytes;
	}

	private long allocatedBytes() {
		return (this.threads != null) ? this.threads.getCurrentThreadAllocatedBytes() : 0;
	}

	private static com.sun.management.ThreadMXBean threadBean() {
		if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
				&& bean.isThreadAllocatedMemorySupported()) {
			bean.setThreadAllocatedMemoryEnabled(true);
			return bean;
		}
		return null;
	}

	private static String describe(byte[] input) {
		return "input " + HexFormat.of().formatHex(input);
	}

}
