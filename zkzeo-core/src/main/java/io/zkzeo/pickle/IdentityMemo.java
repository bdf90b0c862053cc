package io.zkzeo.pickle;

import java.util.Arrays;

/**
 * The pickler's memo: object identity to memo index. Small memos (most records) are searched linearly,
 * which avoids computing identity hash codes; larger ones switch to open addressing without boxing.
 */
final class IdentityMemo {

	private static final int LINEAR_LIMIT = 32;

	private Object[] keys = new Object[LINEAR_LIMIT];

	private int[] values = new int[LINEAR_LIMIT];

	private int size;

	private boolean hashed;

	int get(Object key) {
		Object[] keys = this.keys;
		if (!this.hashed) {
			for (int i = 0; i < this.size; i++) {
				if (keys[i] == key) {
					return this.values[i];
				}
			}
			return -1;
		}
		int mask = keys.length - 1;
		int i = hash(key) & mask;
		while (true) {
			Object candidate = keys[i];
			if (candidate == key) {
				return this.values[i];
			}
			if (candidate == null) {
				return -1;
			}
			i = (i + 1) & mask;
		}
	}

	/** Adds a key that is not in the memo yet. */
	void put(Object key, int value) {
		if (!this.hashed) {
			if (this.size < LINEAR_LIMIT) {
				this.keys[this.size] = key;
				this.values[this.size++] = value;
				return;
			}
			rehash(LINEAR_LIMIT * 4);
		}
		else if ((this.size + 1) * 2 > this.keys.length) {
			rehash(this.keys.length * 2);
		}
		insert(key, value);
	}

	/** Empties the memo; one that grew into a hash table goes back to a small linear one. */
	void clear() {
		if (this.hashed) {
			this.keys = new Object[LINEAR_LIMIT];
			this.values = new int[LINEAR_LIMIT];
			this.hashed = false;
		}
		else {
			Arrays.fill(this.keys, 0, this.size, null);
		}
		this.size = 0;
	}

	private void insert(Object key, int value) {
		Object[] keys = this.keys;
		int mask = keys.length - 1;
		int i = hash(key) & mask;
		while (keys[i] != null && keys[i] != key) {
			i = (i + 1) & mask;
		}
		if (keys[i] == null) {
			this.size++;
		}
		keys[i] = key;
		this.values[i] = value;
	}

	private void rehash(int capacity) {
		Object[] oldKeys = this.keys;
		int[] oldValues = this.values;
		this.keys = new Object[capacity];
		this.values = new int[capacity];
		this.size = 0;
		this.hashed = true;
		for (int i = 0; i < oldKeys.length; i++) {
			if (oldKeys[i] != null) {
				insert(oldKeys[i], oldValues[i]);
			}
		}
	}

	private static int hash(Object key) {
		int h = System.identityHashCode(key) * 0x9E3779B9;
		return h ^ (h >>> 16);
	}

}
