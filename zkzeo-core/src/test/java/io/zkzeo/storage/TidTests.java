package io.zkzeo.storage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link Tid}.
 */
class TidTests {

	@Test
	void hexBytesAndValueRoundTrip() {
		Tid tid = Tid.fromHex("03f47f96fbbbbbbb");
		assertThat(tid.value()).isEqualTo(0x03f47f96fbbbbbbbL);
		assertThat(tid.toBytes()).containsExactly(0x03, 0xf4, 0x7f, 0x96, 0xfb, 0xbb, 0xbb, 0xbb);
		assertThat(Tid.fromBytes(tid.toBytes())).isEqualTo(tid);
		assertThat(tid).hasToString("03f47f96fbbbbbbb");
		assertThat(Tid.fromHex("0x03f47f96fbbbbbbb")).isEqualTo(tid);
	}

	@Test
	void valuesWithTheHighBitSetCompareAsUnsigned() {
		Tid high = Tid.fromHex("ffffffffffffffff");
		assertThat(high.value()).isNegative();
		assertThat(Tid.MAX.isBefore(high)).isTrue();
		assertThat(high).isGreaterThan(Tid.MAX);
		assertThat(high).hasToString("ffffffffffffffff");
	}

	@Test
	void maxIsZodbsMaxtid() {
		assertThat(Tid.MAX.toBytes()).containsExactly(0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);
		assertThat(Tid.ZERO.toBytes()).containsOnly(0);
		assertThat(Tid.of(0)).isSameAs(Tid.ZERO);
	}

	@Test
	void nextAndPreviousMoveByOneTick() {
		Tid tid = Tid.fromHex("03f5dfaeffffffff");
		assertThat(tid.next()).isEqualTo(Tid.fromHex("03f5dfaf00000000"));
		assertThat(tid.next().previous()).isEqualTo(tid);
		assertThat(tid.isBefore(tid.next())).isTrue();
		assertThat(tid.isBefore(tid)).isFalse();
	}

	@Test
	void fromBytesRefusesAnythingButEightBytes() {
		assertThatIllegalArgumentException().isThrownBy(() -> Tid.fromBytes(new byte[7])).withMessageContaining("7");
		assertThatIllegalArgumentException().isThrownBy(() -> Tid.fromBytes(new byte[9]));
	}

	@Test
	void fromHexRefusesNonHex() {
		assertThatIllegalArgumentException().isThrownBy(() -> Tid.fromHex("not a tid"));
	}

	@Test
	void toBytesReturnsACopy() {
		Tid tid = Tid.fromHex("03f47f96fbbbbbbb");
		tid.toBytes()[0] = 0x7f;
		assertThat(tid.toBytes()[0]).isEqualTo((byte) 0x03);
	}

}
