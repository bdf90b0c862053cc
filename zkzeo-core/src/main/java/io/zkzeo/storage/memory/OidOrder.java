package io.zkzeo.storage.memory;

import java.util.Arrays;
import java.util.OptionalLong;

/**
 * The oids a memory storage holds, kept in unsigned order for walking objects by oid. ZODB hands out oids
 * in increasing order, so adding one is usually an append; an oid added out of order makes the next search
 * sort once. Safe for use by many threads.
 */
final class OidOrder {

	private static final int INITIAL_CAPACITY = 64;

	/** The oids with their sign bits flipped, so that signed order is unsigned oid order. */
	private long[] keys = new long[INITIAL_CAPACITY];

	private int count;

	private boolean sorted = true;

	/**
	 * Adds an oid not yet held.
	 * @param oid the oid
	 */
	synchronized void add(long oid) {
		long key = oid ^ Long.MIN_VALUE;
		if (this.count > 0 && key <= this.keys[this.count - 1]) {
			this.sorted = false;
		}
		if (this.count == this.keys.length) {
			this.keys = Arrays.copyOf(this.keys, this.count * 2);
		}
		this.keys[this.count++] = key;
	}

	/**
	 * Replaces every oid, after a pack.
	 * @param oids the oids now held, each once, in any order
	 */
	synchronized void replace(long[] oids) {
		this.keys = new long[Math.max(INITIAL_CAPACITY, oids.length)];
		for (int i = 0; i < oids.length; i++) {
			this.keys[i] = oids[i] ^ Long.MIN_VALUE;
		}
		this.count = oids.length;
		this.sorted = false;
	}

	/**
	 * Finds the smallest oid at or after another, comparing oids as unsigned numbers.
	 * @param from the oid to start at (included)
	 * @return the oid, or empty if none is at or after {@code from}
	 */
	synchronized OptionalLong next(long from) {
		if (!this.sorted) {
			Arrays.sort(this.keys, 0, this.count);
			this.sorted = true;
		}
		int index = Arrays.binarySearch(this.keys, 0, this.count, from ^ Long.MIN_VALUE);
		if (index < 0) {
			index = -index - 1;
		}
		return (index < this.count) ? OptionalLong.of(this.keys[index] ^ Long.MIN_VALUE) : OptionalLong.empty();
	}

}
