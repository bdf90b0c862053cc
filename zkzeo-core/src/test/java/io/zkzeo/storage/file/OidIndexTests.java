package io.zkzeo.storage.file;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OidIndexTests {

	@Test
	void denseOidsUseAboutEightBytesEach() {
		OidIndex index = new OidIndex();
		for (long oid = 0; oid < 100_000; oid++) {
			index.put(oid, 4 + oid * 100);
		}
		assertThat(index.size()).isEqualTo(100_000);
		assertThat(index.get(99_999)).isEqualTo(4 + 99_999L * 100);
		assertThat(index.get(100_000)).isZero();
		assertThat(index.footprintBytes() / 100_000.0).isLessThan(8.5);
	}

	@Test
	void sparseAndHugeOidsAreKeptWithoutHugeArrays() {
		OidIndex index = new OidIndex();
		long[] oids = { 0, 1L << 40, -1L, 0x7fffffffffffffffL, (1L << 31) - 1, 1L << 31, 12345678901L };
		for (int i = 0; i < oids.length; i++) {
			index.put(oids[i], 100 + i);
		}
		for (int i = 0; i < oids.length; i++) {
			assertThat(index.get(oids[i])).isEqualTo(100 + i);
		}
		assertThat(index.size()).isEqualTo(oids.length);
		assertThat(index.maxOid()).isEqualTo(-1L);
		assertThat(index.footprintBytes()).isLessThan(40L << 20);
		Map<Long, Long> seen = new HashMap<>();
		index.forEach((oid, position) -> {
			seen.put(oid, position);
			return 0;
		});
		assertThat(seen).hasSize(oids.length).containsEntry(1L << 40, 101L);
	}

	@Test
	void putOverwritesAndRemoveForgets() {
		OidIndex index = new OidIndex();
		index.put(7, 100);
		index.put(7, 200);
		index.put(1L << 45, 300);
		assertThat(index.size()).isEqualTo(2);
		assertThat(index.get(7)).isEqualTo(200);
		index.remove(7);
		index.remove(1L << 45);
		index.remove(8);
		assertThat(index.size()).isZero();
		assertThat(index.get(7)).isZero();
		assertThat(index.get(1L << 45)).isZero();
		assertThat(index.maxOid()).isEqualTo(1L << 45);
	}

	@Test
	void nextOidOfAnEmptyIndexIsEmpty() {
		OidIndex index = new OidIndex();
		assertThat(index.nextOid(0)).isEmpty();
		assertThat(index.nextOid(1L << 40)).isEmpty();
		assertThat(index.nextOid(-1L)).isEmpty();
	}

	@Test
	void nextOidScansPagesForwardAcrossPageBoundaries() {
		OidIndex index = new OidIndex();
		for (long oid : new long[] { 3, 1023, 1024, 5000, 1L << 20 }) {
			index.put(oid, 100 + oid);
		}
		assertThat(index.nextOid(0)).hasValue(3);
		assertThat(index.nextOid(3)).hasValue(3);
		assertThat(index.nextOid(4)).hasValue(1023);
		assertThat(index.nextOid(1024)).hasValue(1024);
		assertThat(index.nextOid(1025)).hasValue(5000);
		assertThat(index.nextOid(5001)).hasValue(1L << 20);
		assertThat(index.nextOid((1L << 20) + 1)).isEmpty();
	}

	@Test
	void nextOidContinuesFromPagesIntoSparseOidsInUnsignedOrder() {
		OidIndex index = new OidIndex();
		long[] inOrder = { 10, OidIndex.PAGED_LIMIT - 1, OidIndex.PAGED_LIMIT, 1L << 40, Long.MAX_VALUE, Long.MIN_VALUE,
				-2L, -1L };
		for (int i = inOrder.length - 1; i >= 0; i--) {
			index.put(inOrder[i], 100 + i);
		}
		assertThat(walk(index, 0)).containsExactly(Arrays.stream(inOrder).boxed().toArray(Long[]::new));
		assertThat(walk(index, 11)).containsExactly(OidIndex.PAGED_LIMIT - 1, OidIndex.PAGED_LIMIT, 1L << 40,
				Long.MAX_VALUE, Long.MIN_VALUE, -2L, -1L);
		assertThat(index.nextOid((1L << 40) + 1)).hasValue(Long.MAX_VALUE);
		assertThat(index.nextOid(Long.MIN_VALUE + 1)).hasValue(-2L);
		assertThat(index.nextOid(-1L)).hasValue(-1L);
	}

	@Test
	void nextOidSeesSparseOidsAddedAndRemovedSinceTheLastSearch() {
		OidIndex index = new OidIndex();
		index.put(1L << 40, 100);
		assertThat(index.nextOid(0)).hasValue(1L << 40);
		index.put(1L << 35, 200);
		assertThat(index.nextOid(0)).hasValue(1L << 35);
		index.put(1L << 35, 300);
		assertThat(index.nextOid(0)).hasValue(1L << 35);
		index.remove(1L << 35);
		assertThat(index.nextOid(0)).hasValue(1L << 40);
		index.remove(1L << 40);
		assertThat(index.nextOid(0)).isEmpty();
	}

	@Test
	void nextOidSkipsRemovedPagedOidsAndEmptyPages() {
		OidIndex index = new OidIndex();
		index.put(1, 100);
		index.put(2, 200);
		index.put(50_000, 300);
		index.remove(2);
		index.remove(1);
		assertThat(index.nextOid(0)).hasValue(50_000);
		index.remove(50_000);
		assertThat(index.nextOid(0)).isEmpty();
	}

	@Test
	void nextOidFindsPagesInstalledFromASnapshot() {
		OidIndex index = new OidIndex();
		long[] entries = new long[OidIndex.PAGE_SIZE];
		entries[7] = 100;
		index.putPage(40, entries);
		assertThat(index.nextOid(0)).hasValue(40L * OidIndex.PAGE_SIZE + 7);
	}

	private static List<Long> walk(OidIndex index, long from) {
		List<Long> oids = new ArrayList<>();
		OptionalLong next = index.nextOid(from);
		while (next.isPresent()) {
			long oid = next.getAsLong();
			oids.add(oid);
			next = (oid != -1L) ? index.nextOid(oid + 1) : OptionalLong.empty();
		}
		return oids;
	}

}
