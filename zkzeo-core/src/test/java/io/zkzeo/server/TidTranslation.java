package io.zkzeo.server;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.zkzeo.protocol.PyValues;
import io.zkzeo.protocol.Tuple;
import org.jspecify.annotations.Nullable;

/**
 * Compares values recorded from a Python server with ours, treating transaction ids as data: the first time a
 * recorded tid meets one of ours they are paired, and from then on recorded requests are translated to our tids
 * and recorded replies must show the paired tid. Undo ids (base64 of a tid) are paired the same way.
 */
final class TidTranslation {

	/** Keys whose values depend on the server, the storage's file name or the clock, compared for presence only. */
	private static final Set<String> UNCOMPARED_VALUES = Set.of("name", "interfaces",
			"supports_record_iternext", "start", "time");

	/** Keys Python sends that we do not: transaction extension entries in history (the SPI has none there). */
	private static final Set<String> OPTIONAL_KEYS = Set.of("app");

	private final boolean compareSizes;

	private final Map<Long, Long> recordedToOurs = new HashMap<>();

	private final Map<Long, Long> oursToRecorded = new HashMap<>();

	/**
	 * Creates a translation.
	 * @param compareSizes whether {@code size} values must match (a FileStorage's do; a MemoryStorage's sizes
	 * are its own estimate)
	 */
	TidTranslation(boolean compareSizes) {
		this.compareSizes = compareSizes;
	}

	static boolean looksLikeTid(long value) {
		return value >= 0x0300000000000000L && value != Long.MAX_VALUE;
	}

	/** Translates a recorded request value to our tids. */
	@Nullable Object toOurs(@Nullable Object recorded) {
		if (recorded instanceof byte[] bytes) {
			if (bytes.length == 8) {
				long value = ByteBuffer.wrap(bytes).getLong();
				if (looksLikeTid(value)) {
					Long ours = this.recordedToOurs.get(value);
					if (ours == null && this.recordedToOurs.containsKey(value - 1)) {
						ours = this.recordedToOurs.get(value - 1) + 1;
					}
					if (ours != null) {
						return ByteBuffer.allocate(8).putLong(ours).array();
					}
				}
			}
			byte[] undone = undoTid(bytes);
			if (undone != null) {
				Long ours = this.recordedToOurs.get(ByteBuffer.wrap(undone).getLong());
				if (ours != null) {
					return Base64.getEncoder().encode(ByteBuffer.allocate(8).putLong(ours).array());
				}
			}
			return bytes;
		}
		if (recorded instanceof Tuple tuple) {
			List<@Nullable Object> items = new ArrayList<>();
			tuple.forEach((item) -> items.add(toOurs(item)));
			return Tuple.copyOf(items);
		}
		if (recorded instanceof List<?> list) {
			List<@Nullable Object> items = new ArrayList<>();
			list.forEach((item) -> items.add(toOurs(item)));
			return items;
		}
		if (recorded instanceof Map<?, ?> map) {
			Map<Object, @Nullable Object> result = new LinkedHashMap<>();
			map.forEach((key, value) -> result.put(key, toOurs(value)));
			return result;
		}
		return recorded;
	}

	private static byte @Nullable [] undoTid(byte[] bytes) {
		if (bytes.length != 12) {
			return null;
		}
		try {
			byte[] decoded = Base64.getDecoder().decode(bytes);
			return (decoded.length == 8 && looksLikeTid(ByteBuffer.wrap(decoded).getLong())) ? decoded : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * Compares a recorded reply value with ours.
	 * @param path where in the message, for the report
	 * @param recorded Python's value
	 * @param ours our value
	 * @param differences receives a line per difference
	 */
	void compare(String path, @Nullable Object recorded, @Nullable Object ours, List<String> differences) {
		if (recorded == null || ours == null) {
			if (recorded != ours) {
				differences.add(path + ": recorded " + PyValues.repr(recorded) + ", ours " + PyValues.repr(ours));
			}
			return;
		}
		if (recorded instanceof byte[] expected && ours instanceof byte[] actual) {
			compareBytes(path, expected, actual, differences);
			return;
		}
		if (recorded instanceof Double && ours instanceof Double) {
			return;
		}
		if (recorded instanceof Map<?, ?> expected && ours instanceof Map<?, ?> actual) {
			for (Map.Entry<?, ?> entry : expected.entrySet()) {
				String key = String.valueOf(entry.getKey());
				if (!actual.containsKey(entry.getKey())) {
					if (!OPTIONAL_KEYS.contains(key)) {
						differences.add(path + ": missing key " + key);
					}
					continue;
				}
				if (!UNCOMPARED_VALUES.contains(key) && (this.compareSizes || !"size".equals(key))) {
					compare(path + "." + key, entry.getValue(), actual.get(entry.getKey()), differences);
				}
			}
			for (Object key : actual.keySet()) {
				if (!expected.containsKey(key)) {
					differences.add(path + ": extra key " + key);
				}
			}
			return;
		}
		if (recorded instanceof List<?> expected && ours instanceof List<?> actual) {
			if ((expected instanceof Tuple) != (actual instanceof Tuple)) {
				differences.add(path + ": recorded " + kind(expected) + ", ours " + kind(actual));
			}
			if (expected.size() != actual.size()) {
				differences.add(path + ": recorded " + expected.size() + " items, ours " + actual.size() + ": "
						+ PyValues.repr(recorded) + " vs " + PyValues.repr(ours));
				return;
			}
			for (int i = 0; i < expected.size(); i++) {
				compare(path + "[" + i + "]", expected.get(i), actual.get(i), differences);
			}
			return;
		}
		if (recorded instanceof String expected && ours instanceof String actual && isTidHex(expected)
				&& isTidHex(actual)) {
			pair(path, Long.parseUnsignedLong(expected, 16), Long.parseUnsignedLong(actual, 16), differences);
			return;
		}
		if (!recorded.equals(ours)) {
			differences.add(path + ": recorded " + PyValues.repr(recorded) + ", ours " + PyValues.repr(ours));
		}
	}

	private static boolean isTidHex(String text) {
		return text.length() == 16 && text.chars().allMatch((c) -> Character.digit(c, 16) >= 0)
				&& looksLikeTid(Long.parseUnsignedLong(text, 16));
	}

	private static String kind(List<?> list) {
		return (list instanceof Tuple) ? "tuple" : "list";
	}

	private void compareBytes(String path, byte[] expected, byte[] actual, List<String> differences) {
		if (expected.length == 8 && actual.length == 8 && looksLikeTid(ByteBuffer.wrap(expected).getLong())) {
			pair(path, ByteBuffer.wrap(expected).getLong(), ByteBuffer.wrap(actual).getLong(), differences);
			return;
		}
		byte[] expectedUndo = undoTid(expected);
		byte[] actualUndo = undoTid(actual);
		if (expectedUndo != null && actualUndo != null) {
			pair(path, ByteBuffer.wrap(expectedUndo).getLong(), ByteBuffer.wrap(actualUndo).getLong(), differences);
			return;
		}
		if (!Arrays.equals(expected, actual)) {
			differences.add(path + ": recorded " + PyValues.repr(expected) + ", ours " + PyValues.repr(actual));
		}
	}

	private void pair(String path, long recorded, long ours, List<String> differences) {
		Long known = this.recordedToOurs.get(recorded);
		if (known == null) {
			if (!looksLikeTid(ours) || this.oursToRecorded.containsKey(ours)) {
				differences.add(path + ": recorded tid " + Long.toHexString(recorded) + " met our "
						+ Long.toHexString(ours) + ", which is not a new tid");
				return;
			}
			this.recordedToOurs.put(recorded, ours);
			this.oursToRecorded.put(ours, recorded);
		}
		else if (known != ours) {
			differences.add(path + ": recorded tid " + Long.toHexString(recorded) + " is our "
					+ Long.toHexString(known) + " but we sent " + Long.toHexString(ours));
		}
	}

}
