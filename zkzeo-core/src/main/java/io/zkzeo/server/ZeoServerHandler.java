package io.zkzeo.server;

import java.io.IOException;

import javax.net.ssl.SSLException;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.zkzeo.protocol.ZeoCall;
import io.zkzeo.protocol.ZeoHandshakeCompletionEvent;
import io.zkzeo.protocol.ZeoMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a server connection's pipeline: hands each call to the connection's
 * {@link ZeoSession}, ignores heartbeats, and cleans up when the connection closes. A connection that fails
 * (a bad frame, a failed TLS handshake) is closed without affecting the others.
 */
final class ZeoServerHandler extends ChannelInboundHandlerAdapter {

	private static final Logger logger = LoggerFactory.getLogger(ZeoServerHandler.class);

	private final ZeoSession session;

	ZeoServerHandler(ZeoSession session) {
		this.session = session;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (!(msg instanceof ZeoMessage message)) {
			io.netty.util.ReferenceCountUtil.release(msg);
			return;
		}
		if (message.isHeartbeat()) {
			return;
		}
		if (message instanceof ZeoCall call) {
			this.session.received(call);
		}
		else {
			logger.debug("Ignoring a {} from {}", message, ctx.channel().remoteAddress());
		}
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
		if (event instanceof SslHandshakeCompletionEvent tls && !tls.isSuccess()) {
			logger.warn("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(), String.valueOf(tls.cause()));
			ctx.close();
		}
		else if (event instanceof ZeoHandshakeCompletionEvent zeo && zeo.isSuccess()) {
			logger.debug("{} speaks {}", ctx.channel().remoteAddress(), zeo.protocol());
		}
		ctx.fireUserEventTriggered(event);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		this.session.disconnected();
		ctx.fireChannelInactive();
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (isLostConnection(cause)) {
			logger.info("Lost connection {}: {}", ctx.channel().remoteAddress(), cause.getMessage());
		}
		else {
			logger.warn("Closing connection {} after an error: {}", ctx.channel().remoteAddress(), cause.toString());
		}
		ctx.close();
	}

	/**
	 * Tells whether an error is the socket's: the client went away, for example resetting the connection as it
	 * closed with invalidations still unread. A refused TLS handshake or bad input is not.
	 */
	private static boolean isLostConnection(Throwable cause) {
		return cause instanceof IOException && !(cause instanceof SSLException);
	}

}
