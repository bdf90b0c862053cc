package io.zkzeo.db.btree;

import java.math.BigInteger;

import org.jspecify.annotations.Nullable;

/**
 * The key type of a BTree family, with Python's node sizes for it: {@code O} (any orderable value),
 * {@code I} (32-bit int) or {@code L} (64-bit int).
 */
enum KeyKind {

	/** Object keys; buckets of object values split above 30 items, nodes above 250 children. */
	OBJECT(30, 250),

	/** 32-bit int keys; buckets of object values split above 60 items, nodes above 500 children. */
	INT(60, 500),

	/** 64-bit int keys; buckets of object values split above 60 items, nodes above 500 children. */
	LONG(60, 500);

	final int maxBucketSize;

	final int maxTreeSize;

	KeyKind(int maxBucketSize, int maxTreeSize) {
		this.maxBucketSize = maxBucketSize;
		this.maxTreeSize = maxTreeSize;
	}

	/** Turns a key given by the application or read from a state into the key stored in the tree. */
	@Nullable Object normalize(@Nullable Object key) {
		switch (this) {
			case INT -> {
				long value = integral(key);
				if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
					throw new IllegalArgumentException("Key " + key + " does not fit a 32-bit int");
				}
				return (int) value;
			}
			case LONG -> {
				return integral(key);
			}
			default -> {
				PythonOrder.checkOrderable(key);
				return key;
			}
		}
	}

	int compare(@Nullable Object a, @Nullable Object b) {
		if (this != OBJECT) {
			return (this == INT) ? Integer.compare((Integer) a, (Integer) b) : Long.compare((Long) a, (Long) b);
		}
		return PythonOrder.INSTANCE.compare(a, b);
	}

	private static long integral(@Nullable Object key) {
		if (key instanceof Long || key instanceof Integer || key instanceof Short || key instanceof Byte) {
			return ((Number) key).longValue();
		}
		if (key instanceof BigInteger big && big.bitLength() <= 63) {
			return big.longValue();
		}
		throw new IllegalArgumentException("Key " + key + " is not an int that fits the tree's key type");
	}

}
