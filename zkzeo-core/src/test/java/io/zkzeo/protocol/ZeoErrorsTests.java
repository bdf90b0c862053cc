package io.zkzeo.protocol;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.zkzeo.storage.ConflictError;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.POSKeyError;
import io.zkzeo.storage.ReadConflictError;
import io.zkzeo.storage.ReadOnlyError;
import io.zkzeo.storage.StorageError;
import io.zkzeo.storage.StorageTransactionError;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.UndoError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ZeoErrorsTests {

	private static final String REPLY = "a62e7265706c79";

	private final MessageCodec msgpack = ZeoEncoding.MSGPACK.newCodec();

	private final MessageCodec pickle = ZeoEncoding.PICKLE.newCodec();

	@Test
	void posKeyErrorsFromThePythonServerCarryTheOid() {
		ZeoErrorReply root = decodeError(ZeoVectors.frame(ZeoVectors.M5_SESSION, 7).payload());
		assertThat(root.className()).isEqualTo(ZeoErrors.POS_KEY_ERROR);
		assertThat(root.toException("1")).isInstanceOfSatisfying(POSKeyError.class,
				(error) -> assertThat(error.getOid()).isEqualTo(Oid.ROOT));
		ZeoErrorReply missing = decodeError(ZeoVectors.frame(ZeoVectors.M5_SESSION, 102).payload());
		assertThat(missing.toException("1")).isInstanceOfSatisfying(POSKeyError.class, (error) -> {
			assertThat(error.getOid()).isEqualTo(Oid.of(0xf1206));
			assertThat(error.getSerial()).isNull();
		});
	}

	@Test
	void posKeyErrorsEncodeAsThePythonServerDoes() {
		for (int index : new int[] { 7, 102 }) {
			byte[] expected = ZeoVectors.frame(ZeoVectors.M5_SESSION, index).payload();
			ZeoErrorReply recorded = decodeError(expected);
			POSKeyError error = new POSKeyError(PyValues.toOid(PyValues.toList(recorded.payload()).get(0)));
			assertThat(encode(ZeoErrorReply.of(recorded.msgid(), error))).as("frame %d", index).isEqualTo(expected);
		}
	}

	@Test
	void conflictErrorFromThePythonServerCarriesOidAndSerials() {
		ZeoErrorReply reply = decodeError(ZeoVectors.frame(ZeoVectors.M5_SESSION, 61).payload());
		RuntimeException exception = reply.toException("1");
		assertThat(exception).isExactlyInstanceOf(ConflictError.class);
		ConflictError conflict = (ConflictError) exception;
		assertThat(conflict.getOid()).isEqualTo(Oid.of(1));
		assertThat(conflict.getCommittedSerial()).isEqualTo(Tid.fromHex("040d3d0457c3d611"));
		assertThat(conflict.getOldSerial()).isEqualTo(Tid.fromHex("040d3d04544f0866"));
		assertThat(conflict.getMessage()).startsWith("database conflict error");
	}

	@Test
	void conflictErrorEncodesTheDictThePythonClientReads() {
		ConflictError conflict = new ConflictError(Oid.of(4), Tid.fromHex("040d3d095a6bf4bb"),
				Tid.fromHex("040d3d095a39daaa"));
		ZeoErrorReply reply = ZeoErrorReply.of(9L, conflict);
		String expected = "9409" + "02" + REPLY + "92" + str("ZODB.POSException.ConflictError") + "84" + str("message")
				+ str("database conflict error") + str("oid") + "c4080000000000000004" + str("class_name") + "c0"
				+ str("serials") + "92" + "c408040d3d095a6bf4bb" + "c408040d3d095a39daaa";
		assertThat(ZeoVectors.hex(encode(reply))).isEqualTo(expected);
		ConflictError back = (ConflictError) decodeError(encode(reply)).toException("1");
		assertThat(back.getMessage()).isEqualTo(conflict.getMessage());
	}

	@Test
	void readConflictErrorEncodesAsTheCapturedOne() {
		ReadConflictError conflict = new ReadConflictError(Oid.of(1), Tid.fromHex("040d3d099cb2b399"),
				Tid.fromHex("040d3d099bd016cc"));
		String expected = "940b02" + REPLY + "92" + "d923" + ascii("ZODB.POSException.ReadConflictError") + "84"
				+ str("message") + str("database read conflict error") + str("oid") + "c4080000000000000001"
				+ str("class_name") + "c0" + str("serials") + "92c408040d3d099cb2b399c408040d3d099bd016cc";
		byte[] encoded = encode(ZeoErrorReply.of(11L, conflict));
		assertThat(ZeoVectors.hex(encoded)).isEqualTo(expected);
		assertThat(decodeError(encoded).toException("1")).isInstanceOfSatisfying(ReadConflictError.class, (error) -> {
			assertThat(error.getOid()).isEqualTo(Oid.of(1));
			assertThat(error.getCommittedSerial()).isEqualTo(Tid.fromHex("040d3d099cb2b399"));
			assertThat(error.getOldSerial()).isEqualTo(Tid.fromHex("040d3d099bd016cc"));
		});
	}

	@Test
	void conflictErrorsTravelThroughPicklesToo() {
		ConflictError conflict = new ConflictError(Oid.of(1), Tid.of(5), Tid.of(3));
		ByteBuf out = Unpooled.buffer();
		this.pickle.encode(ZeoErrorReply.of(3L, conflict), out);
		ZeoErrorReply reply = (ZeoErrorReply) this.pickle.decode(out);
		out.release();
		ConflictError back = (ConflictError) reply.toException("1");
		assertThat(back.getOid()).isEqualTo(Oid.of(1));
		assertThat(back.getCommittedSerial()).isEqualTo(Tid.of(5));
		assertThat(back.getOldSerial()).isEqualTo(Tid.of(3));
	}

	@Test
	void readOnlyErrorEncodesAsTheCapturedOne() {
		byte[] encoded = encode(ZeoErrorReply.of(1L, new ReadOnlyError("ro")));
		assertThat(ZeoVectors.hex(encoded)).isEqualTo("940102" + REPLY + "92" + str("ZODB.POSException.ReadOnlyError") + "90");
		assertThat(decodeError(encoded).toException("ro")).isInstanceOf(ReadOnlyError.class).hasMessageContaining("ro");
	}

	@Test
	void storageTransactionErrorFromPythonKeepsItsArguments() {
		byte[] captured = ZeoVectors.hex("941902" + REPLY + "92" + "d929"
				+ ascii("ZODB.POSException.StorageTransactionError") + "92c0cd3039");
		assertThat(decodeError(captured).toException("1")).isInstanceOf(StorageTransactionError.class)
			.hasMessage("(None, 12345)");
		byte[] ours = encode(ZeoErrorReply.of(2L, new StorageTransactionError("Already voting (locked)")));
		assertThat(decodeError(ours).payload()).isEqualTo(Tuple.of("Already voting (locked)"));
		assertThat(decodeError(ours).toException("1")).isInstanceOf(StorageTransactionError.class)
			.hasMessage("Already voting (locked)");
	}

	@Test
	void unknownErrorsKeepClassAndPayloadAndReencodeUnchanged() {
		byte[] valueError = ZeoVectors.hex("940102" + REPLY + "92" + str("builtins.ValueError") + "91"
				+ str("unknown storage: nope"));
		byte[] keyError = ZeoVectors.hex("941802" + REPLY + "92" + str("builtins.KeyError") + "91c4080000000000000000");
		for (byte[] captured : new byte[][] { valueError, keyError }) {
			ZeoErrorReply reply = decodeError(captured);
			RuntimeException exception = reply.toException("1");
			assertThat(exception).isInstanceOf(ZeoServerException.class).isInstanceOf(StorageError.class);
			assertThat(((ZeoServerException) exception).getClassName()).isEqualTo(reply.className());
			assertThat(encode(ZeoErrorReply.of(reply.msgid(), exception))).isEqualTo(captured);
		}
		assertThat(decodeError(valueError).toException("1")).hasMessage("builtins.ValueError: unknown storage: nope");
	}

	@Test
	void undoErrorTravelsAsItsAttributes() {
		UndoError undo = new UndoError("Some data were modified by a later transaction", Oid.of(5));
		ZeoErrorReply reply = ZeoErrorReply.of(4L, undo);
		assertThat(reply.className()).isEqualTo(ZeoErrors.UNDO_ERROR);
		Map<Object, Object> attributes = PyValues.toMap(reply.payload());
		assertThat(attributes.get("_reason")).isEqualTo("Some data were modified by a later transaction");
		assertThat(attributes.get("_oid")).isEqualTo(Oid.of(5).toBytes());
		UndoError back = (UndoError) decodeError(encode(reply)).toException("1");
		assertThat(back.getOid()).isEqualTo(Oid.of(5));
		assertThat(back.getMessage()).isEqualTo(undo.getMessage());
	}

	@Test
	void btreesConflictBecomesAConflictError() {
		Map<Object, Object> attributes = new LinkedHashMap<>();
		attributes.put("p1", 1L);
		attributes.put("p2", 2L);
		attributes.put("p3", 3L);
		attributes.put("reason", 5L);
		assertThat(ZeoErrors.toException(ZeoErrors.BTREES_CONFLICT_ERROR, attributes, "1"))
			.isExactlyInstanceOf(ConflictError.class)
			.hasMessage("BTrees conflict error at 1/2/3: Conflicting deletes");
	}

	@Test
	void otherJavaExceptionsGetPythonNames() {
		assertThat(ZeoErrors.toRemote(new IllegalArgumentException("bad size")))
			.isEqualTo(new ZeoErrors.RemoteError(ZeoErrors.VALUE_ERROR, Tuple.of("bad size")));
		assertThat(ZeoErrors.toRemote(new StorageError("disk full")))
			.isEqualTo(new ZeoErrors.RemoteError(ZeoErrors.STORAGE_ERROR, Tuple.of("disk full")));
		assertThat(ZeoErrors.toRemote(new IllegalStateException("boom")))
			.isEqualTo(new ZeoErrors.RemoteError(ZeoErrors.EXCEPTION, Tuple.of("java.lang.IllegalStateException: boom")));
		RuntimeException disconnected = ZeoErrors.toException(ZeoErrors.CLIENT_DISCONNECTED, Tuple.of("Connection lost"),
				"1");
		assertThat(disconnected).isInstanceOf(ClientDisconnectedException.class).hasMessage("Connection lost");
	}

	@Test
	void knownClassesWithUnexpectedPayloadsAreKeptAsServerExceptions() {
		RuntimeException exception = ZeoErrors.toException(ZeoErrors.CONFLICT_ERROR, Tuple.of("odd"), "1");
		assertThat(exception).isInstanceOf(ZeoServerException.class);
		assertThat(((ZeoServerException) exception).getPayload()).isEqualTo(Tuple.of("odd"));
	}

	private ZeoErrorReply decodeError(byte[] payload) {
		return (ZeoErrorReply) this.msgpack.decode(Unpooled.wrappedBuffer(payload));
	}

	private byte[] encode(ZeoMessage message) {
		ByteBuf out = Unpooled.buffer();
		try {
			this.msgpack.encode(message, out);
			return ByteBufUtil.getBytes(out);
		}
		finally {
			out.release();
		}
	}

	/** A fixstr: header byte and ASCII text, in hex. */
	private static String str(String text) {
		assertThat(text.length()).isLessThan(32);
		return String.format("%02x", 0xa0 | text.length()) + ascii(text);
	}

	private static String ascii(String text) {
		return ZeoVectors.hex(text.getBytes(StandardCharsets.US_ASCII));
	}

}
