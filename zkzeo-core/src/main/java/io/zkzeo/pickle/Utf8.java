package io.zkzeo.pickle;

import java.nio.charset.StandardCharsets;

/**
 * UTF-8 as Python's {@code surrogatepass} error handler reads and writes it: lone surrogates are
 * three-byte sequences, everything else is strict UTF-8.
 */
final class Utf8 {

	private Utf8() {
	}

	/**
	 * Decodes bytes, rejecting malformed sequences.
	 * @return the text, or {@code null} if the bytes are not valid
	 */
	static String decode(byte[] data, int offset, int length) {
		int end = offset + length;
		int i = offset;
		while (i < end && data[i] >= 0) {
			i++;
		}
		if (i == end) {
			return new String(data, offset, length, StandardCharsets.ISO_8859_1);
		}
		char[] chars = new char[length];
		int n = 0;
		for (int p = offset; p < i; p++) {
			chars[n++] = (char) data[p];
		}
		while (i < end) {
			int b = data[i] & 0xFF;
			if (b < 0x80) {
				chars[n++] = (char) b;
				i++;
			}
			else if (b >= 0xC2 && b <= 0xDF) {
				if (i + 1 >= end || !isContinuation(data[i + 1])) {
					return null;
				}
				chars[n++] = (char) (((b & 0x1F) << 6) | (data[i + 1] & 0x3F));
				i += 2;
			}
			else if (b >= 0xE0 && b <= 0xEF) {
				if (i + 2 >= end || !isContinuation(data[i + 1]) || !isContinuation(data[i + 2])
						|| (b == 0xE0 && (data[i + 1] & 0xFF) < 0xA0)) {
					return null;
				}
				chars[n++] = (char) (((b & 0x0F) << 12) | ((data[i + 1] & 0x3F) << 6) | (data[i + 2] & 0x3F));
				i += 3;
			}
			else if (b >= 0xF0 && b <= 0xF4) {
				if (i + 3 >= end || !isContinuation(data[i + 1]) || !isContinuation(data[i + 2])
						|| !isContinuation(data[i + 3])) {
					return null;
				}
				int second = data[i + 1] & 0xFF;
				if ((b == 0xF0 && second < 0x90) || (b == 0xF4 && second > 0x8F)) {
					return null;
				}
				int codePoint = ((b & 0x07) << 18) | ((second & 0x3F) << 12) | ((data[i + 2] & 0x3F) << 6)
						| (data[i + 3] & 0x3F);
				chars[n++] = Character.highSurrogate(codePoint);
				chars[n++] = Character.lowSurrogate(codePoint);
				i += 4;
			}
			else {
				return null;
			}
		}
		return new String(chars, 0, n);
	}

	private static boolean isContinuation(byte b) {
		return (b & 0xC0) == 0x80;
	}

	/**
	 * Returns the number of bytes {@link #encode} writes.
	 */
	static int encodedLength(String text) {
		int length = text.length();
		int bytes = length;
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (c >= 0x80) {
				if (c < 0x800) {
					bytes += 1;
				}
				else if (Character.isHighSurrogate(c) && i + 1 < length
						&& Character.isLowSurrogate(text.charAt(i + 1))) {
					bytes += 2;
					i++;
				}
				else {
					bytes += 2;
				}
			}
		}
		return bytes;
	}

	/**
	 * Encodes text into {@code out} at {@code offset}; there must be {@link #encodedLength} bytes free.
	 * @return the offset after the last byte written
	 */
	static int encode(String text, byte[] out, int offset) {
		int length = text.length();
		int p = offset;
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (c < 0x80) {
				out[p++] = (byte) c;
			}
			else if (c < 0x800) {
				out[p++] = (byte) (0xC0 | (c >> 6));
				out[p++] = (byte) (0x80 | (c & 0x3F));
			}
			else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
				int codePoint = Character.toCodePoint(c, text.charAt(++i));
				out[p++] = (byte) (0xF0 | (codePoint >> 18));
				out[p++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
				out[p++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
				out[p++] = (byte) (0x80 | (codePoint & 0x3F));
			}
			else {
				out[p++] = (byte) (0xE0 | (c >> 12));
				out[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
				out[p++] = (byte) (0x80 | (c & 0x3F));
			}
		}
		return p;
	}

}
