package io.zkzeo.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.Promise;

/**
 * The monitoring side of the {@code ruok} probe: on the server's greeting it sends {@code ruok}, completes the
 * promise with the JSON text of the answer and closes. Fails the promise if the connection ends first. One
 * instance per channel.
 */
public class ZeoRuokProbeHandler extends ChannelInboundHandlerAdapter {

	private final Promise<String> result;

	private boolean greeted;

	/**
	 * Creates the handler.
	 * @param result completed with the server's JSON status
	 */
	public ZeoRuokProbeHandler(Promise<String> result) {
		this.result = Objects.requireNonNull(result, "'result' must not be null");
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (!(msg instanceof ByteBuf frame)) {
			ctx.fireChannelRead(msg);
			return;
		}
		try {
			if (!this.greeted) {
				this.greeted = true;
				ctx.writeAndFlush(Handshakes.frame(Handshakes.RUOK));
			}
			else {
				this.result.trySuccess(frame.toString(StandardCharsets.UTF_8));
				ctx.close();
			}
		}
		finally {
			frame.release();
		}
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		this.result.tryFailure(new ZeoProtocolException(
				"Connection to " + ctx.channel().remoteAddress() + " closed before the ruok answer"));
		ctx.fireChannelInactive();
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		this.result.tryFailure(cause);
		ctx.close();
	}

}
