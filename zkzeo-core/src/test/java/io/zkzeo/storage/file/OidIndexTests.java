package io.zkzeo.storage.file;

import java.util.HashMap;
import java.util.Map;

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

}
