package io.zkzeo.storage.file;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link CurrentRecordCache}: answers only for the position asked, with the data put, stays within its
 * bytes, drops the oldest first.
 */
class CurrentRecordCacheTests {

	private static final int RECORD = 100;

	private static final long ENTRY = RECORD + CurrentRecordCache.ENTRY_OVERHEAD;

	@Test
	void answersOnlyForTheRecordAtThePositionAsked() {
		CurrentRecordCache cache = new CurrentRecordCache(10 * ENTRY);
		cache.put(7, 1000, 42, new byte[RECORD]);

		assertThat(cache.get(7, 1000)).isNotNull().satisfies((entry) -> assertThat(entry.tid()).isEqualTo(42));
		assertThat(cache.get(7, 2000)).isNull();
		assertThat(cache.get(8, 1000)).isNull();
	}

	@Test
	void aNewerRecordOfTheSameObjectReplacesTheOlder() {
		CurrentRecordCache cache = new CurrentRecordCache(10 * ENTRY);
		cache.put(7, 1000, 42, new byte[RECORD]);
		cache.put(7, 3000, 43, new byte[RECORD]);

		assertThat(cache.get(7, 1000)).isNull();
		assertThat(cache.get(7, 3000)).isNotNull();
		assertThat(cache.size()).isEqualTo(1);
		assertThat(cache.bytes()).isEqualTo(ENTRY);
	}

	@Test
	void staysWithinItsBytesDroppingTheOldestFirst() {
		CurrentRecordCache cache = new CurrentRecordCache(10 * ENTRY);
		for (long oid = 1; oid <= 25; oid++) {
			cache.put(oid, oid * 1000, oid, new byte[RECORD]);
			assertThat(cache.bytes()).isLessThanOrEqualTo(10 * ENTRY);
		}

		assertThat(cache.size()).isEqualTo(10);
		assertThat(cache.get(15, 15_000)).isNull();
		assertThat(cache.get(16, 16_000)).isNotNull();
		assertThat(cache.get(25, 25_000)).isNotNull();
	}

	@Test
	void recordsOverAQuarterOfTheCacheAreNotKept() {
		CurrentRecordCache cache = new CurrentRecordCache(4 * ENTRY);
		cache.put(1, 1000, 1, new byte[2 * RECORD]);

		assertThat(cache.size()).isZero();
		assertThat(cache.bytes()).isZero();
	}

	@Test
	void aCacheOfNoBytesKeepsNothingAndClearDropsEverything() {
		CurrentRecordCache none = new CurrentRecordCache(0);
		none.put(1, 1000, 1, new byte[1]);
		assertThat(none.size()).isZero();

		CurrentRecordCache cache = new CurrentRecordCache(10 * ENTRY);
		cache.put(1, 1000, 1, new byte[RECORD]);
		cache.clear();
		assertThat(cache.get(1, 1000)).isNull();
		assertThat(cache.bytes()).isZero();
	}

	@Test
	void answersWithACopyOfTheDataAndTheTid() {
		CurrentRecordCache cache = new CurrentRecordCache(10 * ENTRY);
		byte[] data = { 1, 2, 3 };
		cache.put(7, 1000, 42, data);
		data[0] = 9;

		CurrentRecordCache.Entry entry = cache.get(7, 1000);
		assertThat(entry).isNotNull();
		assertThat(entry.data()).containsExactly(1, 2, 3);
		entry.data()[1] = 9;
		assertThat(cache.get(7, 1000).data()).containsExactly(1, 2, 3);
		assertThat(cache.tid(7, 1000)).isEqualTo(42);
		assertThat(cache.tid(7, 2000)).isZero();
		assertThat(cache.tid(8, 1000)).isZero();
	}

	@Test
	void keepsTheNewestRecordsOfEveryObjectAcrossGrowthAndWrapping() {
		Random random = new Random(7);
		for (long capacity : new long[] { 4_096, 100_000, 1_000_000 }) {
			CurrentRecordCache cache = new CurrentRecordCache(capacity);
			Map<Long, Written> newest = new LinkedHashMap<>();
			List<Long> order = new ArrayList<>();
			for (int i = 0; i < 20_000; i++) {
				long oid = random.nextInt(500);
				byte[] data = new byte[random.nextInt((int) Math.min(2_000, capacity / 4 - CurrentRecordCache.ENTRY_OVERHEAD - 3))];
				random.nextBytes(data);
				Written written = new Written(1000L * i, i + 1, data);
				cache.put(oid, written.position, written.tid, data);
				newest.put(oid, written);
				order.remove(oid);
				order.add(oid);
				assertThat(cache.bytes()).isLessThanOrEqualTo(capacity);
				if (i % 97 == 0) {
					assertHoldsANewestSuffix(cache, newest, order);
				}
			}
			assertHoldsANewestSuffix(cache, newest, order);
		}
	}

	/** Checks that the cache answers exactly for the most recently put objects, with what was put last. */
	private static void assertHoldsANewestSuffix(CurrentRecordCache cache, Map<Long, Written> newest, List<Long> order) {
		boolean dropping = true;
		int held = 0;
		long bytes = 0;
		for (long oid : order) {
			Written written = newest.get(oid);
			CurrentRecordCache.Entry entry = cache.get(oid, written.position);
			assertThat(cache.get(oid, written.position + 1)).isNull();
			if (entry == null) {
				assertThat(dropping).as("an object put after one the cache holds was dropped").isTrue();
				continue;
			}
			dropping = false;
			held++;
			bytes += (CurrentRecordCache.ENTRY_OVERHEAD + written.data.length + 3) & ~3;
			assertThat(entry.tid()).isEqualTo(written.tid);
			assertThat(Arrays.equals(entry.data(), written.data)).isTrue();
		}
		long last = order.get(order.size() - 1);
		assertThat(cache.get(last, newest.get(last).position)).isNotNull();
		assertThat(cache.size()).isEqualTo(held);
		assertThat(cache.bytes()).isEqualTo(bytes);
	}

	private record Written(long position, long tid, byte[] data) {
	}

	@Test
	void negativeCapacityIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new CurrentRecordCache(-1));
	}

}
