package io.zkzeo.storage;

import java.time.Instant;

/**
 * A ZODB transaction id: an eight-byte {@link TimeStamp}, compared as an unsigned big-endian number.
 * The serial of an object revision is the tid of the transaction that wrote it.
 *
 * @param value the id as an unsigned 64-bit number
 */
public record Tid(long value) implements Comparable<Tid> {

	/** The zero tid ({@code z64}): before every transaction, never a real one. */
	public static final Tid ZERO = new Tid(0);

	/** The largest tid ZODB uses ({@code maxtid}, 0x7fffffffffffffff): "current" in loadBefore. */
	public static final Tid MAX = new Tid(Long.MAX_VALUE);

	/**
	 * Returns the tid with the given numeric value.
	 * @param value the unsigned 64-bit value
	 * @return the tid
	 */
	public static Tid of(long value) {
		return (value == 0) ? ZERO : new Tid(value);
	}

	/**
	 * Reads a tid from its eight-byte big-endian form.
	 * @param bytes exactly eight bytes
	 * @return the tid
	 * @throws IllegalArgumentException if {@code bytes} is not eight bytes long
	 */
	public static Tid fromBytes(byte[] bytes) {
		return of(Bytes8.decode(bytes, "tid"));
	}

	/**
	 * Parses the sixteen hex digits ZODB's tools print for a tid.
	 * @param hex sixteen hex digits, optionally prefixed by {@code 0x}
	 * @return the tid
	 */
	public static Tid fromHex(String hex) {
		String digits = hex.startsWith("0x") ? hex.substring(2) : hex;
		return of(Long.parseUnsignedLong(digits, 16));
	}

	/**
	 * Returns the eight-byte big-endian form, as ZODB stores and sends it.
	 * @return a new array of eight bytes
	 */
	public byte[] toBytes() {
		return Bytes8.encode(this.value);
	}

	/**
	 * Returns the tid as a time stamp.
	 * @return the time stamp
	 */
	public TimeStamp toTimeStamp() {
		return TimeStamp.of(this);
	}

	/**
	 * Returns the time this tid stands for (UTC, ZODB's {@code TimeStamp.timeTime()}).
	 * @return the instant
	 */
	public Instant toInstant() {
		return toTimeStamp().toInstant();
	}

	/**
	 * Returns the next tid, one tick later.
	 * @return this tid plus one
	 */
	public Tid next() {
		return of(this.value + 1);
	}

	/**
	 * Returns the previous tid, one tick earlier.
	 * @return this tid minus one
	 */
	public Tid previous() {
		return of(this.value - 1);
	}

	/**
	 * Whether this tid is strictly before another.
	 * @param other the tid to compare with
	 * @return {@code true} if this tid is smaller
	 */
	public boolean isBefore(Tid other) {
		return compareTo(other) < 0;
	}

	@Override
	public int compareTo(Tid other) {
		return Long.compareUnsigned(this.value, other.value);
	}

	/**
	 * Formats the tid as sixteen lower-case hex digits, as ZODB's tools print it.
	 */
	@Override
	public String toString() {
		return String.format("%016x", this.value);
	}

}
