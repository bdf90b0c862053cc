package io.zkzeo.storage.file;

import java.util.Arrays;

/**
 * An open-addressing hash table from oids to positive offsets, with no object per entry and real removal (a
 * removed entry frees its slot, so a table whose keys keep changing stays as large as the entries it holds). Any
 * long is a key; a value of 0 means "absent". Not thread-safe.
 */
final class OffsetTable {

	private static final int MIN_CAPACITY = 16;

	private long[] keys = new long[MIN_CAPACITY];

	private long[] values = new long[MIN_CAPACITY];

	private int count;

	/**
	 * Returns the offset of a key.
	 * @param key the key
	 * @return its offset, or 0 if absent
	 */
	long get(long key) {
		int mask = this.keys.length - 1;
		for (int i = slot(key, mask);; i = (i + 1) & mask) {
			if (this.values[i] == 0) {
				return 0;
			}
			if (this.keys[i] == key) {
				return this.values[i];
			}
		}
	}

	/**
	 * Sets the offset of a key.
	 * @param key the key
	 * @param value its offset, positive
	 * @return the offset it replaced, or 0 if the key was absent
	 */
	long put(long key, long value) {
		if (value <= 0) {
			throw new IllegalArgumentException("Offsets must be positive, not " + value);
		}
		if ((this.count + 1) * 2 > this.keys.length) {
			resize(this.keys.length * 2);
		}
		int mask = this.keys.length - 1;
		for (int i = slot(key, mask);; i = (i + 1) & mask) {
			if (this.values[i] == 0) {
				this.keys[i] = key;
				this.values[i] = value;
				this.count++;
				return 0;
			}
			if (this.keys[i] == key) {
				long old = this.values[i];
				this.values[i] = value;
				return old;
			}
		}
	}

	/**
	 * Removes a key, moving back the entries probed past its slot so that every lookup still finds them.
	 * @param key the key
	 */
	void remove(long key) {
		int mask = this.keys.length - 1;
		int free = slot(key, mask);
		while (this.values[free] != 0 && this.keys[free] != key) {
			free = (free + 1) & mask;
		}
		if (this.values[free] == 0) {
			return;
		}
		this.values[free] = 0;
		this.count--;
		for (int next = (free + 1) & mask; this.values[next] != 0; next = (next + 1) & mask) {
			int home = slot(this.keys[next], mask);
			boolean reachable = (free <= next) ? (free < home && home <= next) : (free < home || home <= next);
			if (!reachable) {
				this.keys[free] = this.keys[next];
				this.values[free] = this.values[next];
				this.values[next] = 0;
				free = next;
			}
		}
	}

	int size() {
		return this.count;
	}

	void clear() {
		if (this.keys.length > MIN_CAPACITY) {
			this.keys = new long[MIN_CAPACITY];
			this.values = new long[MIN_CAPACITY];
		}
		else {
			Arrays.fill(this.values, 0);
		}
		this.count = 0;
	}

	private void resize(int capacity) {
		long[] oldKeys = this.keys;
		long[] oldValues = this.values;
		this.keys = new long[capacity];
		this.values = new long[capacity];
		this.count = 0;
		for (int i = 0; i < oldKeys.length; i++) {
			if (oldValues[i] != 0) {
				put(oldKeys[i], oldValues[i]);
			}
		}
	}

	private static int slot(long key, int mask) {
		long mixed = key * 0x9E3779B97F4A7C15L;
		return (int) (mixed ^ (mixed >>> 32)) & mask;
	}

}
