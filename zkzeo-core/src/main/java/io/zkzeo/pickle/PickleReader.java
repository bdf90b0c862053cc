package io.zkzeo.pickle;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Reads pickles of protocols 0 to 3 from a byte array, one {@link #load()} per pickle. The memo is kept
 * between loads, as ZODB's unpickler keeps it between a record's class metadata and state pickles.
 *
 * <p>Classes are only names ({@link Global}); {@code REDUCE}, {@code NEWOBJ}, {@code INST} and
 * {@code OBJ} create values through the {@link ClassRegistry} or, for classes it does not know, a
 * {@link PickleObject}. Persistent ids become {@link PersistentReference}s. Malformed input raises
 * {@link PickleException} with the byte position; no length read from the input allocates more than
 * the input holds.
 *
 * <p>A reader is not thread-safe; it is cheap to create one per record.
 */
public final class PickleReader {

	private static final Object UNSET = new Object();

	private static final int MAX_ARRAY_MEMO = 1 << 16;

	private static final int MAX_DIGITS = 4300;

	private final byte[] data;

	private final int end;

	private final ClassRegistry registry;

	private int pos;

	private @Nullable Object[] stack = new Object[32];

	private int sp;

	private int[] marks = new int[8];

	private int mp;

	private @Nullable Object[] memo = new Object[16];

	private @Nullable Map<Integer, @Nullable Object> largeMemo;

	private @Nullable IdentityHashMap<Object, ObjectFactory> created;

	private @Nullable Consumer<@Nullable Object> rawPids;

	/**
	 * Creates a reader of a whole array.
	 * @param data the pickles
	 * @param registry the classes that may be constructed
	 */
	public PickleReader(byte[] data, ClassRegistry registry) {
		this(data, 0, data.length, registry);
	}

	/**
	 * Creates a reader of part of an array.
	 * @param data the array
	 * @param offset where the first pickle starts
	 * @param length how many bytes may be read
	 * @param registry the classes that may be constructed
	 */
	public PickleReader(byte[] data, int offset, int length, ClassRegistry registry) {
		Objects.requireNonNull(data, "'data' must not be null");
		Objects.checkFromIndexSize(offset, length, data.length);
		this.data = data;
		this.pos = offset;
		this.end = offset + length;
		this.registry = Objects.requireNonNull(registry, "'registry' must not be null");
		Arrays.fill(this.memo, UNSET);
	}

	/**
	 * Makes {@code BINPERSID}/{@code PERSID} hand the raw persistent id to {@code sink} and push it
	 * unchanged, as Python's {@code noload} with {@code persistent_load = list.append} does.
	 */
	void collectRawPersistentIds(Consumer<@Nullable Object> sink) {
		this.rawPids = sink;
	}

	/**
	 * Returns the offset of the next byte to read.
	 * @return the position after the last pickle read
	 */
	public int position() {
		return this.pos;
	}

	/**
	 * Tells whether every byte has been read.
	 * @return {@code true} at the end of the input
	 */
	public boolean atEnd() {
		return this.pos >= this.end;
	}

	/**
	 * Reads one pickle, up to and including its {@code STOP} opcode.
	 * @return the unpickled value
	 * @throws PickleException if the pickle is malformed, truncated or uses an unsupported opcode
	 */
	public @Nullable Object load() {
		this.sp = 0;
		this.mp = 0;
		final byte[] data = this.data;
		while (true) {
			if (this.pos >= this.end) {
				throw new PickleException("Pickle is truncated: no STOP opcode", this.pos);
			}
			int at = this.pos;
			int op = data[this.pos++] & 0xFF;
			switch (op) {
				case Opcodes.BINPUT -> memoPut(readU8(), at);
				case Opcodes.BINGET -> push(memoGet(readU8(), at));
				case Opcodes.BINUNICODE -> push(readUnicode(readLength4(at), at));
				case Opcodes.SHORT_BINBYTES -> push(readBytes(readU8(), at));
				case Opcodes.BININT1 -> push(Long.valueOf(readU8()));
				case Opcodes.MARK -> pushMark();
				case Opcodes.TUPLE1 -> push(PickleTuple.wrap(new Object[] { pop(at) }));
				case Opcodes.TUPLE2 -> {
					Object second = pop(at);
					push(PickleTuple.wrap(new Object[] { pop(at), second }));
				}
				case Opcodes.TUPLE3 -> {
					Object third = pop(at);
					Object second = pop(at);
					push(PickleTuple.wrap(new Object[] { pop(at), second, third }));
				}
				case Opcodes.TUPLE -> push(PickleTuple.wrap(popToMark(at)));
				case Opcodes.EMPTY_TUPLE -> push(PickleTuple.empty());
				case Opcodes.BINPERSID -> push(persistentLoad(pop(at), at));
				case Opcodes.GLOBAL -> push(readGlobal(at));
				case Opcodes.EMPTY_DICT -> push(new LinkedHashMap<>());
				case Opcodes.EMPTY_LIST -> push(new ArrayList<>());
				case Opcodes.SETITEM, Opcodes.SETITEMS, Opcodes.APPEND, Opcodes.APPENDS -> addItems(op, at);
				case Opcodes.BININT2 -> push(Long.valueOf(readU8() | (readU8() << 8)));
				case Opcodes.BININT -> push(Long.valueOf(readI32()));
				case Opcodes.LONG1 -> push(readLong(readU8(), at));
				case Opcodes.LONG4 -> {
					int n = readI32();
					if (n < 0) {
						throw new PickleException("Negative LONG4 length " + n, at);
					}
					push(readLong(n, at));
				}
				case Opcodes.BINFLOAT -> {
					ensure(8, at);
					long bits = 0;
					for (int i = 0; i < 8; i++) {
						bits = (bits << 8) | (data[this.pos++] & 0xFF);
					}
					push(Double.longBitsToDouble(bits));
				}
				case Opcodes.NONE -> push(null);
				case Opcodes.NEWTRUE -> push(Boolean.TRUE);
				case Opcodes.NEWFALSE -> push(Boolean.FALSE);
				case Opcodes.BINBYTES -> push(readBytes(readLength4(at), at));
				case Opcodes.SHORT_BINSTRING -> push(legacyString(readU8(), at));
				case Opcodes.BINSTRING -> push(legacyString(readLength4(at), at));
				case Opcodes.LONG_BINPUT -> memoPut(readIndex4(at), at);
				case Opcodes.LONG_BINGET -> push(memoGet(readIndex4(at), at));
				case Opcodes.REDUCE -> {
					Object args = pop(at);
					Object callable = pop(at);
					push(construct(callable, args, PickleObject.Construction.REDUCE, at));
				}
				case Opcodes.NEWOBJ -> {
					Object args = pop(at);
					Object type = pop(at);
					push(construct(type, args, PickleObject.Construction.NEWOBJ, at));
				}
				case Opcodes.BUILD -> {
					Object state = pop(at);
					build(peek(at), state, at);
				}
				case Opcodes.PROTO -> {
					int protocol = readU8();
					if (protocol > Opcodes.HIGHEST_PROTOCOL) {
						throw new PickleException("Unsupported pickle protocol " + protocol, at);
					}
				}
				case Opcodes.STOP -> {
					return pop(at);
				}
				case Opcodes.POP -> {
					if (this.mp > 0 && this.marks[this.mp - 1] == this.sp) {
						this.mp--;
					}
					else {
						pop(at);
					}
				}
				case Opcodes.POP_MARK -> this.sp = popMark(at);
				case Opcodes.DUP -> push(peek(at));
				case Opcodes.LIST -> push(new ArrayList<>(Arrays.asList(popToMark(at))));
				case Opcodes.DICT -> {
					Object[] items = popToMark(at);
					Map<Object, Object> dict = new LinkedHashMap<>();
					putPairs(dict, items, at);
					push(dict);
				}
				case Opcodes.INST -> {
					Global type = readGlobal(at);
					push(construct(type, PickleTuple.wrap(popToMark(at)), PickleObject.Construction.REDUCE, at));
				}
				case Opcodes.OBJ -> {
					Object[] items = popToMark(at);
					if (items.length == 0) {
						throw new PickleException("OBJ without a class", at);
					}
					push(construct(items[0], PickleTuple.wrap(Arrays.copyOfRange(items, 1, items.length)),
							PickleObject.Construction.REDUCE, at));
				}
				case Opcodes.PUT -> memoPut(readDecimalIndex(at), at);
				case Opcodes.GET -> push(memoGet(readDecimalIndex(at), at));
				case Opcodes.INT -> push(readTextInt(at));
				case Opcodes.LONG -> push(readTextLong(at));
				case Opcodes.FLOAT -> push(readTextFloat(at));
				case Opcodes.STRING -> push(readQuotedString(at));
				case Opcodes.UNICODE -> push(readRawUnicode(at));
				case Opcodes.PERSID -> {
					int lineEnd = lineEnd(at);
					String pid = new String(data, this.pos, lineEnd - this.pos, StandardCharsets.ISO_8859_1);
					this.pos = lineEnd + 1;
					push(persistentLoad(pid, at));
				}
				case Opcodes.EXT1, Opcodes.EXT2, Opcodes.EXT4 ->
					throw new PickleException("Extension codes (EXT1/EXT2/EXT4) are not supported", at);
				default -> throw new PickleException(String.format("Unknown pickle opcode 0x%02x", op), at);
			}
		}
	}

	// stack

	private void push(@Nullable Object value) {
		if (this.sp == this.stack.length) {
			this.stack = Arrays.copyOf(this.stack, this.sp * 2);
		}
		this.stack[this.sp++] = value;
	}

	private @Nullable Object pop(int at) {
		if (this.sp == 0 || (this.mp > 0 && this.marks[this.mp - 1] == this.sp)) {
			throw new PickleException("Pickle stack underflow", at);
		}
		Object value = this.stack[--this.sp];
		this.stack[this.sp] = null;
		return value;
	}

	private @Nullable Object peek(int at) {
		if (this.sp == 0 || (this.mp > 0 && this.marks[this.mp - 1] == this.sp)) {
			throw new PickleException("Pickle stack underflow", at);
		}
		return this.stack[this.sp - 1];
	}

	private void pushMark() {
		if (this.mp == this.marks.length) {
			this.marks = Arrays.copyOf(this.marks, this.mp * 2);
		}
		this.marks[this.mp++] = this.sp;
	}

	private int popMark(int at) {
		if (this.mp == 0) {
			throw new PickleException("MARK not found", at);
		}
		return this.marks[--this.mp];
	}

	private @Nullable Object[] popToMark(int at) {
		int mark = popMark(at);
		Object[] items = Arrays.copyOfRange(this.stack, mark, this.sp);
		Arrays.fill(this.stack, mark, this.sp, null);
		this.sp = mark;
		return items;
	}

	// memo

	private void memoPut(long index, int at) {
		Object value = peek(at);
		if (index < MAX_ARRAY_MEMO) {
			int i = (int) index;
			if (i >= this.memo.length) {
				int oldLength = this.memo.length;
				this.memo = Arrays.copyOf(this.memo, Math.max(i + 1, oldLength * 2));
				Arrays.fill(this.memo, oldLength, this.memo.length, UNSET);
			}
			this.memo[i] = value;
		}
		else {
			if (this.largeMemo == null) {
				this.largeMemo = new HashMap<>();
			}
			this.largeMemo.put((int) index, value);
		}
	}

	private @Nullable Object memoGet(long index, int at) {
		Object value = UNSET;
		if (index < this.memo.length) {
			value = this.memo[(int) index];
		}
		else if (this.largeMemo != null && this.largeMemo.containsKey((int) index)) {
			value = this.largeMemo.get((int) index);
		}
		if (value == UNSET) {
			throw new PickleException("Memo key " + index + " has never been stored", at);
		}
		return value;
	}

	// primitive reads

	private void ensure(long count, int at) {
		if (count > this.end - this.pos) {
			throw new PickleException("Pickle is truncated: " + count + " bytes needed, "
					+ (this.end - this.pos) + " left", at);
		}
	}

	private int readU8() {
		if (this.pos >= this.end) {
			throw new PickleException("Pickle is truncated", this.pos);
		}
		return this.data[this.pos++] & 0xFF;
	}

	private int readI32() {
		ensure(4, this.pos - 1);
		byte[] data = this.data;
		int p = this.pos;
		this.pos = p + 4;
		return (data[p] & 0xFF) | ((data[p + 1] & 0xFF) << 8) | ((data[p + 2] & 0xFF) << 16) | (data[p + 3] << 24);
	}

	/** Reads an unsigned 32-bit length and checks it against the remaining input. */
	private int readLength4(int at) {
		long length = readI32() & 0xFFFFFFFFL;
		ensure(length, at);
		return (int) length;
	}

	/** Reads an unsigned 32-bit memo index. */
	private long readIndex4(int at) {
		long index = readI32() & 0xFFFFFFFFL;
		if (index > Integer.MAX_VALUE) {
			throw new PickleException("Memo index " + index + " is out of range", at);
		}
		return index;
	}

	private PickleBytes readBytes(int length, int at) {
		ensure(length, at);
		PickleBytes bytes = PickleBytes.of(this.data, this.pos, length);
		this.pos += length;
		return bytes;
	}

	private Object legacyString(int length, int at) {
		ensure(length, at);
		int start = this.pos;
		this.pos += length;
		return legacyString(this.data, start, length);
	}

	private static Object legacyString(byte[] bytes, int offset, int length) {
		for (int i = offset; i < offset + length; i++) {
			if (bytes[i] < 0) {
				return LegacyString.wrap(Arrays.copyOfRange(bytes, offset, offset + length));
			}
		}
		return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
	}

	private String readUnicode(int length, int at) {
		String text = Utf8.decode(this.data, this.pos, length);
		if (text == null) {
			throw new PickleException("Invalid UTF-8 in BINUNICODE", at);
		}
		this.pos += length;
		return text;
	}

	private Object readLong(int length, int at) {
		ensure(length, at);
		byte[] data = this.data;
		int start = this.pos;
		this.pos += length;
		if (length == 0) {
			return Long.valueOf(0);
		}
		if (length <= 8) {
			long value = data[start + length - 1];
			for (int i = length - 2; i >= 0; i--) {
				value = (value << 8) | (data[start + i] & 0xFF);
			}
			return Long.valueOf(value);
		}
		byte[] bigEndian = new byte[length];
		for (int i = 0; i < length; i++) {
			bigEndian[i] = data[start + length - 1 - i];
		}
		return normalize(new BigInteger(bigEndian));
	}

	static Object normalize(BigInteger value) {
		return (value.bitLength() < 64) ? (Object) Long.valueOf(value.longValue()) : value;
	}

	// text opcodes (protocol 0)

	private int lineEnd(int at) {
		for (int i = this.pos; i < this.end; i++) {
			if (this.data[i] == '\n') {
				return i;
			}
		}
		throw new PickleException("Pickle is truncated: line without newline", at);
	}

	private String readAsciiLine(int at) {
		int lineEnd = lineEnd(at);
		String line = new String(this.data, this.pos, lineEnd - this.pos, StandardCharsets.ISO_8859_1);
		this.pos = lineEnd + 1;
		return line;
	}

	private Global readGlobal(int at) {
		String module = readUtf8Line(at);
		String name = readUtf8Line(at);
		return new Global(module, name);
	}

	private String readUtf8Line(int at) {
		int lineEnd = lineEnd(at);
		String text = Utf8.decode(this.data, this.pos, lineEnd - this.pos);
		if (text == null) {
			throw new PickleException("Invalid UTF-8 in a global name", at);
		}
		this.pos = lineEnd + 1;
		return text;
	}

	private long readDecimalIndex(int at) {
		String line = readAsciiLine(at);
		if (line.isEmpty() || line.length() > 10) {
			throw new PickleException("Invalid memo index '" + abbreviate(line) + "'", at);
		}
		long index = 0;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (c < '0' || c > '9') {
				throw new PickleException("Invalid memo index '" + abbreviate(line) + "'", at);
			}
			index = index * 10 + (c - '0');
		}
		if (index > Integer.MAX_VALUE) {
			throw new PickleException("Memo index " + index + " is out of range", at);
		}
		return index;
	}

	private Object readTextInt(int at) {
		String line = readAsciiLine(at);
		if (line.equals("00")) {
			return Boolean.FALSE;
		}
		if (line.equals("01")) {
			return Boolean.TRUE;
		}
		return parseInteger(line, at);
	}

	private Object readTextLong(int at) {
		String line = readAsciiLine(at);
		if (line.endsWith("L")) {
			line = line.substring(0, line.length() - 1);
		}
		return parseInteger(line, at);
	}

	private static Object parseInteger(String text, int at) {
		String digits = text.strip();
		int start = (digits.startsWith("-") || digits.startsWith("+")) ? 1 : 0;
		if (digits.length() == start || digits.length() > MAX_DIGITS) {
			throw new PickleException("Invalid integer '" + abbreviate(text) + "'", at);
		}
		for (int i = start; i < digits.length(); i++) {
			char c = digits.charAt(i);
			if (c < '0' || c > '9') {
				throw new PickleException("Invalid integer '" + abbreviate(text) + "'", at);
			}
		}
		if (digits.length() <= 18) {
			return Long.valueOf(Long.parseLong(digits));
		}
		return normalize(new BigInteger(digits));
	}

	private Double readTextFloat(int at) {
		String line = readAsciiLine(at).strip();
		String lower = line.toLowerCase(Locale.ROOT);
		String unsigned = (lower.startsWith("-") || lower.startsWith("+")) ? lower.substring(1) : lower;
		boolean negative = lower.startsWith("-");
		if (unsigned.equals("inf") || unsigned.equals("infinity")) {
			return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
		}
		if (unsigned.equals("nan")) {
			return Double.NaN;
		}
		if (unsigned.isEmpty() || unsigned.length() > 400) {
			throw new PickleException("Invalid float '" + abbreviate(line) + "'", at);
		}
		for (int i = 0; i < unsigned.length(); i++) {
			char c = unsigned.charAt(i);
			if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == '+' || c == '-')) {
				throw new PickleException("Invalid float '" + abbreviate(line) + "'", at);
			}
		}
		try {
			return Double.valueOf(line);
		}
		catch (NumberFormatException ex) {
			throw new PickleException("Invalid float '" + abbreviate(line) + "'", at);
		}
	}

	/** STRING: a quoted, backslash-escaped Python 2 str literal ({@code codecs.escape_decode}). */
	private Object readQuotedString(int at) {
		int lineEnd = lineEnd(at);
		int start = this.pos;
		this.pos = lineEnd + 1;
		int length = lineEnd - start;
		byte quote = (length >= 2) ? this.data[start] : 0;
		if ((quote != '\'' && quote != '"') || this.data[lineEnd - 1] != quote) {
			throw new PickleException("The STRING opcode argument must be quoted", at);
		}
		byte[] out = new byte[length - 2];
		int n = 0;
		int i = start + 1;
		int stop = lineEnd - 1;
		while (i < stop) {
			byte b = this.data[i++];
			if (b != '\\') {
				out[n++] = b;
				continue;
			}
			if (i >= stop) {
				throw new PickleException("Trailing backslash in STRING", at);
			}
			byte c = this.data[i++];
			switch (c) {
				case '\n' -> {
				}
				case '\\', '\'', '"' -> out[n++] = c;
				case 'b' -> out[n++] = '\b';
				case 'f' -> out[n++] = '\f';
				case 't' -> out[n++] = '\t';
				case 'n' -> out[n++] = '\n';
				case 'r' -> out[n++] = '\r';
				case 'v' -> out[n++] = 0x0B;
				case 'a' -> out[n++] = 0x07;
				case 'x' -> {
					int high = (i < stop) ? Character.digit(this.data[i], 16) : -1;
					int low = (i + 1 < stop) ? Character.digit(this.data[i + 1], 16) : -1;
					if (high < 0 || low < 0) {
						throw new PickleException("Invalid \\x escape in STRING", at);
					}
					out[n++] = (byte) (high * 16 + low);
					i += 2;
				}
				default -> {
					if (c >= '0' && c <= '7') {
						int value = c - '0';
						for (int k = 0; k < 2 && i < stop && this.data[i] >= '0' && this.data[i] <= '7'; k++) {
							value = value * 8 + (this.data[i++] - '0');
						}
						out[n++] = (byte) value;
					}
					else {
						out[n++] = '\\';
						out[n++] = c;
					}
				}
			}
		}
		return legacyString(out, 0, n);
	}

	/** UNICODE: a raw-unicode-escape line (Latin-1 with \\uXXXX and \\UXXXXXXXX escapes). */
	private String readRawUnicode(int at) {
		int lineEnd = lineEnd(at);
		int i = this.pos;
		this.pos = lineEnd + 1;
		StringBuilder text = new StringBuilder(lineEnd - i);
		while (i < lineEnd) {
			byte b = this.data[i];
			if (b != '\\') {
				text.append((char) (b & 0xFF));
				i++;
				continue;
			}
			int slashes = 0;
			while (i < lineEnd && this.data[i] == '\\') {
				text.append('\\');
				slashes++;
				i++;
			}
			if ((slashes & 1) == 0 || i >= lineEnd || (this.data[i] != 'u' && this.data[i] != 'U')) {
				continue;
			}
			text.setLength(text.length() - 1);
			int count = (this.data[i] == 'u') ? 4 : 8;
			i++;
			if (i + count > lineEnd) {
				throw new PickleException("Truncated \\u escape in UNICODE", at);
			}
			int codePoint = 0;
			for (int k = 0; k < count; k++) {
				int digit = Character.digit(this.data[i++], 16);
				if (digit < 0) {
					throw new PickleException("Invalid \\u escape in UNICODE", at);
				}
				codePoint = codePoint * 16 + digit;
			}
			if (codePoint < 0 || codePoint > Character.MAX_CODE_POINT) {
				throw new PickleException("Invalid code point in UNICODE", at);
			}
			text.appendCodePoint(codePoint);
		}
		return text.toString();
	}

	private static String abbreviate(String text) {
		return (text.length() > 40) ? text.substring(0, 40) + "..." : text;
	}

	// containers

	private void addItems(int op, int at) {
		try {
			switch (op) {
				case Opcodes.SETITEM -> {
					Object value = pop(at);
					Object key = pop(at);
					setItem(peek(at), key, value, at);
				}
				case Opcodes.SETITEMS -> setItems(at);
				case Opcodes.APPEND -> {
					Object value = pop(at);
					append(peek(at), value, at);
				}
				default -> appends(at);
			}
		}
		catch (PickleException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			// a container created by a registered factory refused the items
			throw new PickleException("Cannot add items: " + ex, at, ex);
		}
	}

	private void setItem(@Nullable Object target, @Nullable Object key, @Nullable Object value, int at) {
		if (target instanceof Map<?, ?> map) {
			checkHashable(key, at);
			@SuppressWarnings("unchecked")
			Map<Object, Object> dict = (Map<Object, Object>) map;
			dict.put(key, value);
		}
		else if (target instanceof PickleObject object) {
			checkHashable(key, at);
			object.setItem(key, value);
		}
		else {
			throw new PickleException("SETITEM on a value that is not a dict", at);
		}
	}

	private void setItems(int at) {
		Object[] items = popToMark(at);
		Object target = peek(at);
		if (target instanceof Map<?, ?> map) {
			@SuppressWarnings("unchecked")
			Map<Object, Object> dict = (Map<Object, Object>) map;
			putPairs(dict, items, at);
		}
		else if (target instanceof PickleObject object) {
			if ((items.length & 1) != 0) {
				throw new PickleException("SETITEMS with an odd number of items", at);
			}
			for (int i = 0; i < items.length; i += 2) {
				checkHashable(items[i], at);
				object.setItem(items[i], items[i + 1]);
			}
		}
		else {
			throw new PickleException("SETITEMS on a value that is not a dict", at);
		}
	}

	private void putPairs(Map<Object, Object> dict, @Nullable Object[] items, int at) {
		if ((items.length & 1) != 0) {
			throw new PickleException("Odd number of items for a dict", at);
		}
		for (int i = 0; i < items.length; i += 2) {
			checkHashable(items[i], at);
			dict.put(items[i], items[i + 1]);
		}
	}

	private void append(@Nullable Object target, @Nullable Object value, int at) {
		if (target instanceof List<?> list && !(target instanceof PickleTuple)) {
			@SuppressWarnings("unchecked")
			List<Object> items = (List<Object>) list;
			items.add(value);
		}
		else if (target instanceof PickleObject object) {
			object.appendItem(value);
		}
		else {
			throw new PickleException("APPEND on a value that is not a list", at);
		}
	}

	private void appends(int at) {
		Object[] items = popToMark(at);
		Object target = peek(at);
		if (target instanceof List<?> list && !(target instanceof PickleTuple)) {
			@SuppressWarnings("unchecked")
			List<Object> values = (List<Object>) list;
			values.addAll(Arrays.asList(items));
		}
		else if (target instanceof PickleObject object) {
			for (Object item : items) {
				object.appendItem(item);
			}
		}
		else {
			throw new PickleException("APPENDS on a value that is not a list", at);
		}
	}

	/** Rejects dict keys Python could not hash, and keys too deep or large to hash in bounded time. */
	private static void checkHashable(@Nullable Object key, int at) {
		String problem = Hashability.problem(key);
		if (problem != null) {
			throw new PickleException(problem + " as a dict key", at);
		}
	}

	// objects

	private Object construct(@Nullable Object callable, @Nullable Object arguments,
			PickleObject.Construction construction, int at) {
		if (!(callable instanceof Global type)) {
			throw new PickleException("Cannot construct an object from a value that is not a global", at);
		}
		if (!(arguments instanceof PickleTuple args)) {
			throw new PickleException("Arguments of " + type + " are not a tuple", at);
		}
		if (construction == PickleObject.Construction.REDUCE) {
			Object special = constructSpecial(type, args, at);
			if (special != null) {
				return special;
			}
		}
		return create(type, args, construction, at);
	}

	private Object create(Global type, PickleTuple args, PickleObject.Construction construction, int at) {
		ObjectFactory factory = this.registry.find(type);
		if (factory == null) {
			return new PickleObject(type, args, construction);
		}
		Object value;
		try {
			value = factory.create(type, args);
		}
		catch (RuntimeException ex) {
			throw new PickleException("Cannot create " + type + ": " + ex.getMessage(), at, ex);
		}
		if (value == null) {
			throw new PickleException("Factory for " + type + " returned null", at);
		}
		if (this.created == null) {
			this.created = new IdentityHashMap<>();
		}
		this.created.put(value, factory);
		return value;
	}

	/** The reductions ZODB itself interprets rather than treating as a class. */
	private @Nullable Object constructSpecial(Global type, PickleTuple args, int at) {
		String module = type.module();
		String name = type.name();
		if (module.equals("_codecs") && name.equals("encode") && args.size() == 2
				&& args.get(0) instanceof String text && args.get(1) instanceof String encoding
				&& (encoding.equals("latin1") || encoding.equals("latin-1"))) {
			try {
				return PickleBytes.ofLatin1(text);
			}
			catch (IllegalArgumentException ex) {
				throw new PickleException("_codecs.encode of text that is not Latin-1", at);
			}
		}
		if (name.equals("bytes") && args.isEmpty() && (module.equals("builtins") || module.equals("__builtin__"))) {
			return PickleBytes.of(new byte[0]);
		}
		if (module.equals("ZODB.broken") && name.equals("rebuild") && args.size() >= 2
				&& args.get(0) instanceof String brokenModule && args.get(1) instanceof String brokenName
				&& brokenModule.indexOf('\n') < 0 && brokenName.indexOf('\n') < 0) {
			return create(new Global(brokenModule, brokenName), PickleTuple.copyOf(args.subList(2, args.size())),
					PickleObject.Construction.NEWOBJ, at);
		}
		if (name.equals("_reconstructor") && (module.equals("copy_reg") || module.equals("copyreg"))
				&& args.size() == 3 && args.get(0) instanceof Global cls && args.get(1) instanceof Global base
				&& base.name().equals("object") && args.get(2) == null
				&& (base.module().equals("__builtin__") || base.module().equals("builtins"))) {
			return create(cls, PickleTuple.empty(), PickleObject.Construction.NEWOBJ, at);
		}
		return null;
	}

	private void build(@Nullable Object instance, @Nullable Object state, int at) {
		if (instance instanceof PickleObject object) {
			object.applyState(state, at);
			return;
		}
		ObjectFactory factory = (this.created != null && instance != null) ? this.created.get(instance) : null;
		if (factory == null) {
			throw new PickleException("BUILD on a value that is not an object", at);
		}
		try {
			factory.build(instance, state);
		}
		catch (RuntimeException ex) {
			throw new PickleException("Cannot apply state: " + ex.getMessage(), at, ex);
		}
	}

	private @Nullable Object persistentLoad(@Nullable Object pid, int at) {
		if (this.rawPids != null) {
			this.rawPids.accept(pid);
			return pid;
		}
		return PersistentReference.fromPid(pid, at);
	}

}
