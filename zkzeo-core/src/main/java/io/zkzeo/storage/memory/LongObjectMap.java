package io.zkzeo.storage.memory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A map from {@code long} keys to non-null values with open addressing, so that oids are not boxed. Not
 * thread-safe; entries are never removed (pack builds a new map).
 *
 * @param <V> the value type
 */
final class LongObjectMap<V> {

	private static final int MINIMUM_CAPACITY = 16;

	private long[] keys;

	private @Nullable Object[] values;

	private int size;

	LongObjectMap() {
		this(MINIMUM_CAPACITY);
	}

	private LongObjectMap(int capacity) {
		this.keys = new long[capacity];
		this.values = new Object[capacity];
	}

	/**
	 * Returns the value of a key.
	 * @param key the key
	 * @return the value, or {@code null} if the key is absent
	 */
	@SuppressWarnings("unchecked")
	@Nullable V get(long key) {
		int mask = this.keys.length - 1;
		for (int slot = slot(key, mask);; slot = (slot + 1) & mask) {
			Object value = this.values[slot];
			if (value == null) {
				return null;
			}
			if (this.keys[slot] == key) {
				return (V) value;
			}
		}
	}

	/**
	 * Sets the value of a key.
	 * @param key the key
	 * @param value the value, not {@code null}
	 */
	void put(long key, V value) {
		if ((this.size + 1) * 2 > this.keys.length) {
			grow();
		}
		insert(key, value);
	}

	/** @return the number of keys */
	int size() {
		return this.size;
	}

	/** @return the values, in no particular order */
	@SuppressWarnings("unchecked")
	List<V> values() {
		List<V> found = new ArrayList<>(this.size);
		for (Object value : this.values) {
			if (value != null) {
				found.add((V) value);
			}
		}
		return found;
	}

	/** @return a copy of this map */
	LongObjectMap<V> copy() {
		LongObjectMap<V> copy = new LongObjectMap<>(this.keys.length);
		copy.keys = Arrays.copyOf(this.keys, this.keys.length);
		copy.values = Arrays.copyOf(this.values, this.values.length);
		copy.size = this.size;
		return copy;
	}

	private void insert(long key, Object value) {
		int mask = this.keys.length - 1;
		for (int slot = slot(key, mask);; slot = (slot + 1) & mask) {
			if (this.values[slot] == null) {
				this.keys[slot] = key;
				this.values[slot] = value;
				this.size++;
				return;
			}
			if (this.keys[slot] == key) {
				this.values[slot] = value;
				return;
			}
		}
	}

	private void grow() {
		long[] oldKeys = this.keys;
		Object[] oldValues = this.values;
		this.keys = new long[oldKeys.length * 2];
		this.values = new Object[oldValues.length * 2];
		this.size = 0;
		for (int i = 0; i < oldKeys.length; i++) {
			if (oldValues[i] != null) {
				insert(oldKeys[i], oldValues[i]);
			}
		}
	}

	private static int slot(long key, int mask) {
		long mixed = key * 0x9E3779B97F4A7C15L;
		return (int) (mixed ^ (mixed >>> 32)) & mask;
	}

}
