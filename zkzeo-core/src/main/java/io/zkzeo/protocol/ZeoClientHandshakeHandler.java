package io.zkzeo.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of the ZEO handshake. It waits for the server's protocol id, requires version 5 (the version
 * part must compare at least {@code "5"}, as Python's {@code min(server_version, b"5")} does) and an accepted
 * encoding, answers with the server's letter followed by {@code 5}, gives way to a {@link ZeoMessageDecoder} and a
 * {@link ZeoMessageEncoder}, and fires a {@link ZeoHandshakeCompletionEvent}. On an unsupported greeting it fires
 * a failed event carrying a {@link ZeoProtocolException} and closes. One instance per channel.
 */
public class ZeoClientHandshakeHandler extends ChannelInboundHandlerAdapter {

	private static final Logger logger = LoggerFactory.getLogger(ZeoClientHandshakeHandler.class);

	private static final byte[] VERSION_5 = ProtocolId.VERSION_5.getBytes(StandardCharsets.US_ASCII);

	private final ZeoProtocolOptions options;

	private boolean finished;

	/**
	 * Creates the handler.
	 * @param options the encodings to accept from servers
	 */
	public ZeoClientHandshakeHandler(ZeoProtocolOptions options) {
		this.options = Objects.requireNonNull(options, "'options' must not be null");
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (!(msg instanceof ByteBuf frame)) {
			ctx.fireChannelRead(msg);
			return;
		}
		byte[] greeting;
		try {
			greeting = Handshakes.payload(frame);
		}
		finally {
			frame.release();
		}
		if (this.finished) {
			return;
		}
		this.finished = true;
		ProtocolId offered = ProtocolId.parse(greeting);
		if (offered == null || !this.options.acceptedEncodings().contains(offered.encoding())
				|| !supportsVersion5(greeting)) {
			ZeoProtocolException failure = new ZeoProtocolException(
					"Unsupported ZEO protocol " + Handshakes.printable(greeting) + " from " + ctx.channel().remoteAddress());
			logger.warn("{}", failure.getMessage());
			ctx.fireUserEventTriggered(ZeoHandshakeCompletionEvent.failure(failure));
			ctx.close();
			return;
		}
		ProtocolId chosen = ProtocolId.zeo5(offered.encoding());
		logger.debug("ZEO server {} offers {}, using {}", ctx.channel().remoteAddress(), offered, chosen);
		ctx.writeAndFlush(Handshakes.frame(chosen.toBytes()));
		Handshakes.switchToMessages(ctx, this, chosen);
	}

	/** Python: {@code min(greeting[1:], b"5") == b"5"}, a byte-wise comparison. */
	private static boolean supportsVersion5(byte[] greeting) {
		byte[] version = Arrays.copyOfRange(greeting, 1, greeting.length);
		return Arrays.compareUnsigned(version, VERSION_5) >= 0;
	}

}
