package io.zkzeo.tools;

/**
 * Formats values as Python's {@code repr()} does, so that tool output reads exactly like ZODB's.
 */
final class PythonRepr {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private PythonRepr() {
	}

	/**
	 * Formats bytes as Python 3 does: {@code b'...'}, with {@code \xNN} escapes for bytes outside
	 * printable ASCII.
	 * @param bytes the bytes
	 * @return the repr
	 */
	static String bytes(byte[] bytes) {
		char quote = quoteFor(bytes);
		StringBuilder text = new StringBuilder(bytes.length + 3).append('b').append(quote);
		for (byte b : bytes) {
			int c = b & 0xFF;
			if (c == quote || c == '\\') {
				text.append('\\').append((char) c);
			}
			else if (c == '\t') {
				text.append("\\t");
			}
			else if (c == '\n') {
				text.append("\\n");
			}
			else if (c == '\r') {
				text.append("\\r");
			}
			else if (c < 0x20 || c >= 0x7F) {
				text.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xF]);
			}
			else {
				text.append((char) c);
			}
		}
		return text.append(quote).toString();
	}

	/**
	 * Formats a one-character string as Python 3 does, for ASCII characters.
	 * @param c the character
	 * @return the repr, for example {@code ' '}
	 */
	static String character(char c) {
		if (c == '\'') {
			return "\"'\"";
		}
		if (c == '\\') {
			return "'\\\\'";
		}
		if (c < 0x20 || c >= 0x7F) {
			return String.format("'\\x%02x'", (int) c);
		}
		return "'" + c + "'";
	}

	private static char quoteFor(byte[] bytes) {
		boolean single = false;
		boolean dbl = false;
		for (byte b : bytes) {
			single |= (b == '\'');
			dbl |= (b == '"');
		}
		return (single && !dbl) ? '"' : '\'';
	}

}
