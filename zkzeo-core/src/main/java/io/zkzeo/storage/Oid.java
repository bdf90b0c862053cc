package io.zkzeo.storage;

/**
 * A ZODB object id: eight bytes, compared as an unsigned big-endian number. Oid 0 is the root.
 *
 * @param value the id as an unsigned 64-bit number
 */
public record Oid(long value) implements Comparable<Oid> {

	/** The root object's id. */
	public static final Oid ROOT = new Oid(0);

	/**
	 * Returns the oid with the given numeric value.
	 * @param value the unsigned 64-bit value
	 * @return the oid
	 */
	public static Oid of(long value) {
		return (value == 0) ? ROOT : new Oid(value);
	}

	/**
	 * Reads an oid from its eight-byte big-endian form.
	 * @param bytes exactly eight bytes
	 * @return the oid
	 * @throws IllegalArgumentException if {@code bytes} is not eight bytes long
	 */
	public static Oid fromBytes(byte[] bytes) {
		return of(Bytes8.decode(bytes, "oid"));
	}

	/**
	 * Returns the eight-byte big-endian form, as ZODB stores and sends it.
	 * @return a new array of eight bytes
	 */
	public byte[] toBytes() {
		return Bytes8.encode(this.value);
	}

	@Override
	public int compareTo(Oid other) {
		return Long.compareUnsigned(this.value, other.value);
	}

	/**
	 * Formats the oid as ZODB's {@code oid_repr} does: {@code 0x00}, {@code 0x1a}, {@code 0x0100}.
	 */
	@Override
	public String toString() {
		String hex = Long.toHexString(this.value);
		return "0x" + ((hex.length() % 2 == 1) ? "0" + hex : hex);
	}

}
