package io.zkzeo.storage.file;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LongLongHashMap}: any long is a key, removal keeps every other key reachable and frees its slot.
 */
class LongLongHashMapTests {

	@Test
	void keysIncludingZeroAndNegativeMapToTheirValues() {
		LongLongHashMap table = new LongLongHashMap();
		assertThat(table.get(0)).isZero();
		assertThat(table.remove(3)).isZero();
		assertThat(table.put(0, 5)).isZero();
		assertThat(table.put(-1, 6)).isZero();
		assertThat(table.put(0, 7)).isEqualTo(5);
		assertThat(table.get(0)).isEqualTo(7);
		assertThat(table.get(-1)).isEqualTo(6);
		assertThat(table.get(1)).isZero();
		assertThat(table.size()).isEqualTo(2);
		assertThat(table.remove(0)).isEqualTo(7);
		assertThat(table.remove(-1)).isEqualTo(6);
		assertThat(table.isEmpty()).isTrue();
	}

	@Test
	void behavesAsAMapUnderRandomPutsAndRemovals() {
		LongLongHashMap table = new LongLongHashMap();
		Map<Long, Long> expected = new HashMap<>();
		Random random = new Random(42);
		for (int i = 0; i < 200_000; i++) {
			long key = random.nextInt(5_000);
			if (random.nextInt(3) == 0) {
				Long old = expected.remove(key);
				assertThat(table.remove(key)).isEqualTo((old != null) ? old : 0);
			}
			else {
				long value = 1 + random.nextInt(1_000_000);
				Long old = expected.put(key, value);
				assertThat(table.put(key, value)).isEqualTo((old != null) ? old : 0);
			}
		}
		assertThat(table.size()).isEqualTo(expected.size());
		for (long key = 0; key < 5_000; key++) {
			assertThat(table.get(key)).isEqualTo(expected.getOrDefault(key, 0L));
		}
	}

	@Test
	void removedKeysFreeTheirSlots() {
		LongLongHashMap table = new LongLongHashMap();
		for (long key = 0; key < 1_000_000; key++) {
			table.put(key, key + 1);
			if (key >= 8) {
				table.remove(key - 8);
			}
		}
		assertThat(table.size()).isEqualTo(8);
		assertThat(table.get(999_999)).isEqualTo(1_000_000);
		assertThat(table.get(0)).isZero();
		table.clear();
		assertThat(table.isEmpty()).isTrue();
		assertThat(table.get(999_999)).isZero();
	}

}
