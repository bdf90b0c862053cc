package io.zkzeo.protocol;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;
import org.msgpack.core.buffer.MessageBuffer;
import org.msgpack.core.buffer.MessageBufferOutput;

/**
 * Lets a msgpack {@code MessagePacker} write into a Netty {@link ByteBuf}: small items are staged in one reused
 * heap buffer and copied in one go, large payloads (object records) are written straight into the target.
 */
final class ByteBufOutput implements MessageBufferOutput {

	static final int STAGING_SIZE = 8192;

	private final MessageBuffer staging = MessageBuffer.allocate(STAGING_SIZE);

	private MessageBuffer current = this.staging;

	private @Nullable ByteBuf target;

	void target(@Nullable ByteBuf target) {
		this.target = target;
	}

	private ByteBuf target() {
		ByteBuf buffer = this.target;
		if (buffer == null) {
			throw new IllegalStateException("No target buffer set");
		}
		return buffer;
	}

	@Override
	public MessageBuffer next(int minimumSize) {
		this.current = (minimumSize <= STAGING_SIZE) ? this.staging : MessageBuffer.allocate(minimumSize);
		return this.current;
	}

	@Override
	public void writeBuffer(int length) {
		target().writeBytes(this.current.array(), this.current.arrayOffset(), length);
	}

	@Override
	public void write(byte[] buffer, int offset, int length) {
		target().writeBytes(buffer, offset, length);
	}

	@Override
	public void add(byte[] buffer, int offset, int length) {
		target().writeBytes(buffer, offset, length);
	}

	@Override
	public void flush() {
	}

	@Override
	public void close() {
	}

}
