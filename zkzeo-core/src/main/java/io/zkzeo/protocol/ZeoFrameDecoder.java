package io.zkzeo.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the byte stream of a ZEO connection into frames: a 4-byte big-endian unsigned length, then that many
 * payload bytes. Emits each payload as a {@link ByteBuf} slice (no copy) without the length.
 *
 * <pre>
 * 00000002 4d35              -&gt;  4d35 ("M5")
 * 0000000b 94ff00a62e7265706c79c0  -&gt;  94ff00a62e7265706c79c0 (a heartbeat)
 * </pre>
 *
 * A length above the maximum closes the connection at once, with a warning naming the peer; so does any decoding
 * failure of a later handler that reaches this one. Other connections are not affected. One instance per channel.
 */
public class ZeoFrameDecoder extends LengthFieldBasedFrameDecoder {

	private static final Logger logger = LoggerFactory.getLogger(ZeoFrameDecoder.class);

	private final int maxFrameLength;

	private boolean failed;

	/**
	 * Creates a decoder accepting frames up to {@link ZeoProtocolOptions#DEFAULT_MAX_FRAME_LENGTH}.
	 */
	public ZeoFrameDecoder() {
		this(ZeoProtocolOptions.DEFAULT_MAX_FRAME_LENGTH);
	}

	/**
	 * Creates a decoder.
	 * @param maxFrameLength the largest payload accepted, in bytes
	 */
	public ZeoFrameDecoder(int maxFrameLength) {
		super((int) Math.min(Integer.MAX_VALUE, maxFrameLength + 4L), 0, 4, 0, 4, true);
		this.maxFrameLength = maxFrameLength;
	}

	/**
	 * Returns the largest payload accepted.
	 * @return the length in bytes
	 */
	public int getMaxFrameLength() {
		return this.maxFrameLength;
	}

	@Override
	protected @Nullable Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
		if (this.failed) {
			in.skipBytes(in.readableBytes());
			return null;
		}
		if (in.readableBytes() >= 4) {
			long length = in.getUnsignedInt(in.readerIndex());
			if (length > this.maxFrameLength) {
				in.skipBytes(in.readableBytes());
				throw new TooLongFrameException("Invalid frame length " + length + " (max " + this.maxFrameLength + ")");
			}
		}
		return super.decode(ctx, in);
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
