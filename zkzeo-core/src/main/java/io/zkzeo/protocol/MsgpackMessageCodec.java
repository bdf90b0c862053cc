package io.zkzeo.protocol;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.CodingErrorAction;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import org.jspecify.annotations.Nullable;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.core.buffer.ArrayBufferInput;
import org.msgpack.value.ValueType;

/**
 * The "M5" codec: ZEO messages as msgpack, with exactly the type mapping of Python's
 * {@code msgpack.packb(use_bin_type=True)} and {@code unpackb(raw=False, use_list=False)}: bytes as bin, str as str
 * (str8 included), every sequence as an array (decoded as {@link Tuple}), integers in their smallest form, floats as
 * float64, {@code None} as nil. Map keys must be str or bin, as msgpack 1.x's {@code strict_map_key} requires.
 */
final class MsgpackMessageCodec implements MessageCodec {

	private static final int MAX_DEPTH = 512;

	private static final int MAX_RETAINED_FRAME_BUFFER = 1 << 20;

	private static final MessagePack.PackerConfig PACKER_CONFIG = new MessagePack.PackerConfig()
		.withStr8FormatSupport(true)
		.withBufferSize(ByteBufOutput.STAGING_SIZE)
		.withBufferFlushThreshold(512);

	private static final MessagePack.UnpackerConfig UNPACKER_CONFIG = new MessagePack.UnpackerConfig()
		.withActionOnMalformedString(CodingErrorAction.REPORT)
		.withActionOnUnmappableString(CodingErrorAction.REPORT);

	private static final byte[] NO_BYTES = new byte[0];

	private final ByteBufOutput output = new ByteBufOutput();

	private MessagePacker packer = PACKER_CONFIG.newPacker(this.output);

	private final byte[] scratch8 = new byte[8];

	private final ArrayBufferInput arrayInput = new ArrayBufferInput(NO_BYTES);

	private final MessageUnpacker unpacker = UNPACKER_CONFIG.newUnpacker(NO_BYTES);

	private final Utf8 utf8 = new Utf8();

	private byte[] stringScratch = new byte[256];

	private byte[] frameScratch = NO_BYTES;

	private long frameLength;

	@Override
	public ZeoEncoding encoding() {
		return ZeoEncoding.MSGPACK;
	}

	@Override
	public ZeoMessage decode(ByteBuf payload) {
		int length = payload.readableBytes();
		this.frameLength = length;
		try {
			if (payload.hasArray()) {
				this.arrayInput.reset(payload.array(), payload.arrayOffset() + payload.readerIndex(), length);
			}
			else {
				// msgpack-core cannot read direct buffers on Java 17 without opening JDK internals: copy once.
				byte[] copy = frameBuffer(length);
				payload.getBytes(payload.readerIndex(), copy, 0, length);
				this.arrayInput.reset(copy, 0, length);
			}
			this.unpacker.reset(this.arrayInput);
			ZeoMessage message = readMessage();
			payload.skipBytes(length);
			return message;
		}
		catch (IOException | MessagePackException | CorruptedFrameException ex) {
			throw new CorruptedFrameException("Malformed msgpack message of " + length + " bytes: " + ex.getMessage(),
					ex);
		}
		finally {
			this.arrayInput.reset(NO_BYTES);
		}
	}

	private ZeoMessage readMessage() throws IOException {
		if (this.unpacker.getNextFormat().getValueType() != ValueType.ARRAY) {
			throw new CorruptedFrameException("A ZEO message is an array, not " + this.unpacker.getNextFormat());
		}
		int size = this.unpacker.unpackArrayHeader();
		if (size != 4) {
			throw new CorruptedFrameException("A ZEO message is an array of 4 items, not " + size);
		}
		Object msgid = readValue(1);
		Object flags = readValue(1);
		Object name = readValue(1);
		Object body = readValue(1);
		if (this.unpacker.hasNext()) {
			throw new CorruptedFrameException(
					"Extra data after a ZEO message: " + (this.frameLength - this.unpacker.getTotalReadBytes()) + " bytes");
		}
		return MessageParts.toMessage(msgid, flags, name, body);
	}

	private @Nullable Object readValue(int depth) throws IOException {
		if (depth > MAX_DEPTH) {
			throw new CorruptedFrameException("Message nested deeper than " + MAX_DEPTH + " levels");
		}
		MessageUnpacker in = this.unpacker;
		MessageFormat format = in.getNextFormat();
		if (format == MessageFormat.NEVER_USED) {
			throw new CorruptedFrameException("Invalid msgpack type byte 0xc1");
		}
		switch (format.getValueType()) {
			case NIL -> {
				in.unpackNil();
				return null;
			}
			case BOOLEAN -> {
				return in.unpackBoolean();
			}
			case INTEGER -> {
				if (format == MessageFormat.UINT64) {
					BigInteger value = in.unpackBigInteger();
					return (value.bitLength() < 64) ? (Object) value.longValue() : value;
				}
				return in.unpackLong();
			}
			case FLOAT -> {
				return in.unpackDouble();
			}
			case STRING -> {
				int length = checkLength(in.unpackRawStringHeader(), 1, "str");
				byte[] bytes = stringBuffer(length);
				in.readPayload(bytes, 0, length);
				return this.utf8.decode(bytes, 0, length);
			}
			case BINARY -> {
				int length = checkLength(in.unpackBinaryHeader(), 1, "bytes");
				return in.readPayload(length);
			}
			case ARRAY -> {
				int size = checkLength(in.unpackArrayHeader(), 1, "array");
				Object[] items = new Object[size];
				for (int i = 0; i < size; i++) {
					items[i] = readValue(depth + 1);
				}
				return Tuple.of(items);
			}
			case MAP -> {
				int size = checkLength(in.unpackMapHeader(), 2, "map");
				Map<Object, @Nullable Object> map = new LinkedHashMap<>(Math.max(4, size * 4 / 3 + 1));
				for (int i = 0; i < size; i++) {
					Object key = readValue(depth + 1);
					if (!(key instanceof String) && !(key instanceof byte[])) {
						throw new CorruptedFrameException("Map keys must be str or bytes, not " + PyValues.typeName(key));
					}
					map.put(key, readValue(depth + 1));
				}
				return map;
			}
			default -> throw new CorruptedFrameException("Unsupported msgpack type " + format);
		}
	}

	private int checkLength(int length, int minimumItemSize, String what) {
		long remaining = this.frameLength - this.unpacker.getTotalReadBytes();
		if (length < 0 || (long) length * minimumItemSize > remaining) {
			throw new CorruptedFrameException(
					"Invalid " + what + " length " + Integer.toUnsignedString(length) + " (" + remaining + " bytes left)");
		}
		return length;
	}

	private byte[] frameBuffer(int length) {
		if (this.frameScratch.length < length) {
			if (length > MAX_RETAINED_FRAME_BUFFER) {
				return new byte[length];
			}
			this.frameScratch = new byte[Math.max(length, Math.min(MAX_RETAINED_FRAME_BUFFER, 2 * this.frameScratch.length))];
		}
		return this.frameScratch;
	}

	private byte[] stringBuffer(int length) {
		if (this.stringScratch.length < length) {
			if (length > 65536) {
				return new byte[length];
			}
			this.stringScratch = new byte[Math.max(length, this.stringScratch.length * 2)];
		}
		return this.stringScratch;
	}

	@Override
	public void encode(ZeoMessage message, ByteBuf out) {
		this.output.target(out);
		boolean done = false;
		try {
			MessagePacker pack = this.packer;
			pack.packArrayHeader(4);
			packValue(message.msgid(), 1);
			if (message instanceof ZeoCall call) {
				pack.packBoolean(call.async());
				packString(call.method());
				List<@Nullable Object> args = call.args();
				pack.packArrayHeader(args.size());
				packItems(args, 1);
			}
			else if (message instanceof ZeoReply reply) {
				pack.packInt(0);
				packString(ZeoMessage.REPLY);
				packValue(reply.value(), 1);
			}
			else if (message instanceof ZeoErrorReply error) {
				pack.packInt(2);
				packString(ZeoMessage.REPLY);
				pack.packArrayHeader(2);
				packString(error.className());
				packValue(error.payload(), 1);
			}
			pack.flush();
			done = true;
		}
		catch (IOException | MessagePackException ex) {
			throw new ZeoProtocolException("Cannot encode " + message + ": " + ex.getMessage(), ex);
		}
		finally {
			this.output.target(null);
			if (!done) {
				this.packer = PACKER_CONFIG.newPacker(this.output);
			}
		}
	}

	private void packString(String string) throws IOException {
		byte[] known = KnownStrings.utf8(string);
		if (known != null) {
			this.packer.packRawStringHeader(known.length);
			this.packer.writePayload(known);
		}
		else {
			this.packer.packString(string);
		}
	}

	private void packItems(List<@Nullable Object> items, int depth) throws IOException {
		if (items instanceof RandomAccess) {
			for (int i = 0, size = items.size(); i < size; i++) {
				packValue(items.get(i), depth + 1);
			}
		}
		else {
			for (Object item : items) {
				packValue(item, depth + 1);
			}
		}
	}

	private void packValue(@Nullable Object value, int depth) throws IOException {
		if (depth > MAX_DEPTH) {
			throw new ZeoProtocolException("Value nested deeper than " + MAX_DEPTH + " levels (a cycle?)");
		}
		MessagePacker pack = this.packer;
		if (value == null) {
			pack.packNil();
		}
		else if (value instanceof byte[] bytes) {
			pack.packBinaryHeader(bytes.length);
			pack.writePayload(bytes);
		}
		else if (value instanceof String string) {
			packString(string);
		}
		else if (value instanceof Long number) {
			pack.packLong(number);
		}
		else if (value instanceof Tid tid) {
			pack8(tid.value());
		}
		else if (value instanceof Oid oid) {
			pack8(oid.value());
		}
		else if (value instanceof List<?> list) {
			pack.packArrayHeader(list.size());
			@SuppressWarnings("unchecked")
			List<@Nullable Object> items = (List<@Nullable Object>) list;
			packItems(items, depth);
		}
		else if (value instanceof Map<?, ?> map) {
			pack.packMapHeader(map.size());
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				packValue(entry.getKey(), depth + 1);
				packValue(entry.getValue(), depth + 1);
			}
		}
		else if (value instanceof Boolean bool) {
			pack.packBoolean(bool);
		}
		else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
			pack.packLong(((Number) value).longValue());
		}
		else if (value instanceof Double || value instanceof Float) {
			pack.packDouble(((Number) value).doubleValue());
		}
		else if (value instanceof BigInteger big) {
			if (big.bitLength() > 64 || (big.bitLength() == 64 && big.signum() < 0)) {
				throw new ZeoProtocolException("Integer out of msgpack range: " + big);
			}
			pack.packBigInteger(big);
		}
		else if (value instanceof Object[] array) {
			pack.packArrayHeader(array.length);
			for (Object item : array) {
				packValue(item, depth + 1);
			}
		}
		else if (value instanceof Collection<?> collection) {
			pack.packArrayHeader(collection.size());
			for (Object item : collection) {
				packValue(item, depth + 1);
			}
		}
		else {
			throw new ZeoProtocolException("Cannot encode a value of type " + value.getClass().getName());
		}
	}

	private void pack8(long value) throws IOException {
		byte[] bytes = this.scratch8;
		for (int i = 7; i >= 0; i--) {
			bytes[i] = (byte) value;
			value >>>= 8;
		}
		this.packer.packBinaryHeader(8);
		this.packer.writePayload(bytes);
	}

}
