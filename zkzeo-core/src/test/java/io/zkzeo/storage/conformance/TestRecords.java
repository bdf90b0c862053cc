package io.zkzeo.storage.conformance;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.zkzeo.storage.Oid;

/**
 * Builds and reads real ZODB records of {@code persistent.mapping.PersistentMapping} objects, byte for byte
 * as ZODB 5 on Python 3 writes them: a class pickle and a state pickle {@code {'data': {...}}}, both
 * protocol 3, with one shared memo. Values are {@code int}s or references to other PersistentMappings
 * (persistent references of the {@code (oid, class)} form, the class given as {@code BINGET 0}).
 *
 * <p>Only the opcodes these records use are understood when reading; anything else is refused.
 */
public final class TestRecords {

	private static final byte[] CLASS_PICKLE = hex(
			"80036370657273697374656e742e6d617070696e670a50657273697374656e744d617070696e670a71002e");

	private static final String VALUE_KEY = "v";

	private TestRecords() {
	}

	/**
	 * Makes the record of a PersistentMapping holding the given items, in order.
	 * @param items keys to {@link Integer} values or {@link Oid} references
	 * @return the record
	 */
	public static byte[] mapping(Map<String, ?> items) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(CLASS_PICKLE);
		out.writeBytes(hex("80037d710158040000006461746171027d7103"));
		int memo = 4;
		if (items.size() > 1) {
			out.write(0x28);
		}
		for (Map.Entry<String, ?> item : items.entrySet()) {
			byte[] key = item.getKey().getBytes(StandardCharsets.UTF_8);
			out.write(0x58);
			writeInt32(out, key.length);
			out.writeBytes(key);
			memo = put(out, memo);
			Object value = item.getValue();
			if (value instanceof Integer number) {
				writeInt(out, number);
			}
			else if (value instanceof Oid oid) {
				out.write(0x43);
				out.write(8);
				out.writeBytes(oid.toBytes());
				memo = put(out, memo);
				out.writeBytes(new byte[] { 0x68, 0x00, (byte) 0x86 });
				memo = put(out, memo);
				out.write(0x51);
			}
			else {
				throw new IllegalArgumentException("Values are Integer or Oid, not " + value);
			}
			if (items.size() == 1) {
				out.write(0x73);
			}
		}
		if (items.size() > 1) {
			out.write(0x75);
		}
		out.write(0x73);
		out.write(0x2e);
		return out.toByteArray();
	}

	/**
	 * Makes the record of a PersistentMapping {@code {'v': value}}.
	 * @param value the value
	 * @return the record
	 */
	public static byte[] counter(int value) {
		return mapping(Map.of(VALUE_KEY, value));
	}

	/**
	 * Makes the record of a PersistentMapping {@code {'v': value, 'r0': ref0, 'r1': ref1, ...}}.
	 * @param value the value
	 * @param references the objects referred to
	 * @return the record
	 */
	public static byte[] node(int value, Oid... references) {
		Map<String, Object> items = new LinkedHashMap<>();
		items.put(VALUE_KEY, value);
		for (int i = 0; i < references.length; i++) {
			items.put("r" + i, references[i]);
		}
		return mapping(items);
	}

	/**
	 * Reads a record made by this class.
	 * @param record the record
	 * @return the mapping's items: {@link Integer} values and {@link Oid} references
	 */
	@SuppressWarnings("unchecked")
	public static Map<String, Object> items(byte[] record) {
		Reader reader = new Reader(record);
		Object type = reader.readPickle();
		if (!"persistent.mapping\nPersistentMapping".equals(type)) {
			throw new IllegalArgumentException("Not a PersistentMapping record: " + type);
		}
		Object state = reader.readPickle();
		if (reader.position != record.length) {
			throw new IllegalArgumentException("Trailing bytes after the state pickle at " + reader.position);
		}
		if (!(state instanceof Map<?, ?> outer) || !(outer.get("data") instanceof Map<?, ?> data)) {
			throw new IllegalArgumentException("Not a PersistentMapping state: " + state);
		}
		return (Map<String, Object>) data;
	}

	/**
	 * Reads the {@code 'v'} value of a record made by {@link #counter} or {@link #node}.
	 * @param record the record
	 * @return the value
	 */
	public static int value(byte[] record) {
		return (Integer) items(record).get(VALUE_KEY);
	}

	/**
	 * Lists the objects a record made by this class refers to, in order.
	 * @param record the record
	 * @return the referenced oids
	 */
	public static List<Oid> references(byte[] record) {
		List<Oid> references = new ArrayList<>();
		for (Object value : items(record).values()) {
			if (value instanceof Oid oid) {
				references.add(oid);
			}
		}
		return references;
	}

	private static int put(ByteArrayOutputStream out, int memo) {
		if (memo < 256) {
			out.write(0x71);
			out.write(memo);
		}
		else {
			out.write(0x72);
			writeInt32(out, memo);
		}
		return memo + 1;
	}

	private static void writeInt(ByteArrayOutputStream out, int value) {
		if (value >= 0 && value <= 0xFF) {
			out.write(0x4b);
			out.write(value);
		}
		else if (value >= 0 && value <= 0xFFFF) {
			out.write(0x4d);
			out.write(value);
			out.write(value >>> 8);
		}
		else {
			out.write(0x4a);
			writeInt32(out, value);
		}
	}

	private static void writeInt32(ByteArrayOutputStream out, int value) {
		out.write(value);
		out.write(value >>> 8);
		out.write(value >>> 16);
		out.write(value >>> 24);
	}

	static byte[] hex(String hex) {
		byte[] bytes = new byte[hex.length() / 2];
		for (int i = 0; i < bytes.length; i++) {
			bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
		}
		return bytes;
	}

	/**
	 * Reads the opcodes the records of this class use, with one memo for both pickles.
	 */
	private static final class Reader {

		private static final Object MARK = new Object();

		private final byte[] bytes;

		private final Map<Integer, Object> memo = new HashMap<>();

		private int position;

		Reader(byte[] bytes) {
			this.bytes = bytes;
		}

		@SuppressWarnings("unchecked")
		Object readPickle() {
			Deque<Object> stack = new ArrayDeque<>();
			while (true) {
				int opcode = next();
				switch (opcode) {
					case 0x80 -> next();
					case 0x63 -> stack.push(line() + "\n" + line());
					case 0x71 -> this.memo.put(next(), stack.peek());
					case 0x72 -> this.memo.put(int32(), stack.peek());
					case 0x68 -> stack.push(this.memo.get(next()));
					case 0x6a -> stack.push(this.memo.get(int32()));
					case 0x7d -> stack.push(new LinkedHashMap<String, Object>());
					case 0x58 -> stack.push(new String(take(int32()), StandardCharsets.UTF_8));
					case 0x43 -> stack.push(take(next()));
					case 0x4b -> stack.push(next());
					case 0x4d -> stack.push(next() | (next() << 8));
					case 0x4a -> stack.push(int32());
					case 0x28 -> stack.push(MARK);
					case 0x86 -> {
						Object second = stack.pop();
						stack.push(new Object[] { stack.pop(), second });
					}
					case 0x51 -> stack.push(Oid.fromBytes((byte[]) ((Object[]) stack.pop())[0]));
					case 0x73 -> {
						Object value = stack.pop();
						Object key = stack.pop();
						((Map<Object, Object>) stack.peek()).put(key, value);
					}
					case 0x75 -> {
						List<Object> items = new ArrayList<>();
						while (stack.peek() != MARK) {
							items.add(0, stack.pop());
						}
						stack.pop();
						Map<Object, Object> map = (Map<Object, Object>) stack.peek();
						for (int i = 0; i < items.size(); i += 2) {
							map.put(items.get(i), items.get(i + 1));
						}
					}
					case 0x2e -> {
						return stack.pop();
					}
					default -> throw new IllegalArgumentException(
							String.format("Opcode 0x%02x at %d is not one TestRecords writes", opcode, this.position - 1));
				}
			}
		}

		private int next() {
			if (this.position >= this.bytes.length) {
				throw new IllegalArgumentException("Record ends inside a pickle at " + this.position);
			}
			return this.bytes[this.position++] & 0xFF;
		}

		private int int32() {
			return next() | (next() << 8) | (next() << 16) | (next() << 24);
		}

		private byte[] take(int length) {
			byte[] taken = new byte[length];
			for (int i = 0; i < length; i++) {
				taken[i] = (byte) next();
			}
			return taken;
		}

		private String line() {
			StringBuilder line = new StringBuilder();
			int c;
			while ((c = next()) != '\n') {
				line.append((char) c);
			}
			return line.toString();
		}

	}

}
