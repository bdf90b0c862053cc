package io.zkzeo.tools;

import java.nio.charset.StandardCharsets;

/**
 * Reads the module and class name a record's first pickle names, as ZODB's
 * {@code get_pickle_metadata} does for the records ZODB writes: an optional protocol marker, then a
 * {@code GLOBAL} opcode (optionally after {@code MARK}) followed by two newline-terminated names.
 */
final class PickleClassName {

	private static final int PROTO = 0x80;

	private static final int MARK = '(';

	private static final int GLOBAL = 'c';

	private PickleClassName() {
	}

	/**
	 * Returns {@code module.name} for a record, or {@code "."} when the first pickle does not start with
	 * a global (ZODB prints the empty module and class names then).
	 * @param record the object record
	 * @return the dotted class name
	 */
	static String of(byte[] record) {
		int at = (record.length > 0 && (record[0] & 0xFF) == PROTO) ? 2 : 0;
		if (at + 1 < record.length && record[at] == MARK && record[at + 1] == GLOBAL) {
			at += 2;
		}
		else if (at < record.length && record[at] == GLOBAL) {
			at += 1;
		}
		else {
			return ".";
		}
		int moduleEnd = indexOfNewline(record, at);
		int nameEnd = (moduleEnd < 0) ? -1 : indexOfNewline(record, moduleEnd + 1);
		if (nameEnd < 0) {
			return ".";
		}
		String module = new String(record, at, moduleEnd - at, StandardCharsets.UTF_8);
		String name = new String(record, moduleEnd + 1, nameEnd - moduleEnd - 1, StandardCharsets.UTF_8);
		return module + "." + name;
	}

	private static int indexOfNewline(byte[] bytes, int from) {
		for (int i = from; i < bytes.length; i++) {
			if (bytes[i] == '\n') {
				return i;
			}
		}
		return -1;
	}

}
