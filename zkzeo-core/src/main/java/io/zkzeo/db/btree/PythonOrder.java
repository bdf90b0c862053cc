package io.zkzeo.db.btree;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;

import io.zkzeo.pickle.PickleBytes;
import io.zkzeo.pickle.PickleTuple;
import org.jspecify.annotations.Nullable;

/**
 * Orders keys as Python 3 orders them in a BTree: {@code None} first, numbers (int, float, bool) by value,
 * {@code str} by code point, {@code bytes} by unsigned byte, tuples item by item. Values of different
 * kinds cannot be ordered, as in Python 3.
 */
final class PythonOrder implements Comparator<@Nullable Object> {

	static final PythonOrder INSTANCE = new PythonOrder();

	private PythonOrder() {
	}

	@Override
	public int compare(@Nullable Object a, @Nullable Object b) {
		if (a == b) {
			return 0;
		}
		if (a == null) {
			return -1;
		}
		if (b == null) {
			return 1;
		}
		if (a instanceof String x && b instanceof String y) {
			return compareStrings(x, y);
		}
		if (isNumber(a) && isNumber(b)) {
			return compareNumbers(number(a), number(b));
		}
		if (a instanceof PickleBytes x && b instanceof PickleBytes y) {
			return x.compareTo(y);
		}
		if (a instanceof PickleTuple x && b instanceof PickleTuple y) {
			return compareSequences(x, y);
		}
		throw new IllegalArgumentException("Cannot order a " + kind(a) + " and a " + kind(b));
	}

	/**
	 * Checks that a value can be a key of an object-keyed tree.
	 * @param key the key
	 * @throws IllegalArgumentException if Python could not order it
	 */
	static void checkOrderable(@Nullable Object key) {
		if (key == null || key instanceof String || isNumber(key) || key instanceof PickleBytes) {
			return;
		}
		if (key instanceof PickleTuple tuple) {
			for (Object item : tuple) {
				checkOrderable(item);
			}
			return;
		}
		throw new IllegalArgumentException("A " + kind(key) + " cannot be a BTree key: use str, int, float, bytes or tuples of them");
	}

	private static boolean isNumber(Object value) {
		return value instanceof Long || value instanceof Integer || value instanceof Double || value instanceof BigInteger
				|| value instanceof Boolean || value instanceof Short || value instanceof Byte || value instanceof Float;
	}

	private static Number number(Object value) {
		return (value instanceof Boolean bool) ? (bool ? 1L : 0L) : (Number) value;
	}

	private static int compareNumbers(Number a, Number b) {
		boolean floating = a instanceof Double || a instanceof Float || b instanceof Double || b instanceof Float;
		if (floating) {
			if (a instanceof BigInteger || b instanceof BigInteger) {
				return toDecimal(a).compareTo(toDecimal(b));
			}
			return Double.compare(a.doubleValue(), b.doubleValue());
		}
		if (a instanceof BigInteger || b instanceof BigInteger) {
			return toBig(a).compareTo(toBig(b));
		}
		return Long.compare(a.longValue(), b.longValue());
	}

	private static BigInteger toBig(Number n) {
		return (n instanceof BigInteger big) ? big : BigInteger.valueOf(n.longValue());
	}

	private static BigDecimal toDecimal(Number n) {
		return (n instanceof BigInteger big) ? new BigDecimal(big) : BigDecimal.valueOf(n.doubleValue());
	}

	private static int compareStrings(String a, String b) {
		int length = Math.min(a.length(), b.length());
		for (int i = 0; i < length; i++) {
			char x = a.charAt(i);
			char y = b.charAt(i);
			if (x != y) {
				if (Character.isSurrogate(x) || Character.isSurrogate(y)) {
					return Integer.compare(a.codePointAt(i), b.codePointAt(i));
				}
				return x - y;
			}
		}
		return a.length() - b.length();
	}

	private int compareSequences(List<?> a, List<?> b) {
		int length = Math.min(a.size(), b.size());
		for (int i = 0; i < length; i++) {
			Object x = a.get(i);
			Object y = b.get(i);
			if (x == null ? y == null : x.equals(y)) {
				continue;
			}
			return compare(x, y);
		}
		return Integer.compare(a.size(), b.size());
	}

	private static String kind(Object value) {
		return value.getClass().getSimpleName();
	}

}
