package io.zkzeo.protocol;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of the ZEO wire layer for one server or client. Immutable; derive variants with the {@code withX}
 * methods.
 *
 * @param maxFrameLength the largest frame payload accepted, in bytes; a longer frame closes the connection
 * @param serverEncoding the encoding a server announces ({@code M5} or {@code Z5})
 * @param acceptedEncodings the encodings a server lets clients switch to, and a client accepts from servers
 */
public record ZeoProtocolOptions(int maxFrameLength, ZeoEncoding serverEncoding, Set<ZeoEncoding> acceptedEncodings) {

	/** The default maximum frame payload: 256 MiB. */
	public static final int DEFAULT_MAX_FRAME_LENGTH = 256 * 1024 * 1024;

	/**
	 * Creates options.
	 * @param maxFrameLength the largest frame payload accepted, in bytes
	 * @param serverEncoding the encoding a server announces
	 * @param acceptedEncodings the encodings accepted from the peer
	 */
	public ZeoProtocolOptions {
		if (maxFrameLength < 4) {
			throw new IllegalArgumentException("'maxFrameLength' must be at least 4, not " + maxFrameLength);
		}
		Objects.requireNonNull(serverEncoding, "'serverEncoding' must not be null");
		Objects.requireNonNull(acceptedEncodings, "'acceptedEncodings' must not be null");
		if (acceptedEncodings.isEmpty()) {
			throw new IllegalArgumentException("'acceptedEncodings' must not be empty");
		}
		acceptedEncodings = Set.copyOf(acceptedEncodings);
	}

	/**
	 * Returns the defaults: 256 MiB frames, msgpack announced, both encodings accepted.
	 * @return the default options
	 */
	public static ZeoProtocolOptions defaults() {
		return new ZeoProtocolOptions(DEFAULT_MAX_FRAME_LENGTH, ZeoEncoding.MSGPACK, EnumSet.allOf(ZeoEncoding.class));
	}

	/**
	 * Returns a copy with another maximum frame length.
	 * @param maxFrameLength the largest frame payload accepted, in bytes
	 * @return the new options
	 */
	public ZeoProtocolOptions withMaxFrameLength(int maxFrameLength) {
		return new ZeoProtocolOptions(maxFrameLength, this.serverEncoding, this.acceptedEncodings);
	}

	/**
	 * Returns a copy with another announced encoding.
	 * @param serverEncoding the encoding a server announces
	 * @return the new options
	 */
	public ZeoProtocolOptions withServerEncoding(ZeoEncoding serverEncoding) {
		return new ZeoProtocolOptions(this.maxFrameLength, serverEncoding, this.acceptedEncodings);
	}

	/**
	 * Returns a copy with other accepted encodings.
	 * @param acceptedEncodings the encodings accepted from the peer
	 * @return the new options
	 */
	public ZeoProtocolOptions withAcceptedEncodings(Set<ZeoEncoding> acceptedEncodings) {
		return new ZeoProtocolOptions(this.maxFrameLength, this.serverEncoding, acceptedEncodings);
	}

}
