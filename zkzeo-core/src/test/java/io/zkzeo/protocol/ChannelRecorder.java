package io.zkzeo.protocol;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * The last handler of a test pipeline: records what reaches it.
 */
class ChannelRecorder extends ChannelInboundHandlerAdapter {

	final List<Object> messages = new ArrayList<>();

	final List<Object> events = new ArrayList<>();

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		this.messages.add(msg);
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
		this.events.add(event);
	}

	ZeoHandshakeCompletionEvent handshake() {
		return this.events.stream()
			.filter(ZeoHandshakeCompletionEvent.class::isInstance)
			.map(ZeoHandshakeCompletionEvent.class::cast)
			.findFirst()
			.orElseThrow(() -> new AssertionError("No handshake event in " + this.events));
	}

	/** Reads and releases everything the channel wrote, as one byte array. */
	static byte[] outbound(EmbeddedChannel channel) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		ByteBuf buffer;
		while ((buffer = channel.readOutbound()) != null) {
			byte[] chunk = new byte[buffer.readableBytes()];
			buffer.readBytes(chunk);
			buffer.release();
			bytes.writeBytes(chunk);
		}
		return bytes.toByteArray();
	}

}
