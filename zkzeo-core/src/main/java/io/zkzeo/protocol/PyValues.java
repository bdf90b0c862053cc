package io.zkzeo.protocol;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import org.jspecify.annotations.Nullable;

/**
 * Conversions between the Java values of decoded messages and what ZEO methods expect.
 *
 * <p>Decoded values follow Python's types: {@code None} is {@code null}, {@code bool} is {@link Boolean},
 * {@code int} is {@link Long} (or {@link BigInteger} beyond 64 bits), {@code float} is {@link Double},
 * {@code str} is {@link String}, {@code bytes} is {@code byte[]}, {@code tuple} is {@link Tuple}, {@code list} is a
 * {@link List} and {@code dict} is an insertion-ordered {@link Map}. When encoding, {@link Oid} and {@link Tid} are
 * also accepted and sent as their eight bytes.
 */
public final class PyValues {

	private static final HexFormat HEX = HexFormat.of();

	private PyValues() {
	}

	/**
	 * Reads an object id from eight bytes.
	 * @param value a decoded value
	 * @return the oid
	 * @throws ZeoProtocolException if the value is not eight bytes
	 */
	public static Oid toOid(@Nullable Object value) {
		if (value instanceof Oid oid) {
			return oid;
		}
		return Oid.of(toLong8(value, "an oid"));
	}

	/**
	 * Reads a transaction id from eight bytes.
	 * @param value a decoded value
	 * @return the tid
	 * @throws ZeoProtocolException if the value is not eight bytes
	 */
	public static Tid toTid(@Nullable Object value) {
		if (value instanceof Tid tid) {
			return tid;
		}
		return Tid.of(toLong8(value, "a tid"));
	}

	/**
	 * Reads a transaction id that may be {@code None}.
	 * @param value a decoded value
	 * @return the tid, or {@code null} for {@code None}
	 */
	public static @Nullable Tid toNullableTid(@Nullable Object value) {
		return (value != null) ? toTid(value) : null;
	}

	/**
	 * Reads an object id that may be {@code None}.
	 * @param value a decoded value
	 * @return the oid, or {@code null} for {@code None}
	 */
	public static @Nullable Oid toNullableOid(@Nullable Object value) {
		return (value != null) ? toOid(value) : null;
	}

	private static long toLong8(@Nullable Object value, String what) {
		if (value instanceof byte[] bytes && bytes.length == 8) {
			long result = 0;
			for (int i = 0; i < 8; i++) {
				result = (result << 8) | (bytes[i] & 0xFF);
			}
			return result;
		}
		throw new ZeoProtocolException("Expected 8 bytes for " + what + ", got " + describe(value));
	}

	/**
	 * Reads a Python {@code bytes} value.
	 * @param value a decoded value
	 * @return the bytes (not copied)
	 */
	public static byte[] toBytes(@Nullable Object value) {
		if (value instanceof byte[] bytes) {
			return bytes;
		}
		if (value instanceof Oid oid) {
			return oid.toBytes();
		}
		if (value instanceof Tid tid) {
			return tid.toBytes();
		}
		throw new ZeoProtocolException("Expected bytes, got " + describe(value));
	}

	/**
	 * Reads a Python {@code bytes} value that may be {@code None}.
	 * @param value a decoded value
	 * @return the bytes, or {@code null} for {@code None}
	 */
	public static byte @Nullable [] toNullableBytes(@Nullable Object value) {
		return (value != null) ? toBytes(value) : null;
	}

	/**
	 * Reads a Python {@code str} value.
	 * @param value a decoded value
	 * @return the string
	 */
	public static String toStr(@Nullable Object value) {
		if (value instanceof String string) {
			return string;
		}
		throw new ZeoProtocolException("Expected str, got " + describe(value));
	}

	/**
	 * Reads text that a Python peer may send as {@code str} or as {@code bytes} (UTF-8), such as the user name and
	 * description of {@code tpc_begin}.
	 * @param value a decoded value
	 * @return the bytes (a {@code str} is encoded as UTF-8)
	 */
	public static byte[] toBytesOrStr(@Nullable Object value) {
		if (value instanceof String string) {
			return string.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		}
		return toBytes(value);
	}

	/**
	 * Reads a Python {@code int} (a {@code bool} counts, as in Python) that fits in 64 bits.
	 * @param value a decoded value
	 * @return the number
	 */
	public static long toLong(@Nullable Object value) {
		if (value instanceof Long number) {
			return number;
		}
		if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
			return ((Number) value).longValue();
		}
		if (value instanceof Boolean bool) {
			return bool ? 1 : 0;
		}
		if (value instanceof BigInteger big && big.bitLength() < 64) {
			return big.longValue();
		}
		throw new ZeoProtocolException("Expected int, got " + describe(value));
	}

	/**
	 * Reads a Python {@code int} that fits in 32 bits.
	 * @param value a decoded value
	 * @return the number
	 */
	public static int toInt(@Nullable Object value) {
		long number = toLong(value);
		if (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE) {
			throw new ZeoProtocolException("Expected a 32-bit int, got " + number);
		}
		return (int) number;
	}

	/**
	 * Reads a Python number ({@code float} or {@code int}) as a double.
	 * @param value a decoded value
	 * @return the number
	 */
	public static double toDouble(@Nullable Object value) {
		if (value instanceof Double number) {
			return number;
		}
		if (value instanceof Number number && !(value instanceof BigInteger)) {
			return number.doubleValue();
		}
		if (value instanceof BigInteger big) {
			return big.doubleValue();
		}
		throw new ZeoProtocolException("Expected float, got " + describe(value));
	}

	/**
	 * Reads a flag the way Python tests it: {@code None}, {@code False} and zero are false, any other
	 * {@code bool} or {@code int} is true. Python clients send booleans as {@code bool} or {@code int}.
	 * @param value a decoded value
	 * @return the truth value
	 */
	public static boolean toBoolean(@Nullable Object value) {
		if (value == null) {
			return false;
		}
		if (value instanceof Boolean bool) {
			return bool;
		}
		if (value instanceof Long || value instanceof Integer || value instanceof BigInteger) {
			return ((Number) value).longValue() != 0 || (value instanceof BigInteger big && big.signum() != 0);
		}
		throw new ZeoProtocolException("Expected bool or int, got " + describe(value));
	}

	/**
	 * Reads a Python {@code tuple} or {@code list}.
	 * @param value a decoded value
	 * @return the items
	 */
	public static List<@Nullable Object> toList(@Nullable Object value) {
		if (value instanceof List<?> list) {
			@SuppressWarnings("unchecked")
			List<@Nullable Object> items = (List<@Nullable Object>) list;
			return items;
		}
		throw new ZeoProtocolException("Expected a tuple or list, got " + describe(value));
	}

	/**
	 * Reads a Python {@code dict}.
	 * @param value a decoded value
	 * @return the entries in wire order
	 */
	public static Map<Object, @Nullable Object> toMap(@Nullable Object value) {
		if (value instanceof Map<?, ?> map) {
			@SuppressWarnings("unchecked")
			Map<Object, @Nullable Object> entries = (Map<Object, @Nullable Object>) map;
			return entries;
		}
		throw new ZeoProtocolException("Expected a dict, got " + describe(value));
	}

	/**
	 * Returns the Python type name of a value, for error messages.
	 * @param value a value
	 * @return the type name, such as {@code bytes}, {@code str} or {@code NoneType}
	 */
	public static String typeName(@Nullable Object value) {
		if (value == null) {
			return "NoneType";
		}
		if (value instanceof byte[] || value instanceof Oid || value instanceof Tid) {
			return "bytes";
		}
		if (value instanceof String) {
			return "str";
		}
		if (value instanceof Boolean) {
			return "bool";
		}
		if (value instanceof Long || value instanceof Integer || value instanceof BigInteger
				|| value instanceof Short || value instanceof Byte) {
			return "int";
		}
		if (value instanceof Double || value instanceof Float) {
			return "float";
		}
		if (value instanceof Tuple) {
			return "tuple";
		}
		if (value instanceof List) {
			return "list";
		}
		if (value instanceof Map) {
			return "dict";
		}
		return value.getClass().getName();
	}

	private static String describe(@Nullable Object value) {
		if (value instanceof byte[] bytes) {
			return "bytes of length " + bytes.length;
		}
		return typeName(value);
	}

	/**
	 * Compares two decoded values, comparing byte arrays by content and sequences item by item.
	 * @param a a value
	 * @param b another value
	 * @return whether they are equal as Python values
	 */
	public static boolean deepEquals(@Nullable Object a, @Nullable Object b) {
		if (a == b) {
			return true;
		}
		if (a == null || b == null) {
			return false;
		}
		if (a instanceof byte[] left && b instanceof byte[] right) {
			return Arrays.equals(left, right);
		}
		if (a instanceof List<?> left && b instanceof List<?> right) {
			if (left.size() != right.size()) {
				return false;
			}
			for (int i = 0; i < left.size(); i++) {
				if (!deepEquals(left.get(i), right.get(i))) {
					return false;
				}
			}
			return true;
		}
		if (a instanceof Map<?, ?> left && b instanceof Map<?, ?> right) {
			if (left.size() != right.size()) {
				return false;
			}
			Iterator<? extends Map.Entry<?, ?>> leftEntries = left.entrySet().iterator();
			Iterator<? extends Map.Entry<?, ?>> rightEntries = right.entrySet().iterator();
			while (leftEntries.hasNext()) {
				Map.Entry<?, ?> l = leftEntries.next();
				Map.Entry<?, ?> r = rightEntries.next();
				if (!deepEquals(l.getKey(), r.getKey()) || !deepEquals(l.getValue(), r.getValue())) {
					return false;
				}
			}
			return true;
		}
		if (a instanceof Number && b instanceof Number && isInteger(a) && isInteger(b)) {
			return toBig(a).equals(toBig(b));
		}
		return a.equals(b);
	}

	private static boolean isInteger(Object value) {
		return value instanceof Long || value instanceof Integer || value instanceof BigInteger
				|| value instanceof Short || value instanceof Byte;
	}

	private static BigInteger toBig(Object value) {
		return (value instanceof BigInteger big) ? big : BigInteger.valueOf(((Number) value).longValue());
	}

	/**
	 * Formats a value for logs and error messages, close to Python's {@code repr}; bytes are shown as
	 * {@code b'<hex>'}.
	 * @param value a value
	 * @return the text
	 */
	public static String repr(@Nullable Object value) {
		StringBuilder text = new StringBuilder();
		appendRepr(text, value);
		return text.toString();
	}

	private static void appendRepr(StringBuilder text, @Nullable Object value) {
		if (value == null) {
			text.append("None");
		}
		else if (value instanceof Boolean bool) {
			text.append(bool ? "True" : "False");
		}
		else if (value instanceof byte[] bytes) {
			text.append("b'").append(HEX.formatHex(bytes)).append('\'');
		}
		else if (value instanceof String string) {
			text.append('\'').append(string).append('\'');
		}
		else if (value instanceof List<?> list) {
			boolean tuple = value instanceof Tuple;
			text.append(tuple ? '(' : '[');
			for (int i = 0; i < list.size(); i++) {
				if (i > 0) {
					text.append(", ");
				}
				appendRepr(text, list.get(i));
			}
			if (tuple && list.size() == 1) {
				text.append(',');
			}
			text.append(tuple ? ')' : ']');
		}
		else if (value instanceof Map<?, ?> map) {
			text.append('{');
			boolean first = true;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				if (!first) {
					text.append(", ");
				}
				first = false;
				appendRepr(text, entry.getKey());
				text.append(": ");
				appendRepr(text, entry.getValue());
			}
			text.append('}');
		}
		else {
			text.append(value);
		}
	}

}
