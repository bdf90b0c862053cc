package io.zkzeo.protocol;

import java.util.List;
import java.util.Objects;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes frame payloads into {@link ZeoMessage}s with the codec chosen in the handshake. A payload that does
 * not decode closes the connection with a warning naming the peer; frames after it are dropped. One instance per
 * channel.
 */
public class ZeoMessageDecoder extends MessageToMessageDecoder<ByteBuf> {

	private static final Logger logger = LoggerFactory.getLogger(ZeoMessageDecoder.class);

	private final MessageCodec codec;

	private boolean failed;

	/**
	 * Creates a decoder.
	 * @param codec the connection's codec
	 */
	public ZeoMessageDecoder(MessageCodec codec) {
		super(ByteBuf.class);
		this.codec = Objects.requireNonNull(codec, "'codec' must not be null");
	}

	/**
	 * Returns the codec in use.
	 * @return the codec
	 */
	public MessageCodec getCodec() {
		return this.codec;
	}

	@Override
	protected void decode(ChannelHandlerContext ctx, ByteBuf payload, List<Object> out) {
		if (this.failed) {
			return;
		}
		ZeoMessage message = this.codec.decode(payload);
		if (logger.isTraceEnabled()) {
			logger.trace("ZEO message from {}: {}", ctx.channel().remoteAddress(), message);
		}
		out.add(message);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
		if (ProtocolErrors.closeOnDecoderError(ctx, cause, this.failed, logger)) {
			this.failed = true;
			return;
		}
		super.exceptionCaught(ctx, cause);
	}

}
