package io.zkzeo.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.CorruptedFrameException;
import io.zkzeo.protocol.ZeoVectors.Frame;
import io.zkzeo.storage.ConflictError;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.POSKeyError;
import io.zkzeo.storage.Tid;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PickleMessageCodecTests {

	private final MessageCodec codec = ZeoEncoding.PICKLE.newCodec();

	@Test
	void everyVectorFrameReencodesToIdenticalBytes() {
		List<Frame> frames = ZeoVectors.messages(ZeoVectors.Z5_SESSION);
		assertThat(frames).hasSize(180 - 9);
		for (Frame frame : frames) {
			ZeoMessage message = decode(frame.payload());
			assertThat(ZeoVectors.hex(encode(message))).as(frame.toString()).isEqualTo(ZeoVectors.hex(frame.payload()));
		}
	}

	@Test
	void everyVectorFrameHasTheNameTheSummaryLists() {
		Map<Integer, String> names = ZeoVectors.summaryNames(ZeoVectors.Z5_SUMMARY);
		for (Frame frame : ZeoVectors.messages(ZeoVectors.Z5_SESSION)) {
			ZeoMessage message = decode(frame.payload());
			String name = (message instanceof ZeoCall call) ? call.method() : ZeoMessage.REPLY;
			assertThat(name).as(frame.toString()).isEqualTo(names.get(frame.index()));
		}
	}

	@Test
	void picklesDecodeToTheSameShapesAsMsgpack() {
		List<Frame> pickled = ZeoVectors.messages(ZeoVectors.Z5_SESSION);
		List<Frame> packed = ZeoVectors.messages(ZeoVectors.M5_SESSION);
		MessageCodec msgpack = ZeoEncoding.MSGPACK.newCodec();
		for (int i = 0; i < pickled.size(); i++) {
			ZeoMessage fromPickle = decode(pickled.get(i).payload());
			ZeoMessage fromMsgpack = msgpack.decode(Unpooled.wrappedBuffer(packed.get(i).payload()));
			assertThat(shape(fromPickle)).as(pickled.get(i).toString()).isEqualTo(shape(fromMsgpack));
		}
	}

	@Test
	void decodedValuesHavePythonTypes() {
		ZeoCall register = (ZeoCall) decode(ZeoVectors.frame(ZeoVectors.Z5_SESSION, 2).payload());
		assertThat(register.msgid()).isEqualTo(1L);
		assertThat(register.async()).isFalse();
		assertThat(register.args()).isInstanceOf(Tuple.class).containsExactly("1", 0L);
		ZeoCall begin = (ZeoCall) decode(ZeoVectors.frame(ZeoVectors.Z5_SESSION, 23).payload());
		assertThat(begin.longArg(0)).isEqualTo(139631457665424L);
		assertThat(begin.bytesArg(1)).isEqualTo("/ alice".getBytes());
		assertThat(begin.mapArg(3)).containsEntry("app", "capture");
		ZeoReply vote = (ZeoReply) decode(ZeoVectors.frame(ZeoVectors.Z5_SESSION, 108).payload());
		assertThat(vote.value()).isInstanceOf(ArrayList.class);
		assertThat(PyValues.toOid(vote.listValue().get(0))).isEqualTo(Oid.of(2));
		ZeoReply info = (ZeoReply) decode(ZeoVectors.frame(ZeoVectors.Z5_SESSION, 5).payload());
		assertThat(info.mapValue().get("interfaces")).isInstanceOf(Tuple.class);
		ZeoCall load = (ZeoCall) decode(ZeoVectors.frame(ZeoVectors.Z5_SESSION, 101).payload());
		assertThat(load.msgid()).isInstanceOf(Tuple.class);
		assertThat(load.tidArg(1)).isEqualTo(Tid.MAX);
	}

	@Test
	void errorRepliesDecodeToStorageExceptions() {
		ZeoErrorReply missing = (ZeoErrorReply) decode(ZeoVectors.frame(ZeoVectors.Z5_SESSION, 102).payload());
		assertThat(missing.toException("1")).isInstanceOfSatisfying(POSKeyError.class,
				(error) -> assertThat(error.getOid()).isEqualTo(Oid.of(0xf1206)));
		ZeoErrorReply conflict = (ZeoErrorReply) decode(ZeoVectors.frame(ZeoVectors.Z5_SESSION, 61).payload());
		assertThat(conflict.toException("1")).isInstanceOfSatisfying(ConflictError.class, (error) -> {
			assertThat(error.getOid()).isEqualTo(Oid.of(1));
			assertThat(error.getCommittedSerial()).isEqualTo(Tid.fromHex("040d3d047c431155"));
			assertThat(error.getOldSerial()).isEqualTo(Tid.fromHex("040d3d0478cbd588"));
		});
	}

	@Test
	void javaMessagesPickleAsPythonDoes() {
		assertThat(ZeoVectors.hex(encode(ZeoCall.sync(1, ZeoMethods.REGISTER, "1", 0))))
			.isEqualTo("8003284b0189580800000072656769737465725801000000314b0086742e");
		assertThat(ZeoVectors.hex(encode(new ZeoReply(3L, List.of())))).isEqualTo("8003284b034b0058060000002e7265706c795d742e");
		assertThat(ZeoVectors.hex(encode(ZeoCall.sync(2, ZeoMethods.GET_INFO))))
			.isEqualTo("8003284b028958080000006765745f696e666f29742e");
		assertThat(ZeoVectors.hex(encode(ZeoReply.heartbeat()))).isEqualTo("800328" + "4affffffff" + "4b00"
				+ "58060000002e7265706c79" + "4e742e");
	}

	@Test
	void integersUseTheOpcodesOfPython() {
		long[] values = { 0, 255, 256, 65535, 65536, Integer.MAX_VALUE, -1, Integer.MIN_VALUE, 1L << 31, -(1L << 31) - 1,
				139731705019536L, Long.MAX_VALUE, Long.MIN_VALUE, -(1L << 40) };
		String[] expected = { "4b00", "4bff", "4d0001", "4dffff", "4a00000100", "4affffff7f", "4affffffff", "4a00000080",
				"8a050000008000", "8a05ffffff7fff", "8a06903ca4d2157f", "8a08ffffffffffffff7f", "8a080000000000000080",
				"8a060000000000ff" };
		for (int i = 0; i < values.length; i++) {
			String hex = ZeoVectors.hex(encode(new ZeoReply(1L, values[i])));
			assertThat(hex.substring(hex.indexOf("2e7265706c79") + 12)).as("%d", values[i]).isEqualTo(expected[i] + "742e");
			assertThat(((ZeoReply) decode(ZeoVectors.hex(hex))).value()).isEqualTo(values[i]);
		}
	}

	@Test
	void listsAndDictsAreBatchedByAThousand() {
		List<Long> items = new ArrayList<>();
		Map<Object, Object> dict = new LinkedHashMap<>();
		for (long i = 0; i < 2001; i++) {
			items.add(i % 100);
			dict.put("k" + i, i % 100);
		}
		byte[] list = encode(new ZeoReply(1L, items));
		byte[] map = encode(new ZeoReply(1L, dict));
		// SHA-1 of Python's pickle of (1, 0, '.reply', value) with protocol 3 and fast = 1
		assertThat(sha1(list)).isEqualTo("9b2e8643a46f9a9e10edd164e3bc5a5cf8707c0c");
		assertThat(sha1(map)).isEqualTo("55bb393539b09451d2516c0d6b240317d29f6c49");
		assertThat(((ZeoReply) decode(list)).listValue()).isEqualTo(items);
		assertThat(((ZeoReply) decode(map)).mapValue()).isEqualTo(dict);
	}

	@Test
	void memoizedPicklesAreRead() {
		// pickle.dumps((1, False, 'ping', ()), 3), not in fast mode: BINPUT after the str and the tuple
		ZeoMessage message = decode(ZeoVectors.hex("8003284b0189580400000070696e677100297471012e"));
		assertThat(message).isInstanceOfSatisfying(ZeoCall.class, (call) -> {
			assertThat(call.method()).isEqualTo("ping");
			assertThat(call.args()).isEmpty();
		});
		ZeoMessage shared = decode(ZeoVectors.hex("80032843" + "02" + "6869" + "7100" + "4b00" + "58060000002e7265706c79"
				+ "6800" + "742e"));
		assertThat(((ZeoReply) shared).value()).isEqualTo("hi".getBytes());
	}

	@Test
	void globalsAndUnknownOpcodesAreRefused() {
		String[] bad = { "", "80", "8003284b01895804000000" + "70696e67" + "29742e00",
				"8003" + "63" + "6f730a73797374656d0a" + "2e", "8003284b0189" + "58ffffffff" + "742e", "8003" + "52" + "2e",
				"8003" + "74" + "2e", "8003" + "4b01" + "2e", "8003" + "5d" + "61" + "2e" };
		for (String hex : bad) {
			assertThatExceptionOfType(CorruptedFrameException.class).as(hex)
				.isThrownBy(() -> decode(ZeoVectors.hex(hex)));
		}
		assertThatExceptionOfType(CorruptedFrameException.class)
			.isThrownBy(() -> decode(ZeoVectors.hex("8003" + "63" + "6f730a73797374656d0a" + "2e")))
			.withMessageContaining("os.system");
	}

	/**
	 * A Python server pickles the exceptions nested in an error's attributes ({@code MultipleUndoErrors._errs});
	 * each becomes the {@code (class, __dict__ or args)} pair msgpack carries, built from {@code _recon(class,
	 * state)} (state without {@code args}) or from {@code class(*args)} with its {@code BUILD} state.
	 */
	@Test
	void exceptionsInsideErrorsBecomeTheirClassAndAttributes() {
		String undoError = "63" + line("ZODB.POSException") + line("_recon") + "63" + line("ZODB.POSException")
				+ line("UndoError") + "7d" + "71" + "00" + "28" + str("_reason") + str("why") + str("_oid") + "4308"
				+ "0000000000000003" + str("args") + str("why") + "85" + "75" + "86" + "52";
		String valueError = "63" + line("builtins") + line("ValueError") + str("bad") + "85" + "52";
		String keyError = "63" + line("builtins") + line("KeyError") + str("k") + "85" + "52" + "7d" + str("note")
				+ "4b05" + "73" + "62";
		ZeoMessage message = decode(ZeoVectors.hex("8003" + "28" + "4b07" + "4b02" + str(".reply") + "28"
				+ str("x.Error") + "5d" + "28" + undoError + valueError + keyError + "68" + "00" + "65" + "74" + "74" + "2e"));
		ZeoErrorReply error = (ZeoErrorReply) message;
		List<?> nested = (List<?>) error.payload();
		assertThat(nested).hasSize(4);
		Tuple first = (Tuple) nested.get(0);
		assertThat(first.get(0)).isEqualTo("ZODB.POSException.UndoError");
		Map<Object, Object> attributes = PyValues.toMap(first.get(1));
		assertThat(List.copyOf(attributes.keySet())).isEqualTo(List.of("_reason", "_oid"));
		assertThat(attributes.get("_reason")).isEqualTo("why");
		assertThat(PyValues.toOid(attributes.get("_oid"))).isEqualTo(Oid.of(3));
		assertThat(nested.get(1)).isEqualTo(Tuple.of("builtins.ValueError", Tuple.of("bad")));
		assertThat(nested.get(2)).isEqualTo(Tuple.of("builtins.KeyError", Map.of("note", 5L)));
		assertThat(List.copyOf(((Map<?, ?>) nested.get(3)).keySet())).as("the memo keeps _recon's state as it was")
			.isEqualTo(List.of("_reason", "_oid", "args"));
	}

	@Test
	void onlyExceptionsMayBeReducedAndNoGlobalIsAValue() {
		String[] bad = { "8003" + "63" + line("builtins") + line("eval") + str("1") + "85" + "52" + "2e",
				"8003" + "63" + line("builtins") + line("ValueError") + "2e",
				"8003" + "63" + line("builtins") + line("ValueError") + "5d" + "85" + "52" + "2e",
				"8003" + "63" + line("ZODB.POSException") + line("_recon") + str("x") + "7d" + "86" + "52" + "2e",
				"8003" + "63" + line("builtins") + line("ValueError") + "63" + line("builtins") + line("KeyError") + "85"
						+ "52" + "2e",
				"8003" + "7d" + "7d" + "62" + "2e",
				"8003" + "63" + line("os") + line("system") + str("ls") + "85" + "52" + "2e" };
		for (String hex : bad) {
			assertThatExceptionOfType(CorruptedFrameException.class).as(hex)
				.isThrownBy(() -> decode(ZeoVectors.hex(hex)));
		}
	}

	private static String line(String text) {
		return ZeoVectors.hex((text + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
	}

	private static String str(String text) {
		byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		return String.format("8c%02x", bytes.length) + ZeoVectors.hex(bytes);
	}

	private static String shape(ZeoMessage message) {
		if (message instanceof ZeoCall call) {
			return "call " + call.method() + " async=" + call.async() + " args=" + call.argCount() + " msgid="
					+ PyValues.typeName(call.msgid());
		}
		if (message instanceof ZeoErrorReply error) {
			return "error " + error.className() + " " + PyValues.typeName(error.payload());
		}
		return "reply msgid=" + PyValues.typeName(message.msgid()) + " "
				+ PyValues.typeName(((ZeoReply) message).value()).replace("list", "tuple");
	}

	private static String sha1(byte[] bytes) {
		try {
			return ZeoVectors.hex(java.security.MessageDigest.getInstance("SHA-1").digest(bytes));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
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
