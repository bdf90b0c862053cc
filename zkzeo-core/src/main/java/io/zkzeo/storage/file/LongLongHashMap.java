package io.zkzeo.storage.file;

import java.util.Arrays;
import java.util.function.LongBinaryOperator;

/**
 * An open-addressing hash table of long keys and long values, with no object per entry; a value of 0
 * means "absent". Any long is a key. Not thread-safe.
 */
final class LongLongHashMap {

	private static final long FREE = 0;

	private long[] keys = new long[0];

	private long[] values = new long[0];

	private boolean hasZeroKey;

	private long zeroValue;

	private int count;

	long get(long key) {
		if (key == FREE) {
			return this.hasZeroKey ? this.zeroValue : 0;
		}
		if (this.count == 0) {
			return 0;
		}
		int mask = this.keys.length - 1;
		for (int i = slot(key, mask);; i = (i + 1) & mask) {
			if (this.keys[i] == key) {
				return this.values[i];
			}
			if (this.keys[i] == FREE) {
				return 0;
			}
		}
	}

	long put(long key, long value) {
		if (key == FREE) {
			long old = this.hasZeroKey ? this.zeroValue : 0;
			this.hasZeroKey = true;
			this.zeroValue = value;
			return old;
		}
		if ((this.count + 1) * 2 > this.keys.length) {
			grow();
		}
		int mask = this.keys.length - 1;
		for (int i = slot(key, mask);; i = (i + 1) & mask) {
			if (this.keys[i] == key) {
				long old = this.values[i];
				this.values[i] = value;
				return old;
			}
			if (this.keys[i] == FREE) {
				this.keys[i] = key;
				this.values[i] = value;
				this.count++;
				return 0;
			}
		}
	}

	/**
	 * Removes a key, freeing its slot: the entries probed past it move back, so every lookup still finds them and
	 * a map whose keys keep changing stays as large as the keys it holds.
	 * @param key the key
	 * @return the value it had, or 0 if absent
	 */
	long remove(long key) {
		if (key == FREE) {
			long old = this.hasZeroKey ? this.zeroValue : 0;
			this.hasZeroKey = false;
			this.zeroValue = 0;
			return old;
		}
		if (this.count == 0) {
			return 0;
		}
		int mask = this.keys.length - 1;
		int free = slot(key, mask);
		while (this.keys[free] != key) {
			if (this.keys[free] == FREE) {
				return 0;
			}
			free = (free + 1) & mask;
		}
		long old = this.values[free];
		this.keys[free] = FREE;
		this.values[free] = 0;
		this.count--;
		for (int next = (free + 1) & mask; this.keys[next] != FREE; next = (next + 1) & mask) {
			int home = slot(this.keys[next], mask);
			boolean reachable = (free <= next) ? (free < home && home <= next) : (free < home || home <= next);
			if (!reachable) {
				this.keys[free] = this.keys[next];
				this.values[free] = this.values[next];
				this.keys[next] = FREE;
				this.values[next] = 0;
				free = next;
			}
		}
		return old;
	}

	/** Returns how many keys the map holds. */
	int size() {
		return this.count + (this.hasZeroKey ? 1 : 0);
	}

	void forEach(LongBinaryOperator action) {
		if (this.hasZeroKey && this.zeroValue != 0) {
			action.applyAsLong(0, this.zeroValue);
		}
		for (int i = 0; i < this.keys.length; i++) {
			if (this.keys[i] != FREE && this.values[i] != 0) {
				action.applyAsLong(this.keys[i], this.values[i]);
			}
		}
	}

	long footprintBytes() {
		return 32 + 16L * this.keys.length;
	}

	private void grow() {
		long[] oldKeys = this.keys;
		long[] oldValues = this.values;
		int capacity = Math.max(16, oldKeys.length * 2);
		this.keys = new long[capacity];
		this.values = new long[capacity];
		this.count = 0;
		for (int i = 0; i < oldKeys.length; i++) {
			if (oldKeys[i] != FREE) {
				put(oldKeys[i], oldValues[i]);
			}
		}
	}

	private static int slot(long key, int mask) {
		long mixed = key * 0x9E3779B97F4A7C15L;
		return (int) (mixed ^ (mixed >>> 32)) & mask;
	}

	boolean isEmpty() {
		return this.count == 0 && !this.hasZeroKey;
	}

	void clear() {
		if (this.count > 0) {
			Arrays.fill(this.keys, FREE);
			Arrays.fill(this.values, 0);
			this.count = 0;
		}
		this.hasZeroKey = false;
		this.zeroValue = 0;
	}

}
