package io.zkzeo.protocol;

import java.util.Objects;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Encodes {@link ZeoMessage}s into complete frames: the 4-byte length and the payload in one pooled buffer sized
 * from an estimate, the payload written straight into it. A message that cannot be encoded fails its write promise
 * with a {@link ZeoProtocolException} as the cause, and nothing is sent. One instance per channel.
 */
public class ZeoMessageEncoder extends MessageToByteEncoder<ZeoMessage> {

	private final MessageCodec codec;

	/**
	 * Creates an encoder.
	 * @param codec the connection's codec
	 */
	public ZeoMessageEncoder(MessageCodec codec) {
		super(ZeoMessage.class);
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
	protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, ZeoMessage message, boolean preferDirect) {
		int size = 4 + this.codec.estimateSize(message);
		return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
	}

	@Override
	protected void encode(ChannelHandlerContext ctx, ZeoMessage message, ByteBuf out) {
		int start = out.writerIndex();
		out.writeInt(0);
		this.codec.encode(message, out);
		out.setInt(start, out.writerIndex() - start - 4);
	}

}
