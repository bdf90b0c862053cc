package io.zkzeo.protocol;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;

/**
 * The "Z5" codec: ZEO messages as Python pickles (protocol 3, written in "fast" mode without memo), byte for byte
 * as Python ZEO 5's {@code zodbpickle} pickler writes them. Only plain data is accepted when decoding: a pickle
 * naming a global (a class or function) is refused, as a Python server refuses all but a few modules.
 */
final class PickleMessageCodec implements MessageCodec {

	private final PickleWriter writer = new PickleWriter();

	private final PickleReader reader = new PickleReader();

	@Override
	public ZeoEncoding encoding() {
		return ZeoEncoding.PICKLE;
	}

	@Override
	public ZeoMessage decode(ByteBuf payload) {
		int length = payload.readableBytes();
		try {
			List<?> parts = this.reader.readMessage(payload);
			return MessageParts.toMessage(parts.get(0), parts.get(1), parts.get(2), parts.get(3));
		}
		catch (CorruptedFrameException ex) {
			throw new CorruptedFrameException("Malformed pickle message of " + length + " bytes: " + ex.getMessage(), ex);
		}
	}

	@Override
	public void encode(ZeoMessage message, ByteBuf out) {
		this.writer.writeMessage(message, out);
	}

}
