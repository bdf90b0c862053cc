package io.zkzeo.client;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.zkzeo.protocol.ProtocolId;
import io.zkzeo.protocol.ZeoHandshakeCompletionEvent;
import io.zkzeo.protocol.ZeoMessage;
import io.zkzeo.protocol.ZeoProtocolException;
import io.zkzeo.protocol.ZeoReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a client connection's pipeline: hands the handshake outcome and decoded messages to its
 * {@link ServerConnection}, sends a heartbeat when the connection has been silent, and closes the connection on an
 * unexpected error. One instance per channel.
 */
final class ServerConnectionHandler extends ChannelInboundHandlerAdapter {

	private static final Logger logger = LoggerFactory.getLogger(ServerConnectionHandler.class);

	private final ServerConnection connection;

	ServerConnectionHandler(ServerConnection connection) {
		this.connection = connection;
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
		if (event instanceof ZeoHandshakeCompletionEvent completion) {
			ProtocolId protocol = completion.protocol();
			if (completion.isSuccess() && protocol != null) {
				this.connection.handshakeSucceeded(protocol);
			}
			else {
				Throwable cause = completion.cause();
				this.connection.handshakeFailed((cause != null) ? cause
						: new ZeoProtocolException("Handshake with " + ctx.channel().remoteAddress() + " failed"));
			}
			return;
		}
		if (event instanceof IdleStateEvent idle && idle.state() == IdleState.WRITER_IDLE) {
			if (this.connection.handshake().isDone() && !this.connection.handshake().isCompletedExceptionally()) {
				ctx.writeAndFlush(ZeoReply.heartbeat());
			}
			return;
		}
		super.userEventTriggered(ctx, event);
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof ZeoMessage message) {
			this.connection.received(message);
			return;
		}
		ReferenceCountUtil.release(msg);
		logger.warn("Unexpected message {} from ZEO server {}", msg.getClass().getName(), ctx.channel().remoteAddress());
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		this.connection.channelClosed();
		super.channelInactive(ctx);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		logger.warn("Closing the connection to ZEO server {} after an error", ctx.channel().remoteAddress(), cause);
		ctx.close();
	}

}
