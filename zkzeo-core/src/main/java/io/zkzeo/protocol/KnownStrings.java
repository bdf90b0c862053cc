package io.zkzeo.protocol;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The strings that appear in almost every message (method names, {@code ".reply"}, common dict keys), with their
 * UTF-8 bytes, so that codecs neither encode nor allocate them per message. Immutable after class initialisation.
 */
final class KnownStrings {

	static final int MAX_LENGTH = 40;

	private static final Map<String, byte[]> UTF8 = new HashMap<>();

	private static final byte[][][] BYTES_BY_LENGTH = new byte[MAX_LENGTH + 1][][];

	private static final String[][] STRINGS_BY_LENGTH = new String[MAX_LENGTH + 1][];

	static {
		List<String> strings = new ArrayList<>();
		for (Field field : ZeoMethods.class.getFields()) {
			if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
				try {
					strings.add((String) field.get(null));
				}
				catch (IllegalAccessException ex) {
					throw new IllegalStateException(ex);
				}
			}
		}
		strings.addAll(List.of(ZeoMessage.REPLY, "length", "size", "name", "message", "oid", "class_name", "serials",
				"data", "time", "user_name", "description", "tid", "id", " ", "supportsUndo",
				"supports_record_iternext", "interfaces", "ZODB.interfaces"));
		List<List<String>> byLength = new ArrayList<>();
		for (int i = 0; i <= MAX_LENGTH; i++) {
			byLength.add(new ArrayList<>());
		}
		for (String string : strings) {
			byte[] bytes = string.getBytes(StandardCharsets.UTF_8);
			if (bytes.length <= MAX_LENGTH && UTF8.putIfAbsent(string, bytes) == null) {
				byLength.get(bytes.length).add(string);
			}
		}
		for (int i = 0; i <= MAX_LENGTH; i++) {
			List<String> sameLength = byLength.get(i);
			STRINGS_BY_LENGTH[i] = sameLength.toArray(new String[0]);
			BYTES_BY_LENGTH[i] = sameLength.stream().map(UTF8::get).toArray(byte[][]::new);
		}
	}

	private KnownStrings() {
	}

	/**
	 * Returns the UTF-8 bytes of a known string.
	 * @param string the string
	 * @return its bytes (shared, do not change), or {@code null} if it is not a known string
	 */
	static byte @Nullable [] utf8(String string) {
		return UTF8.get(string);
	}

	/**
	 * Returns the known string with the given UTF-8 bytes.
	 * @param bytes a buffer
	 * @param offset where the string starts
	 * @param length its length in bytes
	 * @return the shared string, or {@code null} if the bytes are not a known string
	 */
	static @Nullable String lookup(byte[] bytes, int offset, int length) {
		if (length > MAX_LENGTH) {
			return null;
		}
		byte[][] candidates = BYTES_BY_LENGTH[length];
		for (int i = 0; i < candidates.length; i++) {
			if (Arrays.equals(candidates[i], 0, length, bytes, offset, offset + length)) {
				return STRINGS_BY_LENGTH[length][i];
			}
		}
		return null;
	}

}
