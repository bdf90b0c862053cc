package io.zkzeo.protocol;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.zkzeo.protocol.ZeoVectors.Frame;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ZeoHandshakeTests {

	private final ChannelRecorder recorder = new ChannelRecorder();

	@Test
	void serverAnnouncesItsProtocolFirst() {
		assertThat(ChannelRecorder.outbound(server(ZeoEncoding.MSGPACK)))
			.isEqualTo(ZeoVectors.frame(ZeoVectors.M5_SESSION, 0).wire());
		EmbeddedChannel pickle = new EmbeddedChannel(initializer((ch) -> ZeoPipeline.addServerHandlers(ch.pipeline(),
				ZeoProtocolOptions.defaults().withServerEncoding(ZeoEncoding.PICKLE), Map::of), new ChannelRecorder()));
		assertThat(pickle.isOpen()).isTrue();
		assertThat(ChannelRecorder.outbound(pickle)).isEqualTo(ZeoVectors.frame(ZeoVectors.Z5_SESSION, 0).wire());
	}

	@Test
	void serverAddedToAnActiveChannelAnnouncesToo() {
		EmbeddedChannel channel = new EmbeddedChannel();
		ZeoPipeline.addServerHandlers(channel.pipeline(), ZeoProtocolOptions.defaults(), Map::of);
		assertThat(ChannelRecorder.outbound(channel)).isEqualTo(ZeoVectors.hex("000000024d35"));
	}

	@Test
	void serverSwitchesToMessagesAfterTheClientsProtocolId() {
		EmbeddedChannel channel = server(ZeoEncoding.MSGPACK);
		ChannelRecorder.outbound(channel);
		channel.writeInbound(Unpooled.wrappedBuffer(ZeoVectors.frame(ZeoVectors.M5_SESSION, 1).wire(),
				ZeoVectors.frame(ZeoVectors.M5_SESSION, 2).wire()));
		assertThat(this.recorder.handshake().protocol()).isEqualTo(ProtocolId.M5);
		assertThat(this.recorder.messages).singleElement().isInstanceOfSatisfying(ZeoCall.class,
				(call) -> assertThat(call.method()).isEqualTo(ZeoMethods.REGISTER));
		assertThat(channel.pipeline().names()).contains(ZeoPipeline.MESSAGE_DECODER, ZeoPipeline.MESSAGE_ENCODER)
			.doesNotContain(ZeoPipeline.HANDSHAKE, ZeoPipeline.FRAME_ENCODER);
		assertThat(channel.isOpen()).isTrue();
	}

	@Test
	void serverSideOfEveryRecordedConnectionReplaysByteForByte() {
		for (String session : List.of(ZeoVectors.M5_SESSION, ZeoVectors.Z5_SESSION)) {
			ZeoEncoding encoding = session.equals(ZeoVectors.M5_SESSION) ? ZeoEncoding.MSGPACK : ZeoEncoding.PICKLE;
			for (int conn = 1; conn <= 3; conn++) {
				replayServerSide(session, encoding, conn);
			}
		}
	}

	private void replayServerSide(String session, ZeoEncoding encoding, int conn) {
		ChannelRecorder recorder = new ChannelRecorder();
		EmbeddedChannel channel = new EmbeddedChannel(initializer((ch) -> ZeoPipeline.addServerHandlers(ch.pipeline(),
				ZeoProtocolOptions.defaults().withServerEncoding(encoding), Map::of), recorder));
		ByteArrayOutputStream expectedOut = new ByteArrayOutputStream();
		List<Frame> frames = ZeoVectors.frames(session).stream().filter((frame) -> frame.conn() == conn).toList();
		List<Frame> clientFrames = frames.stream().filter(Frame::isClientToServer).toList();
		MessageCodec codec = encoding.newCodec();
		for (Frame frame : frames) {
			if (frame.isClientToServer()) {
				channel.writeInbound(Unpooled.wrappedBuffer(frame.wire()));
			}
			else {
				expectedOut.writeBytes(frame.wire());
				if (frame.isMessage()) {
					channel.writeOutbound(codec.decode(Unpooled.wrappedBuffer(frame.payload())));
				}
			}
		}
		String context = session + " conn" + conn;
		assertThat(ZeoVectors.hex(ChannelRecorder.outbound(channel))).as(context)
			.isEqualTo(ZeoVectors.hex(expectedOut.toByteArray()));
		assertThat(recorder.messages).as(context).hasSize(clientFrames.size() - 1);
		for (int i = 1; i < clientFrames.size(); i++) {
			ZeoMessage message = (ZeoMessage) recorder.messages.get(i - 1);
			ZeoMessage expected = codec.decode(Unpooled.wrappedBuffer(clientFrames.get(i).payload()));
			assertThat(message.toString()).as(context).isEqualTo(expected.toString());
		}
	}

	@Test
	void clientSideOfEveryRecordedConnectionReplaysByteForByte() {
		for (String session : List.of(ZeoVectors.M5_SESSION, ZeoVectors.Z5_SESSION)) {
			MessageCodec codec = (session.equals(ZeoVectors.M5_SESSION) ? ZeoEncoding.MSGPACK : ZeoEncoding.PICKLE)
				.newCodec();
			for (int conn = 1; conn <= 3; conn++) {
				int id = conn;
				ChannelRecorder recorder = new ChannelRecorder();
				EmbeddedChannel channel = new EmbeddedChannel(initializer(
						(ch) -> ZeoPipeline.addClientHandlers(ch.pipeline(), ZeoProtocolOptions.defaults()), recorder));
				ByteArrayOutputStream expectedOut = new ByteArrayOutputStream();
				int received = 0;
				for (Frame frame : ZeoVectors.frames(session).stream().filter((f) -> f.conn() == id).toList()) {
					if (frame.isClientToServer()) {
						expectedOut.writeBytes(frame.wire());
						if (frame.isMessage()) {
							channel.writeOutbound(codec.decode(Unpooled.wrappedBuffer(frame.payload())));
						}
					}
					else {
						channel.writeInbound(Unpooled.wrappedBuffer(frame.wire()));
						received += frame.isMessage() ? 1 : 0;
					}
				}
				assertThat(ZeoVectors.hex(ChannelRecorder.outbound(channel))).as(session + " conn" + conn)
					.isEqualTo(ZeoVectors.hex(expectedOut.toByteArray()));
				assertThat(recorder.messages).hasSize(received).allMatch(ZeoMessage.class::isInstance);
			}
		}
	}

	@Test
	void clientMessagesWrittenInBatchesGoOutAsTheFramesPythonWroteOneByOne() {
		for (String session : List.of(ZeoVectors.M5_SESSION, ZeoVectors.Z5_SESSION)) {
			MessageCodec codec = (session.equals(ZeoVectors.M5_SESSION) ? ZeoEncoding.MSGPACK : ZeoEncoding.PICKLE)
				.newCodec();
			int id = 1;
			EmbeddedChannel channel = new EmbeddedChannel(initializer(
					(ch) -> ZeoPipeline.addClientHandlers(ch.pipeline(), ZeoProtocolOptions.defaults()),
					new ChannelRecorder()));
			ByteArrayOutputStream expectedOut = new ByteArrayOutputStream();
			List<ZeoMessage> batch = new ArrayList<>();
			int batches = 0;
			for (Frame frame : ZeoVectors.frames(session).stream().filter((f) -> f.conn() == id).toList()) {
				if (frame.isClientToServer()) {
					expectedOut.writeBytes(frame.wire());
					if (frame.isMessage()) {
						batch.add(codec.decode(Unpooled.wrappedBuffer(frame.payload())));
					}
				}
				else {
					if (!batch.isEmpty()) {
						channel.writeOutbound(new ZeoMessageBatch(batch));
						batches += (batch.size() > 1) ? 1 : 0;
						batch.clear();
					}
					channel.writeInbound(Unpooled.wrappedBuffer(frame.wire()));
				}
			}
			channel.writeOutbound(new ZeoMessageBatch(batch));
			assertThat(batches).as("batches of several messages in " + session).isPositive();
			assertThat(ZeoVectors.hex(ChannelRecorder.outbound(channel))).as(session)
				.isEqualTo(ZeoVectors.hex(expectedOut.toByteArray()));
		}
	}

	@Test
	void serverFollowsTheLetterOfTheClient() {
		EmbeddedChannel channel = server(ZeoEncoding.MSGPACK);
		channel.writeInbound(Unpooled.wrappedBuffer(ZeoVectors.frame(ZeoVectors.Z5_SESSION, 1).wire(),
				ZeoVectors.frame(ZeoVectors.Z5_SESSION, 2).wire()));
		assertThat(this.recorder.handshake().protocol()).isEqualTo(ProtocolId.Z5);
		assertThat(this.recorder.messages).singleElement().isInstanceOf(ZeoCall.class);
	}

	@Test
	void serverClosesTheConnectionOnABadHandshake() {
		for (String payload : new String[] { "5a34", "4d", "4d36", "72756f6c", "4735" }) {
			ChannelRecorder recorder = new ChannelRecorder();
			EmbeddedChannel channel = new EmbeddedChannel(initializer((ch) -> ZeoPipeline
				.addServerHandlers(ch.pipeline(), ZeoProtocolOptions.defaults(), Map::of), recorder));
			ChannelRecorder.outbound(channel);
			channel.writeInbound(Unpooled.wrappedBuffer(frame(ZeoVectors.hex(payload))));
			assertThat(channel.isOpen()).as(payload).isFalse();
			assertThat(recorder.handshake().isSuccess()).isFalse();
			assertThat(ChannelRecorder.outbound(channel)).isEmpty();
		}
	}

	@Test
	void serverRefusesEncodingsItDoesNotAccept() {
		EmbeddedChannel channel = new EmbeddedChannel(initializer((ch) -> ZeoPipeline.addServerHandlers(ch.pipeline(),
				ZeoProtocolOptions.defaults().withAcceptedEncodings(java.util.Set.of(ZeoEncoding.MSGPACK)), Map::of),
				this.recorder));
		channel.writeInbound(Unpooled.wrappedBuffer(ZeoVectors.frame(ZeoVectors.Z5_SESSION, 1).wire()));
		assertThat(channel.isOpen()).isFalse();
	}

	@Test
	void ruokIsAnsweredWithTheJsonPythonWrites() {
		for (String session : List.of(ZeoVectors.M5_SESSION, ZeoVectors.Z5_SESSION)) {
			Frame answer = ZeoVectors.frame(session, 179);
			@SuppressWarnings("unchecked")
			Map<String, Map<String, Object>> status = (Map<String, Map<String, Object>>) ZeoVectors
				.fromJson(answer.decoded().get("json"));
			ZeoEncoding encoding = session.equals(ZeoVectors.M5_SESSION) ? ZeoEncoding.MSGPACK : ZeoEncoding.PICKLE;
			EmbeddedChannel channel = new EmbeddedChannel(initializer((ch) -> ZeoPipeline.addServerHandlers(
					ch.pipeline(), ZeoProtocolOptions.defaults().withServerEncoding(encoding), () -> status),
					new ChannelRecorder()));
			assertThat(ChannelRecorder.outbound(channel)).isEqualTo(ZeoVectors.frame(session, 177).wire());
			channel.writeInbound(Unpooled.wrappedBuffer(ZeoVectors.frame(session, 178).wire()));
			assertThat(ZeoVectors.hex(ChannelRecorder.outbound(channel))).isEqualTo(ZeoVectors.hex(answer.wire()));
			assertThat(channel.isOpen()).isFalse();
		}
	}

	@Test
	void clientAnswersWithTheServersLetter() {
		EmbeddedChannel channel = client(ZeoProtocolOptions.defaults());
		channel.writeInbound(Unpooled.wrappedBuffer(ZeoVectors.frame(ZeoVectors.Z5_SESSION, 0).wire()));
		assertThat(ChannelRecorder.outbound(channel)).isEqualTo(ZeoVectors.frame(ZeoVectors.Z5_SESSION, 1).wire());
		assertThat(this.recorder.handshake().protocol()).isEqualTo(ProtocolId.Z5);
		channel.writeOutbound(ZeoCall.sync(1, ZeoMethods.REGISTER, "1", 0));
		assertThat(ChannelRecorder.outbound(channel)).isEqualTo(ZeoVectors.frame(ZeoVectors.Z5_SESSION, 2).wire());
	}

	@Test
	void clientAcceptsLaterVersionsAsPythonDoes() {
		EmbeddedChannel channel = client(ZeoProtocolOptions.defaults());
		channel.writeInbound(Unpooled.wrappedBuffer(frame("M51".getBytes())));
		assertThat(ChannelRecorder.outbound(channel)).isEqualTo(ZeoVectors.hex("000000024d35"));
		assertThat(this.recorder.handshake().protocol()).isEqualTo(ProtocolId.M5);
	}

	@Test
	void clientRefusesOtherProtocols() {
		for (String greeting : new String[] { "Z4", "M", "Z3101", "X5", "ruok" }) {
			ChannelRecorder recorder = new ChannelRecorder();
			EmbeddedChannel channel = new EmbeddedChannel(
					initializer((ch) -> ZeoPipeline.addClientHandlers(ch.pipeline(), ZeoProtocolOptions.defaults()),
							recorder));
			channel.writeInbound(Unpooled.wrappedBuffer(frame(greeting.getBytes())));
			assertThat(channel.isOpen()).as(greeting).isFalse();
			assertThat(ChannelRecorder.outbound(channel)).as(greeting).isEmpty();
			ZeoHandshakeCompletionEvent event = recorder.handshake();
			assertThat(event.isSuccess()).isFalse();
			assertThat(event.cause()).isInstanceOf(ZeoProtocolException.class).hasMessageContaining(greeting);
		}
	}

	@Test
	void ruokProbeSendsRuokAndReturnsTheAnswer() {
		EmbeddedChannel channel = new EmbeddedChannel();
		io.netty.util.concurrent.Promise<String> result = channel.eventLoop().newPromise();
		ZeoPipeline.addRuokProbeHandlers(channel.pipeline(), ZeoProtocolOptions.defaults(), result);
		channel.writeInbound(Unpooled.wrappedBuffer(ZeoVectors.frame(ZeoVectors.M5_SESSION, 177).wire()));
		assertThat(ChannelRecorder.outbound(channel)).isEqualTo(ZeoVectors.frame(ZeoVectors.M5_SESSION, 178).wire());
		channel.writeInbound(Unpooled.wrappedBuffer(ZeoVectors.frame(ZeoVectors.M5_SESSION, 179).wire()));
		assertThat(result.getNow()).startsWith("{\"1\": {\"connections\": 0, ");
		assertThat(channel.isOpen()).isFalse();
	}

	private EmbeddedChannel server(ZeoEncoding encoding) {
		return new EmbeddedChannel(initializer((ch) -> ZeoPipeline.addServerHandlers(ch.pipeline(),
				ZeoProtocolOptions.defaults().withServerEncoding(encoding), Map::of), this.recorder));
	}

	private EmbeddedChannel client(ZeoProtocolOptions options) {
		return new EmbeddedChannel(initializer((ch) -> ZeoPipeline.addClientHandlers(ch.pipeline(), options),
				this.recorder));
	}

	private static ChannelInitializer<Channel> initializer(java.util.function.Consumer<Channel> zeo,
			ChannelRecorder recorder) {
		return new ChannelInitializer<>() {
			@Override
			protected void initChannel(Channel ch) {
				zeo.accept(ch);
				ch.pipeline().addLast(recorder);
			}
		};
	}

	static byte[] frame(byte[] payload) {
		byte[] wire = new byte[payload.length + 4];
		wire[0] = (byte) (payload.length >>> 24);
		wire[1] = (byte) (payload.length >>> 16);
		wire[2] = (byte) (payload.length >>> 8);
		wire[3] = (byte) payload.length;
		System.arraycopy(payload, 0, wire, 4, payload.length);
		return wire;
	}

}
