package io.zkzeo.protocol;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import org.slf4j.Logger;

/**
 * The shared reaction of the decoders to bad input: log a warning that names the peer, close that connection.
 */
final class ProtocolErrors {

	private ProtocolErrors() {
	}

	/**
	 * Closes the connection if {@code cause} is a decoding failure.
	 * @return {@code true} if it was one (and has been handled)
	 */
	static boolean closeOnDecoderError(ChannelHandlerContext ctx, Throwable cause, boolean alreadyFailed,
			Logger logger) {
		if (!(cause instanceof DecoderException)) {
			return false;
		}
		if (!alreadyFailed) {
			Throwable reason = (cause.getCause() != null && cause.getMessage() != null
					&& cause.getMessage().equals(cause.getCause().toString())) ? cause.getCause() : cause;
			logger.warn("Closing ZEO connection from {}: {}", ctx.channel().remoteAddress(), reason.getMessage());
			logger.debug("Decoding failure on ZEO connection from {}", ctx.channel().remoteAddress(), cause);
		}
		ctx.close();
		return true;
	}

}
