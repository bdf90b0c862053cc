package io.zkzeo.protocol;

import java.util.Objects;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Encodes {@link ZeoMessage}s into complete frames: the 4-byte length and the payload in one pooled buffer sized
 * from an estimate, the payload written straight into it. A {@link ZeoMessageBatch} becomes its messages' frames,
 * one after the other, in one buffer. A message that cannot be encoded fails its write promise with a
 * {@link ZeoProtocolException} as the cause, and nothing of that write is sent. Anything else (such as the raw
 * {@code ByteBuf} frames of the handshake) passes on unchanged. One instance per channel.
 */
public class ZeoMessageEncoder extends MessageToByteEncoder<Object> {

	private final MessageCodec codec;

	/**
	 * Creates an encoder.
	 * @param codec the connection's codec
	 */
	public ZeoMessageEncoder(MessageCodec codec) {
		super(Object.class);
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
	public boolean acceptOutboundMessage(Object message) {
		return message instanceof ZeoMessage || message instanceof ZeoMessageBatch;
	}

	@Override
	protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Object message, boolean preferDirect) {
		int size = 0;
		if (message instanceof ZeoMessageBatch batch) {
			for (ZeoMessage each : batch.messages()) {
				size += 4 + this.codec.estimateSize(each);
			}
		}
		else {
			size = 4 + this.codec.estimateSize((ZeoMessage) message);
		}
		return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
	}

	@Override
	protected void encode(ChannelHandlerContext ctx, Object message, ByteBuf out) {
		if (message instanceof ZeoMessageBatch batch) {
			for (ZeoMessage each : batch.messages()) {
				encodeFrame(each, out);
			}
		}
		else {
			encodeFrame((ZeoMessage) message, out);
		}
	}

	private void encodeFrame(ZeoMessage message, ByteBuf out) {
		int start = out.writerIndex();
		out.writeInt(0);
		this.codec.encode(message, out);
		out.setInt(start, out.writerIndex() - start - 4);
	}

}
