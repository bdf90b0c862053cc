package io.zkzeo.storage.file;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link CurrentRecordCache}: answers only for the position asked, stays within its bytes, drops the
 * oldest first.
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
	void negativeCapacityIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new CurrentRecordCache(-1));
	}

}
