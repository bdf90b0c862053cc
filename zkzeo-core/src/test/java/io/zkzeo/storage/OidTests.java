package io.zkzeo.storage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link Oid}.
 */
class OidTests {

	@Test
	void toStringFollowsOidRepr() {
		assertThat(Oid.ROOT).hasToString("0x00");
		assertThat(Oid.of(1)).hasToString("0x01");
		assertThat(Oid.of(0x1a)).hasToString("0x1a");
		assertThat(Oid.of(0x100)).hasToString("0x0100");
		assertThat(Oid.of(0x1234)).hasToString("0x1234");
		assertThat(Oid.of(-1)).hasToString("0xffffffffffffffff");
	}

	@Test
	void bytesRoundTripBigEndian() {
		Oid oid = Oid.of(0x0102030405060708L);
		assertThat(oid.toBytes()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
		assertThat(Oid.fromBytes(oid.toBytes())).isEqualTo(oid);
		assertThat(Oid.fromBytes(new byte[8])).isSameAs(Oid.ROOT);
	}

	@Test
	void valuesWithTheHighBitSetCompareAsUnsigned() {
		assertThat(Oid.of(-1)).isGreaterThan(Oid.of(Long.MAX_VALUE));
		assertThat(Oid.of(1)).isLessThan(Oid.of(2)).isGreaterThan(Oid.ROOT);
	}

	@Test
	void fromBytesRefusesAnythingButEightBytes() {
		assertThatIllegalArgumentException().isThrownBy(() -> Oid.fromBytes(new byte[0])).withMessageContaining("oid");
		assertThatIllegalArgumentException().isThrownBy(() -> Oid.fromBytes(new byte[16]));
	}

}
