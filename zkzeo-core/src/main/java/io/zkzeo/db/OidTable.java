package io.zkzeo.db;

import org.jspecify.annotations.Nullable;

/**
 * A map from oids (as {@code long}) to values, kept in two arrays with open addressing and linear probing: a
 * look-up neither boxes the oid nor follows a node, which matters for a connection's cache, looked up for every
 * oid of every invalidation a connection takes in. Removal shifts the entries after the removed one back, so a
 * table that sees many puts and removals never fills with tombstones. Not thread-safe.
 *
 * @param <V> the type of the values
 */
final class OidTable<V> {

	private static final int MINIMUM_CAPACITY = 16;

	/** Multiplier of Fibonacci hashing: spreads groups of consecutive oids over the table. */
	private static final long SPREAD = 0x9E3779B97F4A7C15L;

	private static final int GROUP_BITS = 3;

	private static final int GROUP = 1 << GROUP_BITS;

	private long[] oids;

	private @Nullable Object[] values;

	private int size;

	private int shift;

	OidTable() {
		allocate(MINIMUM_CAPACITY);
	}

	/**
	 * Returns the value of an oid.
	 * @param oid the oid
	 * @return its value, or {@code null} if it has none
	 */
	@SuppressWarnings("unchecked")
	@Nullable V get(long oid) {
		int slot = indexOf(oid);
		return (slot >= 0) ? (V) this.values[slot] : null;
	}

	/**
	 * Sets the value of an oid, replacing any it had.
	 * @param oid the oid
	 * @param value the value
	 */
	void put(long oid, V value) {
		long[] keys = this.oids;
		@Nullable Object[] slots = this.values;
		int mask = slots.length - 1;
		int i = slot(oid);
		while (slots[i] != null) {
			if (keys[i] == oid) {
				slots[i] = value;
				return;
			}
			i = (i + 1) & mask;
		}
		keys[i] = oid;
		slots[i] = value;
		if (++this.size > slots.length / 2) {
			grow();
		}
	}

	/**
	 * Removes an oid if its value is the one given.
	 * @param oid the oid
	 * @param value the value it must have
	 * @return whether it was removed
	 */
	boolean remove(long oid, V value) {
		int slot = indexOf(oid);
		if (slot < 0 || this.values[slot] != value) {
			return false;
		}
		removeAt(slot);
		return true;
	}

	/** @return how many oids have a value */
	int size() {
		return this.size;
	}

	/** Returns the slot holding an oid, or -1. */
	private int indexOf(long oid) {
		long[] keys = this.oids;
		@Nullable Object[] slots = this.values;
		int mask = slots.length - 1;
		for (int i = slot(oid);; i = (i + 1) & mask) {
			if (slots[i] == null) {
				return -1;
			}
			if (keys[i] == oid) {
				return i;
			}
		}
	}

	/**
	 * Empties a slot and moves back the entries of the run after it that would no longer be found: an entry
	 * may stay where it is only if its home slot lies cyclically after the emptied slot and no later than itself.
	 */
	private void removeAt(int removed) {
		long[] keys = this.oids;
		@Nullable Object[] slots = this.values;
		int mask = slots.length - 1;
		int hole = removed;
		slots[hole] = null;
		for (int i = (hole + 1) & mask; slots[i] != null; i = (i + 1) & mask) {
			int home = slot(keys[i]);
			boolean staysPut = (hole <= i) ? (hole < home && home <= i) : (hole < home || home <= i);
			if (!staysPut) {
				keys[hole] = keys[i];
				slots[hole] = slots[i];
				slots[i] = null;
				hole = i;
			}
		}
		this.size--;
	}

	/**
	 * Returns an oid's home slot. Oids are handed out in order and objects made together are used together, so
	 * each aligned group of {@link #GROUP} consecutive oids shares one block of slots (a cache line of keys), while
	 * the groups are spread over the table, which keeps runs of occupied slots short.
	 */
	private int slot(long oid) {
		return (int) (((oid >>> GROUP_BITS) * SPREAD) >>> this.shift) ^ (int) (oid & (GROUP - 1));
	}

	private void grow() {
		long[] oldKeys = this.oids;
		@Nullable Object[] oldValues = this.values;
		allocate(oldValues.length * 2);
		int mask = this.values.length - 1;
		for (int j = 0; j < oldValues.length; j++) {
			Object value = oldValues[j];
			if (value != null) {
				int i = slot(oldKeys[j]);
				while (this.values[i] != null) {
					i = (i + 1) & mask;
				}
				this.oids[i] = oldKeys[j];
				this.values[i] = value;
			}
		}
	}

	private void allocate(int capacity) {
		this.oids = new long[capacity];
		this.values = new Object[capacity];
		this.shift = Long.SIZE - Integer.numberOfTrailingZeros(capacity);
	}

}
