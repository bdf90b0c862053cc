package io.zkzeo.protocol;

import static io.zkzeo.protocol.PickleOpcodes.*;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;
import org.jspecify.annotations.Nullable;

/**
 * Reads ZEO message pickles (protocols 2 to 5) made of plain data: None, bool, int, float, str, bytes, tuple,
 * list and dict, with or without memo. Tuples become {@link Tuple}s, lists {@link ArrayList}s and dicts
 * insertion-ordered maps.
 *
 * <p>The one kind of object a Python ZEO server pickles is an exception nested in an error's attributes (a
 * {@code MultipleUndoErrors} holds the {@code UndoError}s of its objects): {@code ZODB.POSException._recon(class,
 * state)} for ZODB's errors, {@code class(*args)} (then {@code BUILD} with its {@code __dict__}) for others. Such an
 * exception becomes the pair msgpack carries for it, {@code (class name, __dict__ or args)}, so both encodings
 * decode to the same values; nothing is imported or run. Only exception classes (a name ending in {@code Error},
 * {@code Exception}, {@code Warning} or {@code Disconnected}, or any class of {@code ZODB.POSException} and
 * {@code ZEO.Exceptions}) and {@code _recon} are accepted as globals, and only as what such a reduction calls;
 * every other global, object construction and opcode is refused.
 */
final class PickleReader {

	private static final String RECON_MODULE = "ZODB.POSException";

	private static final String RECON = "_recon";

	private final Utf8 utf8 = new Utf8();

	private final ArrayList<@Nullable Object> stack = new ArrayList<>();

	private int[] marks = new int[16];

	private int markCount;

	private @Nullable Map<Long, @Nullable Object> memo;

	private byte[] stringScratch = new byte[256];

	private boolean sawGlobal;

	/**
	 * Reads the 4-item message sequence from a pickle.
	 * @param in the payload; its readable bytes are consumed
	 * @return the four parts
	 */
	List<?> readMessage(ByteBuf in) {
		int start = in.readerIndex();
		try {
			Object value = load(in);
			if (in.isReadable()) {
				throw new CorruptedFrameException("Extra data after a ZEO message pickle: " + in.readableBytes() + " bytes");
			}
			if (!(value instanceof List<?> parts) || parts.size() != 4) {
				throw new CorruptedFrameException("A ZEO message is a sequence of 4 items, not " + PyValues.typeName(value));
			}
			return parts;
		}
		catch (IndexOutOfBoundsException ex) {
			throw new CorruptedFrameException("Truncated pickle at offset " + (in.readerIndex() - start), ex);
		}
		finally {
			this.stack.clear();
			this.markCount = 0;
			this.memo = null;
			this.sawGlobal = false;
		}
	}

	private @Nullable Object load(ByteBuf in) {
		ArrayList<@Nullable Object> stack = this.stack;
		while (true) {
			int opcode = in.readUnsignedByte();
			switch (opcode) {
				case PROTO -> {
					int protocol = in.readUnsignedByte();
					if (protocol > 5) {
						throw new CorruptedFrameException("Unsupported pickle protocol " + protocol);
					}
				}
				case FRAME -> in.skipBytes(8);
				case STOP -> {
					Object value = pop();
					if (this.sawGlobal) {
						refuseBareGlobals(value);
					}
					return value;
				}
				case MARK -> pushMark();
				case NONE -> stack.add(null);
				case NEWTRUE -> stack.add(Boolean.TRUE);
				case NEWFALSE -> stack.add(Boolean.FALSE);
				case BININT1 -> stack.add((long) in.readUnsignedByte());
				case BININT2 -> stack.add((long) in.readUnsignedShortLE());
				case BININT -> stack.add((long) in.readIntLE());
				case LONG1 -> stack.add(readLong(in, in.readUnsignedByte()));
				case LONG4 -> stack.add(readLong(in, length(in, in.readIntLE(), "long")));
				case BINFLOAT -> stack.add(in.readDouble());
				case BINUNICODE -> stack.add(readString(in, length(in, in.readIntLE(), "str")));
				case SHORT_BINUNICODE -> stack.add(readString(in, in.readUnsignedByte()));
				case BINUNICODE8 -> stack.add(readString(in, length(in, in.readLongLE(), "str")));
				case SHORT_BINBYTES -> stack.add(readBytes(in, in.readUnsignedByte()));
				case BINBYTES -> stack.add(readBytes(in, length(in, in.readIntLE(), "bytes")));
				case BINBYTES8 -> stack.add(readBytes(in, length(in, in.readLongLE(), "bytes")));
				case EMPTY_TUPLE -> stack.add(Tuple.EMPTY);
				case TUPLE1, TUPLE2, TUPLE3 -> {
					int size = opcode - TUPLE1 + 1;
					stack.add(Tuple.of(popItems(stack.size() - size)));
				}
				case TUPLE -> stack.add(Tuple.of(popItems(popMark())));
				case EMPTY_LIST -> stack.add(new ArrayList<>());
				case LIST -> stack.add(new ArrayList<>(Arrays.asList(popItems(popMark()))));
				case APPEND -> {
					Object item = pop();
					list(top()).add(item);
				}
				case APPENDS -> {
					Object[] items = popItems(popMark());
					list(top()).addAll(Arrays.asList(items));
				}
				case EMPTY_DICT -> stack.add(new LinkedHashMap<>());
				case DICT -> {
					Map<Object, @Nullable Object> dict = new LinkedHashMap<>();
					putAll(dict, popItems(popMark()));
					stack.add(dict);
				}
				case SETITEM -> {
					Object value = pop();
					Object key = pop();
					dict(top()).put(key(key), value);
				}
				case SETITEMS -> {
					Object[] items = popItems(popMark());
					putAll(dict(top()), items);
				}
				case POP -> pop();
				case POP_MARK -> popItems(popMark());
				case DUP -> stack.add(top());
				case BINPUT -> memo().put((long) in.readUnsignedByte(), top());
				case LONG_BINPUT -> memo().put(in.readUnsignedIntLE(), top());
				case MEMOIZE -> memo().put((long) memo().size(), top());
				case BINGET -> stack.add(memoGet(in.readUnsignedByte()));
				case LONG_BINGET -> stack.add(memoGet(in.readUnsignedIntLE()));
				case GLOBAL -> stack.add(global(readLine(in), readLine(in)));
				case STACK_GLOBAL -> {
					Object name = pop();
					Object module = pop();
					if (!(module instanceof String moduleName) || !(name instanceof String globalName)) {
						throw new CorruptedFrameException("STACK_GLOBAL needs two str, not " + PyValues.typeName(module)
								+ " and " + PyValues.typeName(name));
					}
					stack.add(global(moduleName, globalName));
				}
				case REDUCE -> {
					Object args = pop();
					stack.add(reduce(pop(), args));
				}
				case BUILD -> {
					Object state = pop();
					Object built = build(pop(), state);
					stack.add(built);
				}
				default -> throw new CorruptedFrameException(
						String.format("Unsupported pickle opcode 0x%02x at offset %d", opcode, in.readerIndex() - 1));
			}
		}
	}

	private Global global(String module, String name) {
		Global global = new Global(module, name);
		boolean exceptionClass = name.endsWith("Error") || name.endsWith("Exception") || name.endsWith("Warning")
				|| name.endsWith("Disconnected") || module.equals(RECON_MODULE) || module.equals("ZEO.Exceptions");
		if (!global.isRecon() && (!exceptionClass || !isIdentifier(name))) {
			throw new CorruptedFrameException("Pickle refers to the global " + global.qualifiedName()
					+ "; ZEO messages must be plain data");
		}
		this.sawGlobal = true;
		return global;
	}

	private static boolean isIdentifier(String name) {
		if (name.isEmpty() || !Character.isJavaIdentifierStart(name.charAt(0))) {
			return false;
		}
		return name.chars().allMatch(Character::isJavaIdentifierPart);
	}

	/**
	 * Turns the reduction of an exception into its {@code (class name, __dict__ or args)} pair.
	 */
	private static Tuple reduce(@Nullable Object callable, @Nullable Object args) {
		if (!(callable instanceof Global function) || !(args instanceof Tuple arguments)) {
			throw new CorruptedFrameException("Pickle calls a " + PyValues.typeName(callable)
					+ "; ZEO messages must be plain data");
		}
		if (function.isRecon()) {
			if (arguments.size() != 2 || !(arguments.get(0) instanceof Global type) || type.isRecon()
					|| !(arguments.get(1) instanceof Map<?, ?> state)) {
				throw new CorruptedFrameException("_recon takes an exception class and its state, not " + arguments);
			}
			return exception(type, state);
		}
		for (Object argument : arguments) {
			if (argument instanceof Global) {
				throw new CorruptedFrameException("Pickle passes a global to " + function.qualifiedName());
			}
		}
		return Tuple.of(function.qualifiedName(), arguments);
	}

	/** {@code _recon}'s state is the exception's {@code __dict__} plus its {@code args}. */
	private static Tuple exception(Global type, Map<?, ?> state) {
		Map<Object, @Nullable Object> attributes = new LinkedHashMap<>(state);
		Object args = attributes.remove("args");
		if (attributes.isEmpty()) {
			return Tuple.of(type.qualifiedName(), (args != null) ? args : Tuple.EMPTY);
		}
		return Tuple.of(type.qualifiedName(), attributes);
	}

	/** {@code BUILD} after an exception's reduction sets its {@code __dict__}, which then stands for it. */
	private Object build(@Nullable Object target, @Nullable Object state) {
		if (!(target instanceof Tuple reduced) || reduced.size() != 2 || !(reduced.get(0) instanceof String name)
				|| !this.sawGlobal) {
			throw new CorruptedFrameException("Pickle sets the state of a " + PyValues.typeName(target)
					+ "; ZEO messages must be plain data");
		}
		if (state == null || state instanceof Map<?, ?> map && map.isEmpty()) {
			return reduced;
		}
		if (!(state instanceof Map<?, ?> attributes)) {
			throw new CorruptedFrameException("An exception's state is a dict, not " + PyValues.typeName(state));
		}
		Tuple built = Tuple.of(name, new LinkedHashMap<>(attributes));
		Map<Long, @Nullable Object> entries = this.memo;
		if (entries != null) {
			entries.replaceAll((index, value) -> (value == reduced) ? built : value);
		}
		return built;
	}

	private static void refuseBareGlobals(@Nullable Object value) {
		if (value instanceof Global global) {
			throw new CorruptedFrameException("Pickle holds the global " + global.qualifiedName()
					+ " as a value; ZEO messages must be plain data");
		}
		if (value instanceof List<?> items) {
			items.forEach(PickleReader::refuseBareGlobals);
		}
		else if (value instanceof Map<?, ?> map) {
			map.forEach((key, item) -> {
				refuseBareGlobals(key);
				refuseBareGlobals(item);
			});
		}
	}

	private int length(ByteBuf in, long length, String what) {
		if (length < 0 || length > in.readableBytes()) {
			throw new CorruptedFrameException("Invalid " + what + " length " + length + " (" + in.readableBytes()
					+ " bytes left)");
		}
		return (int) length;
	}

	private Object readLong(ByteBuf in, int length) {
		if (length > in.readableBytes()) {
			throw new CorruptedFrameException("Invalid long length " + length);
		}
		if (length == 0) {
			return 0L;
		}
		byte[] bigEndian = new byte[length];
		for (int i = length - 1; i >= 0; i--) {
			bigEndian[i] = in.readByte();
		}
		BigInteger value = new BigInteger(bigEndian);
		return (value.bitLength() < 64) ? (Object) value.longValue() : value;
	}

	private String readString(ByteBuf in, int length) {
		if (length > in.readableBytes()) {
			throw new CorruptedFrameException("Invalid str length " + length);
		}
		byte[] bytes = this.stringScratch;
		if (bytes.length < length) {
			bytes = new byte[length];
			if (length <= 65536) {
				this.stringScratch = bytes;
			}
		}
		in.readBytes(bytes, 0, length);
		return this.utf8.decode(bytes, 0, length);
	}

	private byte[] readBytes(ByteBuf in, int length) {
		if (length > in.readableBytes()) {
			throw new CorruptedFrameException("Invalid bytes length " + length);
		}
		byte[] bytes = new byte[length];
		in.readBytes(bytes);
		return bytes;
	}

	private String readLine(ByteBuf in) {
		int end = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
		if (end < 0) {
			throw new CorruptedFrameException("Unterminated GLOBAL in pickle");
		}
		String line = in.toString(in.readerIndex(), end - in.readerIndex(), StandardCharsets.US_ASCII);
		in.readerIndex(end + 1);
		return line;
	}

	private void pushMark() {
		if (this.markCount == this.marks.length) {
			this.marks = Arrays.copyOf(this.marks, this.marks.length * 2);
		}
		this.marks[this.markCount++] = this.stack.size();
	}

	private int popMark() {
		if (this.markCount == 0) {
			throw new CorruptedFrameException("Pickle uses a MARK it never set");
		}
		return this.marks[--this.markCount];
	}

	private @Nullable Object pop() {
		if (this.stack.isEmpty() || (this.markCount > 0 && this.marks[this.markCount - 1] >= this.stack.size())) {
			throw new CorruptedFrameException("Pickle stack underflow");
		}
		return this.stack.remove(this.stack.size() - 1);
	}

	private @Nullable Object top() {
		if (this.stack.isEmpty()) {
			throw new CorruptedFrameException("Pickle stack underflow");
		}
		return this.stack.get(this.stack.size() - 1);
	}

	private Object[] popItems(int from) {
		int size = this.stack.size();
		if (from < 0 || from > size) {
			throw new CorruptedFrameException("Pickle stack underflow");
		}
		List<@Nullable Object> tail = this.stack.subList(from, size);
		Object[] items = tail.toArray();
		tail.clear();
		return items;
	}

	@SuppressWarnings("unchecked")
	private static List<@Nullable Object> list(@Nullable Object value) {
		if (value instanceof ArrayList<?> list) {
			return (List<@Nullable Object>) list;
		}
		throw new CorruptedFrameException("Pickle appends to a " + PyValues.typeName(value));
	}

	@SuppressWarnings("unchecked")
	private static Map<Object, @Nullable Object> dict(@Nullable Object value) {
		if (value instanceof LinkedHashMap<?, ?> map) {
			return (Map<Object, @Nullable Object>) map;
		}
		throw new CorruptedFrameException("Pickle sets an item on a " + PyValues.typeName(value));
	}

	private static void putAll(Map<Object, @Nullable Object> dict, Object[] items) {
		if (items.length % 2 != 0) {
			throw new CorruptedFrameException("Pickle sets items from an odd number of values");
		}
		for (int i = 0; i < items.length; i += 2) {
			dict.put(key(items[i]), items[i + 1]);
		}
	}

	private static Object key(@Nullable Object key) {
		if (key == null || key instanceof List<?> && !(key instanceof Tuple) || key instanceof Map) {
			throw new CorruptedFrameException("Unhashable dict key of type " + PyValues.typeName(key));
		}
		return key;
	}

	private Map<Long, @Nullable Object> memo() {
		Map<Long, @Nullable Object> entries = this.memo;
		if (entries == null) {
			entries = new HashMap<>();
			this.memo = entries;
		}
		return entries;
	}

	private @Nullable Object memoGet(long index) {
		Map<Long, @Nullable Object> entries = this.memo;
		if (entries == null || !entries.containsKey(index)) {
			throw new CorruptedFrameException("Pickle refers to memo entry " + index + " it never stored");
		}
		return entries.get(index);
	}

	/**
	 * A global a pickle names: an exception class or {@code _recon}, only ever reduced, never a value.
	 */
	private record Global(String module, String name) {

		boolean isRecon() {
			return this.module.equals(RECON_MODULE) && this.name.equals(RECON);
		}

		String qualifiedName() {
			return this.module + "." + this.name;
		}

	}

}
