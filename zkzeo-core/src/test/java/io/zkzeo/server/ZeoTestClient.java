package io.zkzeo.server;

import java.io.EOFException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.zkzeo.protocol.ProtocolId;
import io.zkzeo.protocol.ZeoCall;
import io.zkzeo.protocol.ZeoErrorReply;
import io.zkzeo.protocol.ZeoHandshakeCompletionEvent;
import io.zkzeo.protocol.ZeoMessage;
import io.zkzeo.protocol.ZeoPipeline;
import io.zkzeo.protocol.ZeoProtocolOptions;
import io.zkzeo.protocol.ZeoReply;
import org.jspecify.annotations.Nullable;

/**
 * A raw ZEO client for tests, built from the protocol classes: sends calls and records every message the server
 * sends, in arrival order.
 */
final class ZeoTestClient extends SimpleChannelInboundHandler<ZeoMessage> implements AutoCloseable {

	static final long WAIT_SECONDS = 10;

	private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();

	private final BlockingQueue<ZeoHandshakeCompletionEvent> handshake = new LinkedBlockingQueue<>();

	/** Asynchronous calls the server made, in arrival order, as seen by {@link #call}. */
	final List<ZeoCall> asyncCalls = new ArrayList<>();

	/** Every message received so far through {@link #call} and {@link #next}, in order. */
	final List<ZeoMessage> received = new ArrayList<>();

	private final AtomicLong msgids = new AtomicLong();

	private static final Object CLOSED = new Object();

	private Channel channel;

	volatile ProtocolId protocol;

	static ZeoTestClient connect(EventLoopGroup group, InetSocketAddress address) throws Exception {
		return connect(group, address, null);
	}

	static ZeoTestClient connect(EventLoopGroup group, InetSocketAddress address, @Nullable SslContext tls)
			throws Exception {
		ZeoTestClient client = new ZeoTestClient();
		client.channel = new Bootstrap().group(group)
			.channel(NioSocketChannel.class)
			.option(ChannelOption.TCP_NODELAY, true)
			.handler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel ch) {
					if (tls != null) {
						ch.pipeline().addLast(tls.newHandler(ch.alloc(), address.getHostString(), address.getPort()));
					}
					ZeoPipeline.addClientHandlers(ch.pipeline(), ZeoProtocolOptions.defaults());
					ch.pipeline().addLast(client);
				}
			})
			.connect(address)
			.sync()
			.channel();
		ZeoHandshakeCompletionEvent event = client.handshake.poll(WAIT_SECONDS, TimeUnit.SECONDS);
		if (event == null || !event.isSuccess()) {
			client.close();
			throw new EOFException("No ZEO handshake: " + event);
		}
		client.protocol = event.protocol();
		return client;
	}

	Channel channel() {
		return this.channel;
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
		if (event instanceof ZeoHandshakeCompletionEvent completion) {
			this.handshake.add(completion);
		}
		ctx.fireUserEventTriggered(event);
	}

	@Override
	protected void channelRead0(ChannelHandlerContext ctx, ZeoMessage message) {
		this.inbox.add(message);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		this.inbox.add(CLOSED);
		this.handshake.add(ZeoHandshakeCompletionEvent.failure(new EOFException("closed")));
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		ctx.close();
	}

	/** Sends a synchronous call and returns its reply (normal or error); async calls met on the way are kept. */
	ZeoMessage call(String method, @Nullable Object... args) throws Exception {
		long msgid = this.msgids.incrementAndGet();
		this.channel.writeAndFlush(ZeoCall.sync(msgid, method, args)).sync();
		return awaitReply(msgid);
	}

	/** Sends a synchronous call without waiting; {@link #awaitReply} gets its answer. */
	long callLater(String method, @Nullable Object... args) throws Exception {
		long msgid = this.msgids.incrementAndGet();
		this.channel.writeAndFlush(ZeoCall.sync(msgid, method, args)).sync();
		return msgid;
	}

	ZeoMessage awaitReply(Object msgid) throws Exception {
		while (true) {
			ZeoMessage message = next();
			if (message instanceof ZeoCall async) {
				this.asyncCalls.add(async);
				continue;
			}
			if (message.msgid().equals(msgid)) {
				return message;
			}
			throw new AssertionError("Reply to " + message.msgid() + " while waiting for " + msgid + ": " + message);
		}
	}

	/** Sends a synchronous call and returns its value, failing on an error reply. */
	@Nullable Object value(String method, @Nullable Object... args) throws Exception {
		ZeoMessage reply = call(method, args);
		if (reply instanceof ZeoErrorReply error) {
			throw new AssertionError(method + " failed: " + error);
		}
		return ((ZeoReply) reply).value();
	}

	/** Sends an asynchronous call. */
	void send(String method, @Nullable Object... args) throws Exception {
		this.channel.writeAndFlush(ZeoCall.async(method, args)).sync();
	}

	/** Sends a message as is (for replays). */
	void sendMessage(ZeoMessage message) throws Exception {
		this.channel.writeAndFlush(message).sync();
	}

	/** Returns the next message from the server, waiting for it. */
	ZeoMessage next() throws Exception {
		Object message = this.inbox.poll(WAIT_SECONDS, TimeUnit.SECONDS);
		if (message == null) {
			throw new EOFException("Nothing from the server within " + WAIT_SECONDS + " s");
		}
		if (message == CLOSED) {
			this.inbox.add(CLOSED);
			throw new EOFException("Connection closed");
		}
		this.received.add((ZeoMessage) message);
		return (ZeoMessage) message;
	}

	/** Returns the next message if one arrives within the time, else {@code null}. */
	@Nullable ZeoMessage poll(long millis) throws Exception {
		Object message = this.inbox.poll(millis, TimeUnit.MILLISECONDS);
		if (message == null) {
			return null;
		}
		if (message == CLOSED) {
			this.inbox.add(CLOSED);
			throw new EOFException("Connection closed");
		}
		this.received.add((ZeoMessage) message);
		return (ZeoMessage) message;
	}

	/** Waits until the server closes the connection. */
	boolean awaitClosed() throws InterruptedException {
		return this.channel.closeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS);
	}

	@Override
	public void close() throws InterruptedException {
		this.channel.close().sync();
	}

}
