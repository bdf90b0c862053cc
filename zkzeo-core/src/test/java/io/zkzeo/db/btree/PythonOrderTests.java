package io.zkzeo.db.btree;

import java.math.BigInteger;

import io.zkzeo.pickle.PickleBytes;
import io.zkzeo.pickle.PickleTuple;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Key order as Python 3 orders BTree keys.
 */
class PythonOrderTests {

	private final PythonOrder order = PythonOrder.INSTANCE;

	@Test
	void noneShouldSortBeforeEverything() {
		assertThat(this.order.compare(null, "a")).isNegative();
		assertThat(this.order.compare(-5L, null)).isPositive();
	}

	@Test
	void numbersShouldCompareByValueAcrossTypes() {
		assertThat(this.order.compare(1L, 1.5)).isNegative();
		assertThat(this.order.compare(BigInteger.TWO.pow(70), Long.MAX_VALUE)).isPositive();
		assertThat(this.order.compare(true, 1L)).isZero();
		assertThat(this.order.compare(2.0, BigInteger.TWO)).isZero();
	}

	@Test
	void stringsShouldCompareByCodePoint() {
		String astral = new String(Character.toChars(0x1F600));
		assertThat(this.order.compare("\uFFFD", astral)).isNegative();
		assertThat("\uFFFD".compareTo(astral)).as("UTF-16 order differs").isPositive();
		assertThat(this.order.compare("ab", "abc")).isNegative();
	}

	@Test
	void bytesAndTuplesShouldCompareItemByItem() {
		assertThat(this.order.compare(PickleBytes.of(new byte[] { (byte) 0x80 }), PickleBytes.of(new byte[] { 1 })))
			.isPositive();
		assertThat(this.order.compare(PickleTuple.of(1L, "b"), PickleTuple.of(1L, "c"))).isNegative();
		assertThat(this.order.compare(PickleTuple.of(1L), PickleTuple.of(1L, "a"))).isNegative();
	}

	@Test
	void differentKindsShouldNotBeOrdered() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.order.compare("1", 1L));
		assertThatIllegalArgumentException().isThrownBy(() -> PythonOrder.checkOrderable(new Object()));
	}

}
