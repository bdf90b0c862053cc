package io.zkzeo.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.CorruptedFrameException;
import io.zkzeo.protocol.ZeoVectors.Frame;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MsgpackMessageCodecTests {

	private final MessageCodec codec = ZeoEncoding.MSGPACK.newCodec();

	@Test
	void everyVectorFrameDecodesToWhatPythonSent() {
		List<Frame> frames = ZeoVectors.messages(ZeoVectors.M5_SESSION);
		assertThat(frames).hasSize(180 - 9);
		for (Frame frame : frames) {
			MessageAssertions.assertMatches(decode(frame.payload()), frame.decoded(), frame.toString());
		}
	}

	@Test
	void everyVectorFrameReencodesToIdenticalBytes() {
		for (Frame frame : ZeoVectors.messages(ZeoVectors.M5_SESSION)) {
			ZeoMessage message = decode(frame.payload());
			assertThat(ZeoVectors.hex(encode(message))).as(frame.toString()).isEqualTo(ZeoVectors.hex(frame.payload()));
		}
	}

	@Test
	void decodedNamesMatchTheSummary() {
		Map<Integer, String> names = ZeoVectors.summaryNames(ZeoVectors.M5_SUMMARY);
		for (Frame frame : ZeoVectors.messages(ZeoVectors.M5_SESSION)) {
			ZeoMessage message = decode(frame.payload());
			String name = (message instanceof ZeoCall call) ? call.method() : ZeoMessage.REPLY;
			assertThat(name).as(frame.toString()).isEqualTo(names.get(frame.index()));
		}
	}

	@Test
	void decodingDirectBuffersGivesTheSameMessages() {
		for (Frame frame : ZeoVectors.messages(ZeoVectors.M5_SESSION)) {
			ByteBuf direct = Unpooled.directBuffer(frame.payload().length);
			try {
				direct.writeBytes(frame.payload());
				ZeoMessage message = this.codec.decode(direct);
				assertThat(direct.isReadable()).isFalse();
				MessageAssertions.assertMatches(message, frame.decoded(), frame.toString());
			}
			finally {
				direct.release();
			}
		}
	}

	@Test
	void decodedValuesHavePythonTypes() {
		ZeoCall register = (ZeoCall) decode(ZeoVectors.frame(ZeoVectors.M5_SESSION, 2).payload());
		assertThat(register.msgid()).isEqualTo(1L);
		assertThat(register.async()).isFalse();
		assertThat(register.strArg(0)).isEqualTo("1");
		assertThat(register.arg(1)).isEqualTo(0L);
		assertThat(register.booleanArg(1)).isFalse();
		ZeoCall begin = (ZeoCall) decode(ZeoVectors.frame(ZeoVectors.M5_SESSION, 8).payload());
		assertThat(begin.async()).isTrue();
		assertThat(begin.longArg(0)).isEqualTo(140324814860304L);
		assertThat(begin.bytesArg(1)).isEmpty();
		assertThat(new String(begin.bytesArg(2))).isEqualTo("initial database creation");
		assertThat(begin.mapArg(3)).isEmpty();
		assertThat(begin.arg(4)).isNull();
		assertThat(begin.strArg(5)).isEqualTo(" ");
		ZeoCall aborter = (ZeoCall) decode(ZeoVectors.frame(ZeoVectors.M5_SESSION, 77).payload());
		assertThat(aborter.arg(1)).isEqualTo("aborter");
		assertThat(aborter.bytesOrStrArg(1)).isEqualTo("aborter".getBytes());
		ZeoReply history = (ZeoReply) decode(ZeoVectors.frame(ZeoVectors.M5_SESSION, 94).payload());
		Map<Object, Object> first = PyValues.toMap(history.listValue().get(0));
		assertThat(first.get("time")).isInstanceOf(Double.class);
		assertThat(PyValues.toTid(first.get("tid"))).isEqualTo(Tid.fromHex("040d3d0457c3d611"));
		assertThat(history.value()).isInstanceOf(Tuple.class);
	}

	@Test
	void typedAccessorsReadOidsAndTids() {
		ZeoCall load = (ZeoCall) decode(ZeoVectors.frame(ZeoVectors.M5_SESSION, 101).payload());
		assertThat(load.method()).isEqualTo(ZeoMethods.LOAD_BEFORE);
		assertThat(load.oidArg(0)).isEqualTo(Oid.of(0xf1206));
		assertThat(load.tidArg(1)).isEqualTo(Tid.MAX);
		assertThat(load.msgid()).isInstanceOf(Tuple.class);
		ZeoReply finish = (ZeoReply) decode(ZeoVectors.frame(ZeoVectors.M5_SESSION, 14).payload());
		assertThat(finish.msgidAsLong()).isEqualTo(4);
		assertThat(finish.tidValue()).isEqualTo(Tid.fromHex("040d3d044d5dfbee"));
		assertThatExceptionOfType(ZeoProtocolException.class).isThrownBy(() -> load.strArg(0))
			.withMessageContaining("Argument 0 of loadBefore");
		assertThatExceptionOfType(ZeoProtocolException.class).isThrownBy(() -> load.arg(2))
			.withMessageContaining("loadBefore");
	}

	@Test
	void callsBuiltInJavaEncodeAsPythonDoes() {
		assertThat(ZeoVectors.hex(encode(ZeoCall.sync(1, ZeoMethods.REGISTER, "1", 0))))
			.isEqualTo("9401c2a8726567697374657292a13100");
		assertThat(ZeoVectors.hex(encode(new ZeoReply(1L, Tid.ZERO))))
			.isEqualTo("940100a62e7265706c79c4080000000000000000");
		assertThat(ZeoVectors.hex(encode(ZeoCall.sync(2, ZeoMethods.GET_INFO)))).isEqualTo("9402c2a86765745f696e666f90");
		assertThat(ZeoVectors.hex(encode(ZeoCall.async(ZeoMethods.SET_CLIENT_LABEL, "clientA"))))
			.isEqualTo("9400c3b07365745f636c69656e745f6c6162656c91a7636c69656e7441");
		assertThat(ZeoVectors.hex(encode(ZeoReply.heartbeat()))).isEqualTo("94ff00a62e7265706c79c0");
		Frame invalidation = ZeoVectors.frame(ZeoVectors.M5_SESSION, 47);
		ZeoCall built = ZeoCall.async(ZeoMethods.INVALIDATE_TRANSACTION, Tid.fromHex("040d3d04544f0866"),
				List.of(Oid.of(1)));
		assertThat(encode(built)).isEqualTo(invalidation.payload());
	}

	@Test
	void heartbeatIsRecognised() {
		ZeoMessage message = decode(ZeoVectors.hex("94ff00a62e7265706c79c0"));
		assertThat(message).isInstanceOf(ZeoReply.class);
		assertThat(((ZeoReply) message).isHeartbeat()).isTrue();
		assertThat(new ZeoReply(1L, null).isHeartbeat()).isFalse();
	}

	@Test
	void integersUseTheSmallestForm() {
		long[] values = { 0, 127, 128, 255, 256, 65535, 65536, 4294967295L, 4294967296L, Long.MAX_VALUE, -1, -32, -33,
				-128, -129, -32768, -32769, Integer.MIN_VALUE, Integer.MIN_VALUE - 1L, Long.MIN_VALUE };
		String[] expected = { "00", "7f", "cc80", "ccff", "cd0100", "cdffff", "ce00010000", "ceffffffff",
				"cf0000000100000000", "cf7fffffffffffffff", "ff", "e0", "d0df", "d080", "d1ff7f", "d18000", "d2ffff7fff",
				"d280000000", "d3ffffffff7fffffff", "d38000000000000000" };
		for (int i = 0; i < values.length; i++) {
			byte[] payload = encode(new ZeoReply(1L, values[i]));
			String hex = ZeoVectors.hex(payload);
			assertThat(hex.substring(hex.indexOf("2e7265706c79") + 12)).as("%d", values[i]).isEqualTo(expected[i]);
			assertThat(((ZeoReply) decode(payload)).value()).isEqualTo(values[i]);
		}
		byte[] big = encode(new ZeoReply(1L, new java.math.BigInteger("18446744073709551615")));
		assertThat(ZeoVectors.hex(big)).endsWith("cfffffffffffffffff");
		assertThat(((ZeoReply) decode(big)).value()).isEqualTo(new java.math.BigInteger("18446744073709551615"));
	}

	@Test
	void stringsAndBinariesUseTheirLengthForms() {
		Random random = new Random(42);
		for (int length : new int[] { 0, 31, 32, 255, 256, 511, 512, 513, 8191, 8192, 65535, 65536, 1_000_000 }) {
			byte[] data = new byte[length];
			random.nextBytes(data);
			String text = "é".repeat(length / 2) + "x".repeat(length % 2);
			ZeoReply reply = new ZeoReply(7L, Tuple.of(data, text));
			byte[] payload = encode(reply);
			ZeoReply decoded = (ZeoReply) decode(payload);
			assertThat(decoded.listValue().get(0)).as("bytes of %d", length).isEqualTo(data);
			assertThat(decoded.listValue().get(1)).as("str of %d", length).isEqualTo(text);
		}
		assertThat(ZeoVectors.hex(encode(new ZeoReply(1L, "a".repeat(32))))).contains("d920");
		assertThat(ZeoVectors.hex(encode(new ZeoReply(1L, new byte[256])))).contains("c50100");
	}

	@Test
	void mapsKeepTheirOrder() {
		Map<Object, Object> map = new LinkedHashMap<>();
		map.put("z", 1L);
		map.put("a", 2.5);
		map.put("m".getBytes(), true);
		ZeoReply decoded = (ZeoReply) decode(encode(new ZeoReply(3L, map)));
		assertThat(decoded.mapValue().keySet()).extracting(PyValues::repr).containsExactly("'z'", "'a'", "b'6d'");
	}

	@Test
	void malformedPayloadsAreRefused() {
		String[] bad = { "", "c0", "93010203", "9401c2a8726567697374657292a1310000", "9401c2a872656769737465729100c1",
"9401c2a4766f7465dd7fffffff", "9401c2a4766f7465c5ffff00",
				"9401c281010290a4766f746590", "9401c2a4766f7465d40100", "94c001a6" + "2e7265706c79" + "c0",
				"940102a62e7265706c79c0", "9401c2a2c328c0" };
		for (String hex : bad) {
			assertThatExceptionOfType(CorruptedFrameException.class).as(hex)
				.isThrownBy(() -> decode(ZeoVectors.hex(hex)));
		}
	}

	@Test
	void codecIsReusableAfterAFailure() {
		assertThatExceptionOfType(CorruptedFrameException.class).isThrownBy(() -> decode(ZeoVectors.hex("9401c2a2")));
		assertThatExceptionOfType(ZeoProtocolException.class)
			.isThrownBy(() -> encode(new ZeoReply(1L, Tuple.of("x", new Object()))));
		byte[] payload = ZeoVectors.frame(ZeoVectors.M5_SESSION, 2).payload();
		assertThat(encode(decode(payload))).isEqualTo(payload);
	}

	@Test
	void unencodableValuesFailWithTheirType() {
		assertThatExceptionOfType(ZeoProtocolException.class)
			.isThrownBy(() -> encode(ZeoCall.sync(1, "x", new StringBuilder())))
			.withMessageContaining("java.lang.StringBuilder");
		ByteBuf out = Unpooled.buffer();
		assertThatExceptionOfType(ZeoProtocolException.class)
			.isThrownBy(() -> this.codec.encode(ZeoCall.sync(1, "x", new java.math.BigInteger("1").shiftLeft(70)), out));
	}

	private ZeoMessage decode(byte[] payload) {
		return this.codec.decode(Unpooled.wrappedBuffer(payload));
	}

	private byte[] encode(ZeoMessage message) {
		ByteBuf out = Unpooled.buffer();
		try {
			this.codec.encode(message, out);
			return ByteBufUtil.getBytes(out);
		}
		finally {
			out.release();
		}
	}

}
