package io.zkzeo.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;

import io.netty.handler.codec.CorruptedFrameException;

/**
 * Strict UTF-8 decoding of wire strings (Python rejects malformed UTF-8 in a {@code str}), with known strings and
 * ASCII taking fast paths. One instance per codec; not thread-safe.
 */
final class Utf8 {

	private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();

	String decode(byte[] bytes, int offset, int length) {
		String known = KnownStrings.lookup(bytes, offset, length);
		if (known != null) {
			return known;
		}
		boolean ascii = true;
		for (int i = offset, end = offset + length; i < end; i++) {
			if (bytes[i] < 0) {
				ascii = false;
				break;
			}
		}
		if (ascii) {
			return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
		}
		try {
			return this.decoder.reset().decode(ByteBuffer.wrap(bytes, offset, length)).toString();
		}
		catch (CharacterCodingException ex) {
			throw new CorruptedFrameException("Malformed UTF-8 in a str of " + length + " bytes", ex);
		}
	}

}
