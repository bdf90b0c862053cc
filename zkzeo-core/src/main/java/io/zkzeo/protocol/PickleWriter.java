package io.zkzeo.protocol;

import static io.zkzeo.protocol.PickleOpcodes.*;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import org.jspecify.annotations.Nullable;

/**
 * Writes ZEO messages as protocol 3 pickles, exactly as CPython's C pickler does with {@code fast = 1}: no memo,
 * {@code TUPLE1..3} for short tuples, the smallest int opcode, {@code BINUNICODE} for every str,
 * {@code SHORT_BINBYTES}/{@code BINBYTES} for bytes, and appends/set-items in batches of 1000. Writes straight into
 * the output buffer.
 */
final class PickleWriter {

	private static final int MAX_DEPTH = 512;

	void writeMessage(ZeoMessage message, ByteBuf out) {
		int start = out.writerIndex();
		try {
			out.writeByte(PROTO).writeByte(3).writeByte(MARK);
			writeValue(out, message.msgid(), 1);
			if (message instanceof ZeoCall call) {
				out.writeByte(call.async() ? NEWTRUE : NEWFALSE);
				writeString(out, call.method());
				writeTuple(out, call.args(), 1);
			}
			else if (message instanceof ZeoReply reply) {
				out.writeByte(BININT1).writeByte(0);
				writeString(out, ZeoMessage.REPLY);
				writeValue(out, reply.value(), 1);
			}
			else if (message instanceof ZeoErrorReply error) {
				out.writeByte(BININT1).writeByte(2);
				writeString(out, ZeoMessage.REPLY);
				writeString(out, error.className());
				writeValue(out, error.payload(), 2);
				out.writeByte(TUPLE2);
			}
			out.writeByte(TUPLE).writeByte(STOP);
		}
		catch (RuntimeException ex) {
			out.writerIndex(start);
			throw ex;
		}
	}

	private void writeValue(ByteBuf out, @Nullable Object value, int depth) {
		if (depth > MAX_DEPTH) {
			throw new ZeoProtocolException("Value nested deeper than " + MAX_DEPTH + " levels (a cycle?)");
		}
		if (value == null) {
			out.writeByte(NONE);
		}
		else if (value instanceof byte[] bytes) {
			writeBytes(out, bytes);
		}
		else if (value instanceof String string) {
			writeString(out, string);
		}
		else if (value instanceof Long number) {
			writeLong(out, number);
		}
		else if (value instanceof Tid tid) {
			out.writeByte(SHORT_BINBYTES).writeByte(8).writeLong(tid.value());
		}
		else if (value instanceof Oid oid) {
			out.writeByte(SHORT_BINBYTES).writeByte(8).writeLong(oid.value());
		}
		else if (value instanceof Tuple tuple) {
			writeTuple(out, tuple, depth);
		}
		else if (value instanceof List<?> list) {
			writeList(out, list, depth);
		}
		else if (value instanceof Map<?, ?> map) {
			writeDict(out, map, depth);
		}
		else if (value instanceof Boolean bool) {
			out.writeByte(bool ? NEWTRUE : NEWFALSE);
		}
		else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
			writeLong(out, ((Number) value).longValue());
		}
		else if (value instanceof Double || value instanceof Float) {
			out.writeByte(BINFLOAT).writeLong(Double.doubleToRawLongBits(((Number) value).doubleValue()));
		}
		else if (value instanceof BigInteger big) {
			writeBigInteger(out, big);
		}
		else if (value instanceof Object[] array) {
			writeTuple(out, Arrays.asList(array), depth);
		}
		else if (value instanceof Collection<?> collection) {
			writeList(out, new ArrayList<>(collection), depth);
		}
		else {
			throw new ZeoProtocolException("Cannot pickle a value of type " + value.getClass().getName());
		}
	}

	private void writeBytes(ByteBuf out, byte[] bytes) {
		if (bytes.length < 256) {
			out.writeByte(SHORT_BINBYTES).writeByte(bytes.length);
		}
		else {
			out.writeByte(BINBYTES).writeIntLE(bytes.length);
		}
		out.writeBytes(bytes);
	}

	private void writeString(ByteBuf out, String string) {
		byte[] known = KnownStrings.utf8(string);
		out.writeByte(BINUNICODE);
		if (known != null) {
			out.writeIntLE(known.length).writeBytes(known);
		}
		else {
			int length = ByteBufUtil.utf8Bytes(string);
			out.writeIntLE(length);
			ByteBufUtil.reserveAndWriteUtf8(out, string, length);
		}
	}

	private void writeLong(ByteBuf out, long value) {
		if (value >= 0 && value <= 0xFF) {
			out.writeByte(BININT1).writeByte((int) value);
		}
		else if (value >= 0 && value <= 0xFFFF) {
			out.writeByte(BININT2).writeShortLE((int) value);
		}
		else if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
			out.writeByte(BININT).writeIntLE((int) value);
		}
		else {
			int bits = 64 - Long.numberOfLeadingZeros((value < 0) ? ~value : value);
			int length = bits / 8 + 1;
			out.writeByte(LONG1).writeByte(length);
			for (int i = 0; i < length; i++) {
				out.writeByte((int) (value >> (8 * i)));
			}
		}
	}

	private void writeBigInteger(ByteBuf out, BigInteger value) {
		if (value.bitLength() < 64) {
			writeLong(out, value.longValue());
			return;
		}
		byte[] bigEndian = value.toByteArray();
		if (bigEndian.length < 256) {
			out.writeByte(LONG1).writeByte(bigEndian.length);
		}
		else {
			out.writeByte(LONG4).writeIntLE(bigEndian.length);
		}
		for (int i = bigEndian.length - 1; i >= 0; i--) {
			out.writeByte(bigEndian[i]);
		}
	}

	private void writeTuple(ByteBuf out, List<?> items, int depth) {
		int size = items.size();
		if (size == 0) {
			out.writeByte(EMPTY_TUPLE);
			return;
		}
		if (size > 3) {
			out.writeByte(MARK);
		}
		for (int i = 0; i < size; i++) {
			writeValue(out, items.get(i), depth + 1);
		}
		out.writeByte(switch (size) {
			case 1 -> TUPLE1;
			case 2 -> TUPLE2;
			case 3 -> TUPLE3;
			default -> TUPLE;
		});
	}

	private void writeList(ByteBuf out, List<?> items, int depth) {
		out.writeByte(EMPTY_LIST);
		int size = items.size();
		if (size == 1) {
			writeValue(out, items.get(0), depth + 1);
			out.writeByte(APPEND);
			return;
		}
		int index = 0;
		while (index < size) {
			out.writeByte(MARK);
			int end = Math.min(size, index + BATCH_SIZE);
			for (; index < end; index++) {
				writeValue(out, items.get(index), depth + 1);
			}
			out.writeByte(APPENDS);
		}
	}

	private void writeDict(ByteBuf out, Map<?, ?> map, int depth) {
		out.writeByte(EMPTY_DICT);
		int size = map.size();
		Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
		if (size == 1) {
			Map.Entry<?, ?> entry = entries.next();
			writeValue(out, entry.getKey(), depth + 1);
			writeValue(out, entry.getValue(), depth + 1);
			out.writeByte(SETITEM);
			return;
		}
		int written = 0;
		while (written < size) {
			out.writeByte(MARK);
			int end = Math.min(size, written + BATCH_SIZE);
			for (; written < end; written++) {
				Map.Entry<?, ?> entry = entries.next();
				writeValue(out, entry.getKey(), depth + 1);
				writeValue(out, entry.getValue(), depth + 1);
			}
			out.writeByte(SETITEMS);
		}
	}

}
