package io.zkzeo.protocol;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.handler.codec.LengthFieldPrepender;

/**
 * Puts the 4-byte big-endian length in front of every outgoing {@link io.netty.buffer.ByteBuf} payload, the
 * mirror of {@link ZeoFrameDecoder}. Used for the raw frames of the handshake and the {@code ruok} answer; after
 * the handshake a {@link ZeoMessageEncoder} takes its place and writes length and message in one buffer.
 * Stateless and sharable.
 */
@Sharable
public class ZeoFrameEncoder extends LengthFieldPrepender {

	/**
	 * Creates the encoder.
	 */
	public ZeoFrameEncoder() {
		super(4);
	}

}
