package io.zkzeo.client;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.zkzeo.client.RecordedSession.Frame;
import io.zkzeo.protocol.PyValues;
import io.zkzeo.protocol.Tuple;
import io.zkzeo.protocol.ZeoCall;
import io.zkzeo.protocol.ZeoMessage;
import io.zkzeo.protocol.ZeoMethods;
import org.jspecify.annotations.Nullable;

/**
 * A stand-in ZEO server on 127.0.0.1 that plays back one connection of a recorded Python session: it sends the
 * recorded server frames, and each time the client sends a frame it compares it with the next recorded client
 * frame, byte for byte, before sending the server frames that followed it. The only liberty taken is the
 * transaction id (Python uses {@code id(txn)}, a memory address): the first id seen for a recorded one is bound to
 * it and substituted from then on; a {@code tpc_begin} user or description a Python program passed as str is
 * compared as its UTF-8 bytes. The first difference ends the playback and is reported by {@link #awaitEnd}.
 */
final class ReplayPeer implements AutoCloseable {

	private static final Map<String, Integer> TXN_POSITION = Map.of(ZeoMethods.TPC_BEGIN, 0, ZeoMethods.STOREA, 3,
			ZeoMethods.CHECK_CURRENT_SERIAL_IN_TRANSACTION, 2, ZeoMethods.VOTE, 0, ZeoMethods.TPC_FINISH, 0,
			ZeoMethods.TPC_ABORT, 0, ZeoMethods.UNDOA, 1, ZeoMethods.RESTOREA, 4);

	private final RecordedSession session;

	private final List<Frame> script;

	private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

	private final Channel server;

	private final CompletableFuture<Void> end = new CompletableFuture<>();

	private final Map<Long, Object> txnIds = new HashMap<>();

	private final AtomicInteger connections = new AtomicInteger();

	private final List<Integer> matched = new ArrayList<>();

	private int position;

	ReplayPeer(RecordedSession session, int conn) throws InterruptedException {
		this.session = session;
		this.script = session.connection(conn);
		this.server = new ServerBootstrap().group(this.group)
			.channel(NioServerSocketChannel.class)
			.childHandler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel channel) {
					channel.pipeline().addLast(new LengthFieldBasedFrameDecoder(Integer.MAX_VALUE, 0, 4, 0, 0));
					channel.pipeline().addLast(new Player());
				}
			})
			.bind("127.0.0.1", 0)
			.sync()
			.channel();
	}

	InetSocketAddress address() {
		return (InetSocketAddress) this.server.localAddress();
	}

	/**
	 * Waits until every recorded frame was played, and fails with the first difference if there was one.
	 */
	void awaitEnd(Duration timeout) throws InterruptedException {
		try {
			this.end.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw new AssertionError(ex.getCause().getMessage(), ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new AssertionError("Playback stopped at frame " + describePosition());
		}
	}

	/** The recorded client frames the client reproduced, by session frame number. */
	synchronized List<Integer> matchedFrames() {
		return List.copyOf(this.matched);
	}

	boolean hasFailed() {
		return this.end.isCompletedExceptionally();
	}

	private synchronized String describePosition() {
		return (this.position < this.script.size()) ? String.valueOf(this.script.get(this.position).index()) : "end";
	}

	@Override
	public void close() {
		this.server.close().syncUninterruptibly();
		this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
	}

	private final class Player extends ChannelInboundHandlerAdapter {

		@Override
		public void channelActive(ChannelHandlerContext ctx) {
			if (ReplayPeer.this.connections.incrementAndGet() > 1) {
				ctx.close();
				return;
			}
			playServerFrames(ctx);
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			ByteBuf frame = (ByteBuf) msg;
			byte[] actual = ByteBufUtil.getBytes(frame);
			frame.release();
			if (ReplayPeer.this.end.isDone()) {
				return;
			}
			String difference = compare(actual);
			if (difference != null) {
				ReplayPeer.this.end.completeExceptionally(new AssertionError(difference));
				ctx.close();
				return;
			}
			playServerFrames(ctx);
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) {
			if (!ReplayPeer.this.end.isDone() && ReplayPeer.this.connections.get() == 1) {
				ReplayPeer.this.end.completeExceptionally(
						new AssertionError("The client closed the connection at frame " + describePosition()));
			}
		}

		private void playServerFrames(ChannelHandlerContext ctx) {
			synchronized (ReplayPeer.this) {
				while (ReplayPeer.this.position < ReplayPeer.this.script.size()
						&& !ReplayPeer.this.script.get(ReplayPeer.this.position).clientToServer()) {
					ctx.write(Unpooled.wrappedBuffer(ReplayPeer.this.script.get(ReplayPeer.this.position).bytes()));
					ReplayPeer.this.position++;
				}
				ctx.flush();
				if (ReplayPeer.this.position == ReplayPeer.this.script.size()) {
					ReplayPeer.this.end.complete(null);
				}
			}
		}

		private @Nullable String compare(byte[] actual) {
			synchronized (ReplayPeer.this) {
				if (ReplayPeer.this.position >= ReplayPeer.this.script.size()) {
					return "Unexpected frame after the recording ended: " + describe(actual, true);
				}
				Frame expected = ReplayPeer.this.script.get(ReplayPeer.this.position);
				byte[] wanted = expected.bytes();
				if (!expected.isHandshake()) {
					ZeoMessage recorded = ReplayPeer.this.session.decode(expected);
					ZeoMessage normalized = normalize(recorded, decode(actual));
					if (normalized != recorded) {
						wanted = encode(normalized);
					}
				}
				if (!Arrays.equals(wanted, actual)) {
					return "Frame " + expected.index() + " (connection " + expected.conn() + ", client frame "
							+ expected.seq() + ") differs:\n  recorded " + describe(expected.bytes(), !expected.isHandshake())
							+ "\n  sent     " + describe(actual, !expected.isHandshake());
				}
				ReplayPeer.this.matched.add(expected.index());
				ReplayPeer.this.position++;
				return null;
			}
		}

	}

	private @Nullable ZeoMessage decode(byte[] frame) {
		try {
			return this.session.encoding().newCodec().decode(Unpooled.wrappedBuffer(frame, 4, frame.length - 4));
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private byte[] encode(ZeoMessage message) {
		ByteBuf out = Unpooled.buffer();
		out.writeInt(0);
		this.session.encoding().newCodec().encode(message, out);
		out.setInt(0, out.readableBytes() - 4);
		return ByteBufUtil.getBytes(out);
	}

	private String describe(byte[] frame, boolean message) {
		if (message) {
			ZeoMessage decoded = decode(frame);
			if (decoded != null) {
				return decoded.toString();
			}
		}
		return ByteBufUtil.hexDump(frame);
	}

	/**
	 * Puts the client's transaction ids into a recorded call, and str user or description as bytes.
	 */
	private ZeoMessage normalize(ZeoMessage recorded, @Nullable ZeoMessage sent) {
		if (!(recorded instanceof ZeoCall call) || !(sent instanceof ZeoCall sentCall)
				|| !call.method().equals(sentCall.method())) {
			return recorded;
		}
		Integer txnPosition = TXN_POSITION.get(call.method());
		List<@Nullable Object> args = new ArrayList<>(call.args());
		boolean changed = false;
		if (txnPosition != null && txnPosition < args.size() && txnPosition < sentCall.argCount()) {
			long recordedTxn = PyValues.toLong(args.get(txnPosition));
			Object sentTxn = sentCall.arg(txnPosition);
			Object bound = this.txnIds.computeIfAbsent(recordedTxn, (key) -> (sentTxn != null) ? sentTxn : key);
			args.set(txnPosition, bound);
			changed = true;
		}
		if (call.method().equals(ZeoMethods.TPC_BEGIN)) {
			for (int i = 1; i <= 2 && i < args.size(); i++) {
				if (args.get(i) instanceof String text) {
					args.set(i, text.getBytes(StandardCharsets.UTF_8));
					changed = true;
				}
			}
		}
		return changed ? new ZeoCall(call.msgid(), call.async(), call.method(), Tuple.copyOf(args)) : recorded;
	}

}
