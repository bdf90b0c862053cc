package io.zkzeo.protocol;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.Promise;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.POSKeyError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The wire layer over real sockets on 127.0.0.1: a Netty server with the ZEO pipeline and a trivial handler,
 * Netty clients and raw sockets.
 */
class ZeoPipelineIntegrationTests {

	private static final int MAX_FRAME = 8 * 1024 * 1024;

	private static final long WAIT_SECONDS = 10;

	private EventLoopGroup group;

	private Channel server;

	private InetSocketAddress address;

	private final Map<String, Map<String, Object>> status = new LinkedHashMap<>();

	@BeforeEach
	void startServer() throws InterruptedException {
		Map<String, Object> storage = new LinkedHashMap<>();
		storage.put("connections", 2L);
		storage.put("lock_time", null);
		storage.put("start", "Tue Nov 24 20:52:17 2026");
		storage.put("last-transaction", "040d3d0465a23f22");
		this.status.put("1", storage);
		this.group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
		ZeoProtocolOptions options = ZeoProtocolOptions.defaults().withMaxFrameLength(MAX_FRAME);
		this.server = new ServerBootstrap().group(this.group)
			.channel(NioServerSocketChannel.class)
			.childOption(ChannelOption.TCP_NODELAY, true)
			.childHandler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel ch) {
					ZeoPipeline.addServerHandlers(ch.pipeline(), options, () -> ZeoPipelineIntegrationTests.this.status);
					ch.pipeline().addLast(new TrivialServerHandler());
				}
			})
			.bind("127.0.0.1", 0)
			.sync()
			.channel();
		this.address = (InetSocketAddress) this.server.localAddress();
	}

	@AfterEach
	void stopServer() throws InterruptedException {
		this.server.close().sync();
		this.group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
	}

	@Test
	void callsAreAnsweredOverRealSockets() throws Exception {
		try (TestClient client = connect()) {
			assertThat(client.protocol).isEqualTo(ProtocolId.M5);
			ZeoReply pong = (ZeoReply) client.call(ZeoCall.sync(1, ZeoMethods.PING));
			assertThat(pong.msgid()).isEqualTo(1L);
			assertThat(pong.value()).isNull();
			byte[] record = new byte[3 * 1024 * 1024];
			new Random(7).nextBytes(record);
			ZeoReply echo = (ZeoReply) client.call(ZeoCall.sync(2, "echo", Oid.of(9), record, "é"));
			assertThat(PyValues.toOid(echo.listValue().get(0))).isEqualTo(Oid.of(9));
			assertThat(echo.listValue().get(1)).isEqualTo(record);
			assertThat(echo.listValue().get(2)).isEqualTo("é");
			ZeoErrorReply error = (ZeoErrorReply) client.call(ZeoCall.sync(3, "fail", Oid.of(0x63)));
			assertThat(error.toException("1")).isInstanceOfSatisfying(POSKeyError.class,
					(exception) -> assertThat(exception.getOid()).isEqualTo(Oid.of(0x63)));
		}
	}

	@Test
	void oversizedFrameClosesOnlyThatConnection() throws Exception {
		try (TestClient healthy = connect(); Socket bad = rawHandshake()) {
			OutputStream out = bad.getOutputStream();
			out.write(ZeoVectors.hex("7fffffff0102030405"));
			out.flush();
			assertClosedByServer(bad);
			assertThat(((ZeoReply) healthy.call(ZeoCall.sync(1, ZeoMethods.PING))).value()).isNull();
			try (TestClient later = connect()) {
				assertThat(later.call(ZeoCall.sync(1, ZeoMethods.PING))).isInstanceOf(ZeoReply.class);
			}
		}
	}

	@Test
	void malformedMessageClosesOnlyThatConnection() throws Exception {
		try (TestClient healthy = connect(); Socket bad = rawHandshake()) {
			OutputStream out = bad.getOutputStream();
			out.write(ZeoHandshakeTests.frame(ZeoVectors.hex("9401c2c1")));
			out.flush();
			assertClosedByServer(bad);
			assertThat(((ZeoReply) healthy.call(ZeoCall.sync(5, ZeoMethods.PING))).msgid()).isEqualTo(5L);
		}
	}

	@Test
	void ruokIsAnsweredOverARawSocket() throws Exception {
		try (Socket socket = new Socket()) {
			socket.connect(this.address, 5000);
			socket.setSoTimeout(5000);
			DataInputStream in = new DataInputStream(socket.getInputStream());
			assertThat(readFrame(in)).isEqualTo("M5".getBytes());
			socket.getOutputStream().write(ZeoVectors.frame(ZeoVectors.M5_SESSION, 178).wire());
			byte[] json = readFrame(in);
			assertThat(new String(json, java.nio.charset.StandardCharsets.US_ASCII))
				.isEqualTo("{\"1\": {\"connections\": 2, \"lock_time\": null, \"start\": \"Tue Nov 24 20:52:17 2026\", "
						+ "\"last-transaction\": \"040d3d0465a23f22\"}}");
			assertClosedByServer(socket);
		}
	}

	@Test
	void ruokProbeHandlerReturnsTheStatus() throws Exception {
		Promise<String> result = this.group.next().newPromise();
		Channel channel = new Bootstrap().group(this.group)
			.channel(NioSocketChannel.class)
			.handler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel ch) {
					ZeoPipeline.addRuokProbeHandlers(ch.pipeline(), ZeoProtocolOptions.defaults(), result);
				}
			})
			.connect(this.address)
			.sync()
			.channel();
		assertThat(result.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
		assertThat(result.getNow()).isEqualTo(PythonJson.dumps(this.status));
		assertThat(channel.closeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
	}

	private TestClient connect() throws InterruptedException {
		TestClient client = new TestClient();
		client.channel = new Bootstrap().group(this.group)
			.channel(NioSocketChannel.class)
			.option(ChannelOption.TCP_NODELAY, true)
			.handler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel ch) {
					ZeoPipeline.addClientHandlers(ch.pipeline(), ZeoProtocolOptions.defaults());
					ch.pipeline().addLast(client);
				}
			})
			.connect(this.address)
			.sync()
			.channel();
		assertThat(client.ready.poll(WAIT_SECONDS, TimeUnit.SECONDS)).as("handshake").isNotNull();
		return client;
	}

	private Socket rawHandshake() throws IOException {
		Socket socket = new Socket();
		socket.connect(this.address, 5000);
		socket.setSoTimeout(5000);
		assertThat(readFrame(new DataInputStream(socket.getInputStream()))).isEqualTo("M5".getBytes());
		socket.getOutputStream().write(ZeoVectors.hex("000000024d35"));
		return socket;
	}

	private static byte[] readFrame(DataInputStream in) throws IOException {
		int length = in.readInt();
		byte[] payload = new byte[length];
		in.readFully(payload);
		return payload;
	}

	private static void assertClosedByServer(Socket socket) throws IOException {
		InputStream in = socket.getInputStream();
		try {
			assertThat(in.read()).isEqualTo(-1);
		}
		catch (SocketException ex) {
			assertThat(ex.getMessage()).containsIgnoringCase("reset");
		}
	}

	/**
	 * Answers {@code ping} with None, {@code echo} with its arguments and {@code fail} with a POSKeyError.
	 */
	private static final class TrivialServerHandler extends SimpleChannelInboundHandler<ZeoMessage> {

		@Override
		protected void channelRead0(ChannelHandlerContext ctx, ZeoMessage message) {
			if (!(message instanceof ZeoCall call) || call.async()) {
				return;
			}
			ZeoMessage answer = switch (call.method()) {
				case ZeoMethods.PING -> new ZeoReply(call.msgid(), null);
				case "echo" -> new ZeoReply(call.msgid(), call.args());
				case "fail" -> ZeoErrorReply.of(call.msgid(), new POSKeyError(call.oidArg(0)));
				default -> ZeoErrorReply.of(call.msgid(), new IllegalArgumentException("No method " + call.method()));
			};
			ctx.writeAndFlush(answer);
		}

	}

	/**
	 * A client connection that waits for the handshake and then for one reply per call.
	 */
	private static final class TestClient extends SimpleChannelInboundHandler<ZeoMessage> implements AutoCloseable {

		final BlockingQueue<ProtocolId> ready = new LinkedBlockingQueue<>();

		final BlockingQueue<ZeoMessage> replies = new LinkedBlockingQueue<>();

		volatile ProtocolId protocol;

		Channel channel;

		@Override
		public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
			if (event instanceof ZeoHandshakeCompletionEvent completion && completion.isSuccess()) {
				this.protocol = completion.protocol();
				this.ready.add(completion.protocol());
			}
		}

		@Override
		protected void channelRead0(ChannelHandlerContext ctx, ZeoMessage message) {
			this.replies.add(message);
		}

		ZeoMessage call(ZeoCall call) throws Exception {
			this.channel.writeAndFlush(call).sync();
			ZeoMessage reply = this.replies.poll(WAIT_SECONDS, TimeUnit.SECONDS);
			if (reply == null) {
				throw new EOFException("No reply to " + call.method());
			}
			assertThat(reply.msgid()).isEqualTo(call.msgid());
			return reply;
		}

		@Override
		public void close() throws InterruptedException {
			this.channel.close().sync();
		}

	}

	@Test
	void unencodableMessageFailsItsWriteAndTheConnectionGoesOn() throws Exception {
		try (TestClient client = connect()) {
			assertThatExceptionOfType(Exception.class)
				.isThrownBy(() -> client.channel.writeAndFlush(ZeoCall.sync(1, "echo", new Object())).sync())
				.satisfies((ex) -> assertThat(ex).hasRootCauseInstanceOf(ZeoProtocolException.class));
			assertThat(client.call(ZeoCall.sync(2, ZeoMethods.PING))).isInstanceOf(ZeoReply.class);
		}
	}

}
