package io.zkzeo.pickle;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An immutable Python {@code bytes} value, compared by content so it can be a dict key.
 */
public final class PickleBytes implements Comparable<PickleBytes> {

	private static final PickleBytes EMPTY = new PickleBytes(new byte[0]);

	private final byte[] bytes;

	private int hash;

	private PickleBytes(byte[] bytes) {
		this.bytes = bytes;
	}

	/**
	 * Returns a value holding a copy of the given bytes.
	 * @param bytes the content
	 * @return the value
	 */
	public static PickleBytes of(byte[] bytes) {
		Objects.requireNonNull(bytes, "'bytes' must not be null");
		return (bytes.length == 0) ? EMPTY : new PickleBytes(bytes.clone());
	}

	/**
	 * Returns a value holding a copy of part of an array.
	 * @param bytes the array
	 * @param offset the first byte
	 * @param length the number of bytes
	 * @return the value
	 */
	public static PickleBytes of(byte[] bytes, int offset, int length) {
		return (length == 0) ? EMPTY : new PickleBytes(Arrays.copyOfRange(bytes, offset, offset + length));
	}

	/**
	 * Returns the bytes of a string's characters, each of which must be below 256 (Latin-1).
	 * @param latin1 the text
	 * @return the value
	 * @throws IllegalArgumentException if a character is above 255
	 */
	public static PickleBytes ofLatin1(String latin1) {
		for (int i = 0; i < latin1.length(); i++) {
			if (latin1.charAt(i) > 0xFF) {
				throw new IllegalArgumentException("Character " + (int) latin1.charAt(i) + " is not Latin-1");
			}
		}
		return wrap(latin1.getBytes(StandardCharsets.ISO_8859_1));
	}

	/** Takes ownership of the array without copying it. */
	static PickleBytes wrap(byte[] bytes) {
		return (bytes.length == 0) ? EMPTY : new PickleBytes(bytes);
	}

	/** The backing array, not to be modified. */
	byte[] array() {
		return this.bytes;
	}

	/**
	 * Returns the number of bytes.
	 * @return the length
	 */
	public int length() {
		return this.bytes.length;
	}

	/**
	 * Returns one byte.
	 * @param index the position
	 * @return the byte
	 */
	public byte byteAt(int index) {
		return this.bytes[index];
	}

	/**
	 * Returns a copy of the content.
	 * @return a new array
	 */
	public byte[] toByteArray() {
		return this.bytes.clone();
	}

	@Override
	public boolean equals(Object other) {
		return (this == other) || (other instanceof PickleBytes that && Arrays.equals(this.bytes, that.bytes));
	}

	@Override
	public int hashCode() {
		int h = this.hash;
		if (h == 0) {
			h = Arrays.hashCode(this.bytes);
			this.hash = h;
		}
		return h;
	}

	@Override
	public int compareTo(PickleBytes other) {
		return Arrays.compareUnsigned(this.bytes, other.bytes);
	}

	/**
	 * Formats the value as {@code b'<hex>'} for diagnostics.
	 */
	@Override
	public String toString() {
		return "b'" + HexFormat.of().formatHex(this.bytes) + "'";
	}

}
