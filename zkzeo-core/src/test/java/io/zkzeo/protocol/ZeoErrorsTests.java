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

	/**
	 * ZEO 5.4.1's server encoding ({@code ZEO.asyncio.marshal.encoder(b'Z5', server=True)}) of the error reply
	 * {@code reduce_exception(MultipleUndoErrors([(oid 1, UndoError(reason, oid 1)), (oid 2, UndoError(reason,
	 * oid 2))]))} with message id 7, as FileStorage raises it when an undo meets later changes: the nested
	 * UndoErrors are pickled objects ({@code ZODB.POSException._recon}).
	 */
	private static final String MULTIPLE_UNDO_ERRORS_Z5 = "8003284b074b0258060000002e7265706c7958240000005a4f44422e504f53457863657074696f6e2e4d756c7469706c6555"
			+ "6e646f4572726f72737d2858070000005f726561736f6e4308000000000000000158040000005f6f6964635a4f44422e504f"
			+ "53457863657074696f6e0a5f7265636f6e0a635a4f44422e504f53457863657074696f6e0a556e646f4572726f720a7d2858"
			+ "070000005f726561736f6e582e000000536f6d6520646174612077657265206d6f6469666965642062792061206c61746572"
			+ "207472616e73616374696f6e58040000005f6f696443080000000000000001580400000061726773582e000000536f6d6520"
			+ "646174612077657265206d6f6469666965642062792061206c61746572207472616e73616374696f6e430800000000000000"
			+ "018675865258050000005f657272735d2843080000000000000001635a4f44422e504f53457863657074696f6e0a5f726563"
			+ "6f6e0a635a4f44422e504f53457863657074696f6e0a556e646f4572726f720a7d2858070000005f726561736f6e582e0000"
			+ "00536f6d6520646174612077657265206d6f6469666965642062792061206c61746572207472616e73616374696f6e580400"
			+ "00005f6f696443080000000000000001580400000061726773582e000000536f6d6520646174612077657265206d6f646966"
			+ "6965642062792061206c61746572207472616e73616374696f6e430800000000000000018675865286430800000000000000"
			+ "02635a4f44422e504f53457863657074696f6e0a5f7265636f6e0a635a4f44422e504f53457863657074696f6e0a556e646f"
			+ "4572726f720a7d2858070000005f726561736f6e582e000000536f6d6520646174612077657265206d6f6469666965642062"
			+ "792061206c61746572207472616e73616374696f6e58040000005f6f69644308000000000000000258040000006172677358"
			+ "2e000000536f6d6520646174612077657265206d6f6469666965642062792061206c61746572207472616e73616374696f6e"
			+ "430800000000000000028675865286657586742e";

	/**
	 * ZEO 5.4.1's msgpack encoding of {@code reduce_exception(MultipleUndoErrors([(oid 5, UndoError(reason,
	 * oid 5))]))} with message id 4: FileStorage's undo failing on one object.
	 */
	private static final String SINGLE_UNDO_ERROR_M5 = "940402a62e7265706c7992d9245a4f44422e504f53457863657074696f6e2e4d756c7469706c65556e646f4572726f727383"
			+ "a75f726561736f6ec4080000000000000005a45f6f696492bb5a4f44422e504f53457863657074696f6e2e556e646f457272"
			+ "6f7282a75f726561736f6ed92e536f6d6520646174612077657265206d6f6469666965642062792061206c61746572207472"
			+ "616e73616374696f6ea45f6f6964c4080000000000000005a55f657272739192c408000000000000000592bb5a4f44422e50"
			+ "4f53457863657074696f6e2e556e646f4572726f7282a75f726561736f6ed92e536f6d6520646174612077657265206d6f64"
			+ "69666965642062792061206c61746572207472616e73616374696f6ea45f6f6964c4080000000000000005";

	/** The same reply in msgpack ({@code encoder(b'M5', server=True)}): nested errors are {@code [class, __dict__]}. */
	private static final String MULTIPLE_UNDO_ERRORS_M5 = "940702a62e7265706c7992d9245a4f44422e504f53457863657074696f6e2e4d756c7469706c65556e646f4572726f727383"
			+ "a75f726561736f6ec4080000000000000001a45f6f696492bb5a4f44422e504f53457863657074696f6e2e556e646f457272"
			+ "6f7282a75f726561736f6ed92e536f6d6520646174612077657265206d6f6469666965642062792061206c61746572207472"
			+ "616e73616374696f6ea45f6f6964c4080000000000000001a55f657272739292c408000000000000000192bb5a4f44422e50"
			+ "4f53457863657074696f6e2e556e646f4572726f7282a75f726561736f6ed92e536f6d6520646174612077657265206d6f64"
			+ "69666965642062792061206c61746572207472616e73616374696f6ea45f6f6964c408000000000000000192c40800000000"
			+ "0000000292bb5a4f44422e504f53457863657074696f6e2e556e646f4572726f7282a75f726561736f6ed92e536f6d652064"
			+ "6174612077657265206d6f6469666965642062792061206c61746572207472616e73616374696f6ea45f6f6964c408000000"
			+ "0000000002";

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
	void undoErrorOfAnObjectTravelsAsPythonsFileStorageRaisesIt() {
		UndoError undo = new UndoError("Some data were modified by a later transaction", Oid.of(5));
		ZeoErrorReply reply = ZeoErrorReply.of(4L, undo);
		assertThat(reply.className()).isEqualTo(ZeoErrors.MULTIPLE_UNDO_ERRORS);
		assertThat(encode(reply)).as("ZEO 5.4.1's msgpack encoding of the same error")
			.isEqualTo(ZeoVectors.hex(SINGLE_UNDO_ERROR_M5));
		UndoError back = (UndoError) decodeError(encode(reply)).toException("1");
		assertThat(back.getOid()).isEqualTo(Oid.of(5));
		assertThat(back.getMessage()).isEqualTo(undo.getMessage());
	}

	@Test
	void undoErrorWithoutAnObjectTravelsAsItsAttributes() {
		UndoError undo = new UndoError("Invalid undo transaction id", null);
		ZeoErrorReply reply = ZeoErrorReply.of(4L, undo);
		assertThat(reply.className()).isEqualTo(ZeoErrors.UNDO_ERROR);
		Map<Object, Object> attributes = PyValues.toMap(reply.payload());
		assertThat(attributes.get("_reason")).isEqualTo("Invalid undo transaction id");
		assertThat(attributes.get("_oid")).isNull();
		UndoError back = (UndoError) decodeError(encode(reply)).toException("1");
		assertThat(back.getOid()).isNull();
		assertThat(back.getMessage()).isEqualTo(undo.getMessage());
	}

	@Test
	void multipleUndoErrorsFromThePythonServerBecomeOneUndoErrorInBothEncodings() {
		for (MessageCodec codec : new MessageCodec[] { this.pickle, this.msgpack }) {
			byte[] payload = ZeoVectors.hex((codec == this.pickle) ? MULTIPLE_UNDO_ERRORS_Z5 : MULTIPLE_UNDO_ERRORS_M5);
			ZeoErrorReply reply = (ZeoErrorReply) codec.decode(Unpooled.wrappedBuffer(payload));
			assertThat(reply.className()).isEqualTo(ZeoErrors.MULTIPLE_UNDO_ERRORS);
			RuntimeException exception = reply.toException("1");
			assertThat(exception).as(codec.toString()).isExactlyInstanceOf(UndoError.class);
			UndoError undo = (UndoError) exception;
			assertThat(undo.getOid()).isEqualTo(Oid.of(1));
			assertThat(undo.getMessage()).isEqualTo(Oid.of(1) + " Some data were modified by a later transaction; "
					+ Oid.of(2) + " Some data were modified by a later transaction");
		}
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
