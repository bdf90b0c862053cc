package io.zkzeo.protocol;

import java.util.Arrays;
import java.util.Objects;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of the ZEO handshake. On connect it sends its protocol id ({@code M5} or {@code Z5}); the
 * client's first frame then decides:
 * <ul>
 * <li>a protocol id with version {@code 5} and an accepted encoding letter: the connection switches to that
 * encoding (the client's letter wins, as in Python), this handler gives way to a {@link ZeoMessageDecoder} and
 * a {@link ZeoMessageEncoder}, and a {@link ZeoHandshakeCompletionEvent} is fired;</li>
 * <li>{@code ruok}: the server answers one frame of JSON from the {@link ServerStatusProvider} and closes;</li>
 * <li>anything else: a warning naming the peer, and the connection is closed without an answer.</li>
 * </ul>
 * Expects raw frames from a {@link ZeoFrameDecoder} before it and a {@link ZeoFrameEncoder} for its own writes.
 * One instance per channel.
 */
public class ZeoServerHandshakeHandler extends ChannelInboundHandlerAdapter {

	private static final Logger logger = LoggerFactory.getLogger(ZeoServerHandshakeHandler.class);

	private final ZeoProtocolOptions options;

	private final ServerStatusProvider statusProvider;

	private boolean greeted;

	private boolean finished;

	/**
	 * Creates the handler.
	 * @param options the encoding to announce and the encodings to accept
	 * @param statusProvider the answer to {@code ruok} probes
	 */
	public ZeoServerHandshakeHandler(ZeoProtocolOptions options, ServerStatusProvider statusProvider) {
		this.options = Objects.requireNonNull(options, "'options' must not be null");
		this.statusProvider = Objects.requireNonNull(statusProvider, "'statusProvider' must not be null");
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		if (ctx.channel().isActive()) {
			greet(ctx);
		}
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		greet(ctx);
		ctx.fireChannelActive();
	}

	private void greet(ChannelHandlerContext ctx) {
		if (!this.greeted) {
			this.greeted = true;
			ProtocolId announced = ProtocolId.zeo5(this.options.serverEncoding());
			ctx.writeAndFlush(Handshakes.frame(announced.toBytes()));
		}
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (!(msg instanceof ByteBuf frame)) {
			ctx.fireChannelRead(msg);
			return;
		}
		byte[] payload;
		try {
			payload = Handshakes.payload(frame);
		}
		finally {
			frame.release();
		}
		if (this.finished) {
			return;
		}
		this.finished = true;
		if (Arrays.equals(payload, Handshakes.RUOK)) {
			answerRuok(ctx);
			return;
		}
		ProtocolId requested = ProtocolId.parse(payload);
		if (requested == null || !ProtocolId.VERSION_5.equals(requested.version())
				|| !this.options.acceptedEncodings().contains(requested.encoding())) {
			logger.warn("Bad ZEO handshake from {}: {}", ctx.channel().remoteAddress(), Handshakes.printable(payload));
			ctx.fireUserEventTriggered(ZeoHandshakeCompletionEvent.failure(
					new ZeoProtocolException("Bad handshake " + Handshakes.printable(payload))));
			ctx.close();
			return;
		}
		logger.debug("ZEO handshake {} from {}", requested, ctx.channel().remoteAddress());
		Handshakes.switchToMessages(ctx, this, requested);
	}

	private void answerRuok(ChannelHandlerContext ctx) {
		logger.debug("Answering ruok from {}", ctx.channel().remoteAddress());
		byte[] json;
		try {
			json = PythonJson.dumps(this.statusProvider.status()).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot answer ruok from {}: {}", ctx.channel().remoteAddress(), ex.toString());
			ctx.close();
			return;
		}
		ctx.writeAndFlush(Handshakes.frame(json)).addListener(ChannelFutureListener.CLOSE);
	}

}
