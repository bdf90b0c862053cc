package io.zkzeo.protocol;

import org.jspecify.annotations.Nullable;

/**
 * The two encodings of ZEO 5 messages, named by the first letter of the protocol id a server announces.
 */
public enum ZeoEncoding {

	/** msgpack ("M5"), the encoding every zkzeo component prefers. */
	MSGPACK('M') {
		@Override
		public MessageCodec newCodec() {
			return new MsgpackMessageCodec();
		}
	},

	/** Python pickle protocol 3 ("Z5"), the default of Python ZEO servers. */
	PICKLE('Z') {
		@Override
		public MessageCodec newCodec() {
			return new PickleMessageCodec();
		}
	};

	private final byte letter;

	ZeoEncoding(char letter) {
		this.letter = (byte) letter;
	}

	/**
	 * Returns the letter that names this encoding in a protocol id.
	 * @return {@code 'M'} or {@code 'Z'}
	 */
	public byte letter() {
		return this.letter;
	}

	/**
	 * Creates a codec for one connection. Codecs keep buffers between calls and are not thread-safe.
	 * @return a new codec
	 */
	public abstract MessageCodec newCodec();

	/**
	 * Returns the encoding a protocol id letter names.
	 * @param letter the first byte of a protocol id
	 * @return the encoding, or {@code null} if the letter names none
	 */
	public static @Nullable ZeoEncoding forLetter(byte letter) {
		for (ZeoEncoding encoding : values()) {
			if (encoding.letter == letter) {
				return encoding;
			}
		}
		return null;
	}

}
