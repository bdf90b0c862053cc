package io.zkzeo.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;

/**
 * Encodes and decodes ZEO messages for one encoding ({@link ZeoEncoding}). The same logical message gives
 * byte-identical frames to those of Python ZEO 5.
 *
 * <p>A codec keeps working buffers between calls: use one per connection, from its event loop only. Create one with
 * {@link ZeoEncoding#newCodec()}.
 */
public interface MessageCodec {

	/**
	 * Returns the encoding this codec speaks.
	 * @return the encoding
	 */
	ZeoEncoding encoding();

	/**
	 * Decodes one frame payload (without the length prefix). Reads the readable bytes of {@code payload} and
	 * copies whatever the message keeps, so the buffer may be released afterwards.
	 * @param payload the payload
	 * @return the message
	 * @throws CorruptedFrameException if the payload is not a well-formed ZEO message
	 */
	ZeoMessage decode(ByteBuf payload);

	/**
	 * Encodes a message payload (without the length prefix), appending it to {@code out}.
	 * @param message the message
	 * @param out the buffer to write to
	 * @throws ZeoProtocolException if a value in the message cannot be encoded
	 */
	void encode(ZeoMessage message, ByteBuf out);

	/**
	 * Guesses the encoded size of a message cheaply, so that the output buffer rarely needs to grow.
	 * @param message the message
	 * @return the estimated payload size in bytes
	 */
	default int estimateSize(ZeoMessage message) {
		return MessageSizes.estimate(message);
	}

}
