package io.zkzeo.db;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OidTableTests {

	@Test
	void findsWhatWasPutIncludingTheRootOid() {
		OidTable<String> table = new OidTable<>();
		table.put(0, "root");
		table.put(1, "one");
		table.put(Long.MIN_VALUE, "lowest");
		table.put(-1, "highest");
		assertThat(table.get(0)).isEqualTo("root");
		assertThat(table.get(1)).isEqualTo("one");
		assertThat(table.get(Long.MIN_VALUE)).isEqualTo("lowest");
		assertThat(table.get(-1)).isEqualTo("highest");
		assertThat(table.get(2)).isNull();
		assertThat(table.size()).isEqualTo(4);
	}

	@Test
	void putReplacesTheValueOfAnOid() {
		OidTable<String> table = new OidTable<>();
		table.put(7, "first");
		table.put(7, "second");
		assertThat(table.get(7)).isEqualTo("second");
		assertThat(table.size()).isEqualTo(1);
	}

	@Test
	void removesOnlyTheValueGiven() {
		OidTable<String> table = new OidTable<>();
		String value = new String("value");
		table.put(3, value);
		assertThat(table.remove(3, new String("value"))).isFalse();
		assertThat(table.get(3)).isSameAs(value);
		assertThat(table.remove(4, value)).isFalse();
		assertThat(table.remove(3, value)).isTrue();
		assertThat(table.get(3)).isNull();
		assertThat(table.size()).isZero();
	}

	@Test
	void agreesWithAHashMapOverManyPutsAndRemovals() {
		Random random = new Random(20261126);
		OidTable<Long> table = new OidTable<>();
		Map<Long, Long> expected = new HashMap<>();
		for (int step = 0; step < 200_000; step++) {
			// a narrow range of oids, so that runs of neighbouring slots form and removals must shift them back
			long oid = (random.nextInt(4) == 0) ? random.nextLong() : random.nextInt(5_000);
			if (random.nextInt(3) == 0) {
				Long present = expected.get(oid);
				if (present != null) {
					assertThat(table.remove(oid, present)).isTrue();
					expected.remove(oid);
				}
				else {
					assertThat(table.remove(oid, step + 0L)).isFalse();
				}
			}
			else {
				Long value = (long) step;
				table.put(oid, value);
				expected.put(oid, value);
			}
			if (step % 10_000 == 0) {
				assertSameContent(table, expected);
			}
		}
		assertSameContent(table, expected);
		for (Map.Entry<Long, Long> entry : Map.copyOf(expected).entrySet()) {
			assertThat(table.remove(entry.getKey(), entry.getValue())).isTrue();
		}
		assertThat(table.size()).isZero();
		assertThat(table.get(0)).isNull();
	}

	private static void assertSameContent(OidTable<Long> table, Map<Long, Long> expected) {
		assertThat(table.size()).isEqualTo(expected.size());
		for (Map.Entry<Long, Long> entry : expected.entrySet()) {
			assertThat(table.get(entry.getKey())).isSameAs(entry.getValue());
		}
		for (long oid = 0; oid < 5_000; oid++) {
			assertThat(table.get(oid)).isEqualTo(expected.get(oid));
		}
	}

}
