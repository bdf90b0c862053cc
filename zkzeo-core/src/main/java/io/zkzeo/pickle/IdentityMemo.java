package io.zkzeo.pickle;

import java.util.Arrays;

/**
 * The pickler's memo: object identity to memo index, open addressing without boxing.
 */
final class IdentityMemo {

	private Object[] keys = new Object[64];

	private int[] values = new int[64];

	private int size;

	int get(Object key) {
		Object[] keys = this.keys;
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

	void put(Object key, int value) {
		if ((this.size + 1) * 2 > this.keys.length) {
			grow();
		}
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

	void clear() {
		if (this.size > 0) {
			Arrays.fill(this.keys, null);
			this.size = 0;
		}
	}

	private void grow() {
		Object[] oldKeys = this.keys;
		int[] oldValues = this.values;
		this.keys = new Object[oldKeys.length * 2];
		this.values = new int[oldKeys.length * 2];
		this.size = 0;
		for (int i = 0; i < oldKeys.length; i++) {
			if (oldKeys[i] != null) {
				put(oldKeys[i], oldValues[i]);
			}
		}
	}

	private static int hash(Object key) {
		int h = System.identityHashCode(key) * 0x9E3779B9;
		return h ^ (h >>> 16);
	}

}
