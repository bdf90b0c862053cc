package io.zkzeo.protocol;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.zkzeo.protocol.ZeoVectors.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class ZeoFrameDecoderTests {

	private final ListAppender<ILoggingEvent> log = new ListAppender<>();

	@BeforeEach
	void captureWarnings() {
		this.log.start();
		logger(ZeoFrameDecoder.class).addAppender(this.log);
		logger(ZeoMessageDecoder.class).addAppender(this.log);
	}

	@AfterEach
	void stopCapturing() {
		logger(ZeoFrameDecoder.class).detachAppender(this.log);
		logger(ZeoMessageDecoder.class).detachAppender(this.log);
	}

	@Test
	void framesSplitAnywhereAreReassembled() {
		List<Frame> frames = ZeoVectors.frames(ZeoVectors.M5_SESSION).stream().filter((f) -> f.conn() == 1).toList();
		ByteArrayOutputStream stream = new ByteArrayOutputStream();
		frames.forEach((frame) -> stream.writeBytes(frame.wire()));
		byte[] bytes = stream.toByteArray();
		EmbeddedChannel channel = new EmbeddedChannel(new ZeoFrameDecoder());
		List<byte[]> payloads = new ArrayList<>();
		int offset = 0;
		int step = 1;
		while (offset < bytes.length) {
			int length = Math.min(step, bytes.length - offset);
			channel.writeInbound(Unpooled.wrappedBuffer(bytes, offset, length));
			offset += length;
			step = (step * 7) % 61 + 1;
			ByteBuf payload;
			while ((payload = channel.readInbound()) != null) {
				payloads.add(ByteBufUtil.getBytes(payload));
				payload.release();
			}
		}
		assertThat(payloads).hasSize(frames.size());
		for (int i = 0; i < frames.size(); i++) {
			assertThat(payloads.get(i)).isEqualTo(frames.get(i).payload());
		}
		assertThat(channel.finish()).isFalse();
	}

	@Test
	void frameAtTheLimitIsAccepted() {
		EmbeddedChannel channel = new EmbeddedChannel(new ZeoFrameDecoder(16));
		channel.writeInbound(Unpooled.wrappedBuffer(ZeoHandshakeTests.frame(new byte[16])));
		ByteBuf payload = channel.readInbound();
		assertThat(payload.readableBytes()).isEqualTo(16);
		payload.release();
		assertThat(channel.isOpen()).isTrue();
	}

	@Test
	void oversizedLengthClosesTheConnectionWithAWarning() {
		for (String header : new String[] { "00000011", "ffffffff", "80000000" }) {
			EmbeddedChannel channel = new EmbeddedChannel(new ZeoFrameDecoder(16));
			channel.writeInbound(Unpooled.wrappedBuffer(ZeoVectors.hex(header + "0102")));
			assertThat(channel.isOpen()).as(header).isFalse();
			assertThat((Object) channel.readInbound()).isNull();
		}
		assertThat(warnings()).hasSize(3).allSatisfy((message) -> assertThat(message)
			.startsWith("Closing ZEO connection from embedded: Invalid frame length").endsWith("(max 16)"));
		assertThat(warnings().get(1)).contains("4294967295");
	}

	@Test
	void framesBeforeAnOversizedOneAreDelivered() {
		EmbeddedChannel channel = new EmbeddedChannel(new ZeoFrameDecoder(16));
		channel.writeInbound(Unpooled.wrappedBuffer(ZeoVectors.hex("000000024d35" + "7fffffff" + "00")));
		ByteBuf payload = channel.readInbound();
		assertThat(ByteBufUtil.getBytes(payload)).isEqualTo("M5".getBytes());
		payload.release();
		assertThat(channel.isOpen()).isFalse();
	}

	@Test
	void malformedMessageClosesTheConnectionAfterTheMessagesBeforeIt() {
		ChannelRecorder recorder = new ChannelRecorder();
		EmbeddedChannel channel = handshakenServer(recorder);
		byte[] register = ZeoVectors.frame(ZeoVectors.M5_SESSION, 2).wire();
		byte[] getInfo = ZeoVectors.frame(ZeoVectors.M5_SESSION, 4).wire();
		channel.writeInbound(Unpooled.wrappedBuffer(register, ZeoHandshakeTests.frame(ZeoVectors.hex("9401c2a2")),
				getInfo));
		assertThat(recorder.messages).singleElement().isInstanceOfSatisfying(ZeoCall.class,
				(call) -> assertThat(call.method()).isEqualTo(ZeoMethods.REGISTER));
		assertThat(channel.isOpen()).isFalse();
		assertThat(warnings()).singleElement().satisfies((message) -> assertThat(message)
			.startsWith("Closing ZEO connection from embedded: Malformed msgpack message of 4 bytes"));
	}

	@Test
	void emptyFrameIsLegalFramingButNotAMessage() {
		EmbeddedChannel framing = new EmbeddedChannel(new ZeoFrameDecoder());
		framing.writeInbound(Unpooled.wrappedBuffer(ZeoVectors.hex("00000000")));
		ByteBuf empty = framing.readInbound();
		assertThat(empty.readableBytes()).isZero();
		empty.release();
		ChannelRecorder recorder = new ChannelRecorder();
		EmbeddedChannel channel = handshakenServer(recorder);
		channel.writeInbound(Unpooled.wrappedBuffer(ZeoVectors.hex("00000000")));
		assertThat(channel.isOpen()).isFalse();
		assertThat(recorder.messages).isEmpty();
	}

	@Test
	void otherConnectionsKeepWorkingAfterOneIsClosed() {
		ChannelRecorder good = new ChannelRecorder();
		EmbeddedChannel healthy = handshakenServer(good);
		EmbeddedChannel broken = handshakenServer(new ChannelRecorder());
		broken.writeInbound(Unpooled.wrappedBuffer(ZeoVectors.hex("ffffffff")));
		assertThat(broken.isOpen()).isFalse();
		healthy.writeInbound(Unpooled.wrappedBuffer(ZeoVectors.frame(ZeoVectors.M5_SESSION, 2).wire()));
		assertThat(healthy.isOpen()).isTrue();
		assertThat(good.messages).hasSize(1);
	}

	@Test
	void frameEncoderPrefixesTheLength() {
		EmbeddedChannel channel = new EmbeddedChannel(new ZeoFrameEncoder());
		channel.writeOutbound(Unpooled.wrappedBuffer("M5".getBytes()));
		assertThat(ChannelRecorder.outbound(channel)).isEqualTo(ZeoVectors.hex("000000024d35"));
	}

	private static EmbeddedChannel handshakenServer(ChannelRecorder recorder) {
		EmbeddedChannel channel = new EmbeddedChannel(new ChannelInitializer<Channel>() {
			@Override
			protected void initChannel(Channel ch) {
				ZeoPipeline.addServerHandlers(ch.pipeline(), ZeoProtocolOptions.defaults(), Map::of);
				ch.pipeline().addLast(recorder);
			}
		});
		channel.writeInbound(Unpooled.wrappedBuffer(ZeoVectors.hex("000000024d35")));
		ChannelRecorder.outbound(channel);
		assertThat(recorder.handshake().isSuccess()).isTrue();
		return channel;
	}

	private List<String> warnings() {
		return this.log.list.stream()
			.filter((event) -> event.getLevel() == Level.WARN)
			.map(ILoggingEvent::getFormattedMessage)
			.toList();
	}

	private static Logger logger(Class<?> type) {
		return (Logger) LoggerFactory.getLogger(type);
	}

}
