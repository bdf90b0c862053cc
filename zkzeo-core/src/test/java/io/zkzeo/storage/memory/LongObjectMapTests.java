package io.zkzeo.storage.memory;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LongObjectMap}, against {@link HashMap} as the reference.
 */
class LongObjectMapTests {

	@Test
	void putAndGetAgreeWithHashMapForManyKeys() {
		LongObjectMap<String> map = new LongObjectMap<>();
		Map<Long, String> reference = new HashMap<>();
		Random random = new Random(7);
		for (int i = 0; i < 20_000; i++) {
			long key = (i % 3 == 0) ? random.nextLong() : random.nextInt(5_000);
			String value = "v" + i;
			map.put(key, value);
			reference.put(key, value);
		}
		assertThat(map.size()).isEqualTo(reference.size());
		reference.forEach((key, value) -> assertThat(map.get(key)).isEqualTo(value));
		assertThat(map.values()).containsExactlyInAnyOrderElementsOf(reference.values());
		assertThat(map.get(Long.MIN_VALUE + 12345)).isNull();
	}

	@Test
	void zeroAndNegativeKeysAreOrdinaryKeys() {
		LongObjectMap<String> map = new LongObjectMap<>();
		assertThat(map.get(0)).isNull();
		map.put(0, "root");
		map.put(-1, "all ones");
		map.put(0, "root again");
		assertThat(map.get(0)).isEqualTo("root again");
		assertThat(map.get(-1)).isEqualTo("all ones");
		assertThat(map.size()).isEqualTo(2);
	}

	@Test
	void copyIsIndependent() {
		LongObjectMap<String> map = new LongObjectMap<>();
		map.put(1, "one");
		LongObjectMap<String> copy = map.copy();
		copy.put(2, "two");
		copy.put(1, "uno");
		assertThat(map.get(1)).isEqualTo("one");
		assertThat(map.get(2)).isNull();
		assertThat(map.size()).isEqualTo(1);
		assertThat(copy.size()).isEqualTo(2);
	}

}
