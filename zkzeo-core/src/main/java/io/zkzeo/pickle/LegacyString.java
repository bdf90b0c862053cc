package io.zkzeo.pickle;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A Python 2 {@code str} that is not ASCII: bytes without a declared encoding. ASCII Python 2 strings
 * decode to {@link String}, as ZODB on Python 3 reads them; these others are kept as they were and
 * written back with the same Python 2 opcodes.
 */
public final class LegacyString {

	private final byte[] bytes;

	private LegacyString(byte[] bytes) {
		this.bytes = bytes;
	}

	/**
	 * Returns a legacy string holding a copy of the given bytes.
	 * @param bytes the content
	 * @return the value
	 */
	public static LegacyString of(byte[] bytes) {
		Objects.requireNonNull(bytes, "'bytes' must not be null");
		return new LegacyString(bytes.clone());
	}

	static LegacyString wrap(byte[] bytes) {
		return new LegacyString(bytes);
	}

	byte[] array() {
		return this.bytes;
	}

	/**
	 * Returns a copy of the content.
	 * @return a new array
	 */
	public byte[] toByteArray() {
		return this.bytes.clone();
	}

	/**
	 * Returns the number of bytes.
	 * @return the length
	 */
	public int length() {
		return this.bytes.length;
	}

	@Override
	public boolean equals(Object other) {
		return (this == other) || (other instanceof LegacyString that && Arrays.equals(this.bytes, that.bytes));
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.bytes) * 31 + 7;
	}

	@Override
	public String toString() {
		return "legacy'" + HexFormat.of().formatHex(this.bytes) + "'";
	}

}
