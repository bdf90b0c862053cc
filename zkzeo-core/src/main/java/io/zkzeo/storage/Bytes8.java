package io.zkzeo.storage;

/**
 * Eight-byte big-endian encoding shared by {@link Oid} and {@link Tid}.
 */
final class Bytes8 {

	private Bytes8() {
	}

	static long decode(byte[] bytes, String what) {
		if (bytes.length != 8) {
			throw new IllegalArgumentException("A " + what + " has 8 bytes, not " + bytes.length);
		}
		return decode(bytes, 0);
	}

	static long decode(byte[] bytes, int offset) {
		long value = 0;
		for (int i = 0; i < 8; i++) {
			value = (value << 8) | (bytes[offset + i] & 0xFF);
		}
		return value;
	}

	static byte[] encode(long value) {
		byte[] bytes = new byte[8];
		for (int i = 7; i >= 0; i--) {
			bytes[i] = (byte) value;
			value >>>= 8;
		}
		return bytes;
	}

}
