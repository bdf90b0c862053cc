package io.zkzeo.protocol;

import io.netty.buffer.ByteBuf;

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
		java.util.List<?> parts = this.reader.readMessage(payload);
		return MessageParts.toMessage(parts.get(0), parts.get(1), parts.get(2), parts.get(3));
	}

	@Override
	public void encode(ZeoMessage message, ByteBuf out) {
		this.writer.writeMessage(message, out);
	}

}
