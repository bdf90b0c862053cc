package io.zkzeo.protocol;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;

/**
 * What the server and client handshakes share: reading a handshake frame and switching the pipeline from raw
 * frames to messages.
 */
final class Handshakes {

	/** The payload of the status probe a monitoring client sends instead of a protocol id. */
	static final byte[] RUOK = "ruok".getBytes(StandardCharsets.US_ASCII);

	private static final int MAX_SHOWN = 32;

	private Handshakes() {
	}

	static byte[] payload(ByteBuf frame) {
		return ByteBufUtil.getBytes(frame);
	}

	static ByteBuf frame(byte[] payload) {
		return Unpooled.wrappedBuffer(payload);
	}

	/** Shows a handshake payload for a log message: printable ASCII as text, anything else as hex. */
	static String printable(byte[] payload) {
		boolean text = payload.length <= MAX_SHOWN;
		for (byte b : payload) {
			text &= (b >= 0x20 && b < 0x7f);
		}
		if (text) {
			return "'" + new String(payload, StandardCharsets.US_ASCII) + "'";
		}
		int shown = Math.min(payload.length, MAX_SHOWN);
		return "0x" + ByteBufUtil.hexDump(payload, 0, shown) + ((shown < payload.length) ? "..." : "")
				+ " (" + payload.length + " bytes)";
	}

	/**
	 * Replaces the raw frame encoder and the handshake handler with the message encoder and decoder for the agreed
	 * protocol, then fires the completion event to the handlers after them.
	 */
	static void switchToMessages(ChannelHandlerContext ctx, ChannelHandler handshake, ProtocolId protocol) {
		MessageCodec codec = protocol.encoding().newCodec();
		ChannelPipeline pipeline = ctx.pipeline();
		ChannelHandlerContext frameEncoder = pipeline.context(ZeoFrameEncoder.class);
		ZeoMessageEncoder messageEncoder = new ZeoMessageEncoder(codec);
		if (frameEncoder != null) {
			pipeline.replace(frameEncoder.name(), ZeoPipeline.MESSAGE_ENCODER, messageEncoder);
		}
		else {
			pipeline.addBefore(ctx.name(), ZeoPipeline.MESSAGE_ENCODER, messageEncoder);
		}
		pipeline.replace(handshake, ZeoPipeline.MESSAGE_DECODER, new ZeoMessageDecoder(codec));
		ChannelHandlerContext decoder = pipeline.context(ZeoPipeline.MESSAGE_DECODER);
		if (decoder != null) {
			decoder.fireUserEventTriggered(ZeoHandshakeCompletionEvent.success(protocol));
		}
	}

}
