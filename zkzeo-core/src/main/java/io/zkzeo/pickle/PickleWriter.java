package io.zkzeo.pickle;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Writes protocol 3 pickles exactly as ZODB 5 on Python 3 (zodbpickle's C pickler) writes them: the
 * same opcodes, the same memo numbering and {@code BINPUT}/{@code BINGET} use, the same batching of list
 * and dict items. The memo is kept between {@link #dump} calls, as ZODB keeps it between a record's two
 * pickles; objects are shared (and cycles closed) by identity, {@link Global}s by name.
 *
 * <p>Values are those of the package's value model; {@code Integer}, {@code Short}, {@code Byte},
 * {@code Float} and {@code byte[]} are accepted too. Every object but strings, numbers, booleans, references and
 * {@link Global}s is first offered to the persistent id function, if one was given, as Python's pickler offers
 * every object to {@code persistent_id}: so a persistent object that is also a list or a map is written as a
 * reference. What the function declines is written as a value of the model or, failing that, by the registry's
 * reducer for its class. A writer is not thread-safe.
 */
public final class PickleWriter {

	private static final int MAX_DEPTH = 1200;

	private static final int INITIAL_BUFFER = 256;

	/** A writer reset after a larger record lets its buffer go, rather than hold it for every record after. */
	private static final int LARGEST_KEPT_BUFFER = 64 * 1024;

	private final @Nullable Function<Object, @Nullable PersistentReference> persistentIds;

	private final ClassRegistry registry;

	private final IdentityMemo memo = new IdentityMemo();

	private Global[] globals = new Global[4];

	private int[] globalIndexes = new int[4];

	private int globalCount;

	private @Nullable Map<Object, PickleBytes> oids;

	private int memoSize;

	private byte[] buffer;

	private int size;

	private int depth;

	/**
	 * Creates a writer for values of the value model only.
	 */
	public PickleWriter() {
		this(ClassRegistry.empty(), null);
	}

	/**
	 * Creates a writer that turns objects outside the value model into persistent references.
	 * @param persistentIds returns the reference for an object, or {@code null} if it has none
	 */
	public PickleWriter(@Nullable Function<Object, @Nullable PersistentReference> persistentIds) {
		this(ClassRegistry.empty(), persistentIds);
	}

	/**
	 * Creates a writer that turns objects outside the value model into persistent references or, with
	 * the registry's reducers, into constructed objects.
	 * @param registry the reducers for Java values outside the model
	 * @param persistentIds returns the reference for an object, or {@code null} if it has none
	 */
	public PickleWriter(ClassRegistry registry, @Nullable Function<Object, @Nullable PersistentReference> persistentIds) {
		this.registry = Objects.requireNonNull(registry, "'registry' must not be null");
		this.persistentIds = persistentIds;
		this.buffer = new byte[INITIAL_BUFFER];
	}

	/**
	 * Appends one pickle of the value: {@code PROTO 3}, the value, {@code STOP}.
	 * @param value the value
	 * @throws PickleException if the value (or something in it) cannot be pickled
	 */
	public void dump(@Nullable Object value) {
		this.depth = 0;
		ensure(2);
		this.buffer[this.size++] = (byte) Opcodes.PROTO;
		this.buffer[this.size++] = Opcodes.HIGHEST_PROTOCOL;
		save(value);
		write(Opcodes.STOP);
	}

	/**
	 * Returns everything written so far.
	 * @return a new array
	 */
	public byte[] toByteArray() {
		return Arrays.copyOf(this.buffer, this.size);
	}

	/**
	 * Returns the number of bytes written so far.
	 * @return the size
	 */
	public int size() {
		return this.size;
	}

	/**
	 * Forgets the output and the memo, so the writer can write another record.
	 */
	public void reset() {
		if (this.buffer.length > LARGEST_KEPT_BUFFER) {
			this.buffer = new byte[INITIAL_BUFFER];
		}
		this.size = 0;
		this.depth = 0;
		this.memo.clear();
		Arrays.fill(this.globals, 0, this.globalCount, null);
		this.globalCount = 0;
		this.oids = null;
		this.memoSize = 0;
	}

	private void save(@Nullable Object value) {
		if (value == null) {
			write(Opcodes.NONE);
			return;
		}
		if (value instanceof String text) {
			int index = this.memo.get(text);
			if (index >= 0) {
				writeGet(index);
				return;
			}
			saveString(text);
			memoize(text);
			return;
		}
		if (value instanceof Long number) {
			saveInt(number);
			return;
		}
		if (value instanceof Boolean bool) {
			write(bool ? Opcodes.NEWTRUE : Opcodes.NEWFALSE);
			return;
		}
		if (value instanceof Double number) {
			saveFloat(number);
			return;
		}
		if (value instanceof PersistentReference reference) {
			savePersistentReference(reference);
			return;
		}
		if (value instanceof Global global) {
			saveGlobal(global);
			return;
		}
		if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
			saveInt(((Number) value).longValue());
			return;
		}
		if (value instanceof BigInteger big) {
			if (big.bitLength() < 64) {
				saveInt(big.longValue());
			}
			else {
				saveBigInteger(big);
			}
			return;
		}
		if (value instanceof Float number) {
			saveFloat(number.doubleValue());
			return;
		}
		if (this.persistentIds != null) {
			PersistentReference reference = this.persistentIds.apply(value);
			if (reference != null) {
				savePersistentReference(reference);
				return;
			}
		}
		int index = this.memo.get(value);
		if (index >= 0) {
			writeGet(index);
			return;
		}
		if (++this.depth > MAX_DEPTH) {
			this.depth = 0;
			throw new PickleException("Value nests deeper than " + MAX_DEPTH + " levels");
		}
		if (value instanceof PickleBytes bytes) {
			saveBytes(bytes.array(), Opcodes.SHORT_BINBYTES, Opcodes.BINBYTES);
			memoize(bytes);
		}
		else if (value instanceof PickleTuple tuple) {
			saveTuple(tuple);
		}
		else if (value instanceof List<?> list) {
			saveList(list);
		}
		else if (value instanceof Map<?, ?> map) {
			saveDict(map);
		}
		else if (value instanceof PickleObject object) {
			saveObject(object, object);
		}
		else if (value instanceof LegacyString legacy) {
			saveBytes(legacy.array(), Opcodes.SHORT_BINSTRING, Opcodes.BINSTRING);
			memoize(legacy);
		}
		else if (value instanceof byte[] bytes) {
			saveBytes(bytes, Opcodes.SHORT_BINBYTES, Opcodes.BINBYTES);
			memoize(bytes);
		}
		else {
			saveOther(value);
		}
		this.depth--;
	}

	/**
	 * Writes a persistent id and {@code BINPERSID}. As ZODB's {@code persistent_id} returns a new id
	 * object on every call, the id's container is never fetched from the memo; references made by the
	 * factory methods share their oid bytes per target, as the target's {@code _p_oid} is shared.
	 */
	private void savePersistentReference(PersistentReference reference) {
		Object pid = reference.pid();
		if (reference.isCreated()) {
			pid = reference.pidSharing(sharedOid(reference));
		}
		else if (this.memo.get(pid) >= 0) {
			if (pid instanceof PickleTuple tuple) {
				pid = PickleTuple.copyOf(tuple);
			}
			else if (pid instanceof List<?> list) {
				pid = new ArrayList<Object>(list);
			}
		}
		save(pid);
		write(Opcodes.BINPERSID);
	}

	private PickleBytes sharedOid(PersistentReference reference) {
		if (this.oids == null) {
			this.oids = new HashMap<>();
		}
		Object key = (reference.database() != null)
				? List.of(reference.database(), reference.oid().value()) : reference.oid().value();
		return this.oids.computeIfAbsent(key, (ignored) -> PickleBytes.wrap(reference.oid().toBytes()));
	}

	private void saveOther(Object value) {
		Function<Object, PickleObject> reducer = this.registry.findReducer(value);
		PickleObject reduced = (reducer != null) ? reducer.apply(value) : null;
		if (reduced == null) {
			this.depth = 0;
			throw new PickleException("Cannot pickle a " + value.getClass().getName());
		}
		saveObject(reduced, value);
	}

	private void saveInt(long value) {
		if (value >= 0 && value < 0x100) {
			ensure(2);
			this.buffer[this.size++] = (byte) Opcodes.BININT1;
			this.buffer[this.size++] = (byte) value;
		}
		else if (value >= 0 && value < 0x10000) {
			ensure(3);
			this.buffer[this.size++] = (byte) Opcodes.BININT2;
			this.buffer[this.size++] = (byte) value;
			this.buffer[this.size++] = (byte) (value >> 8);
		}
		else if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
			ensure(5);
			this.buffer[this.size++] = (byte) Opcodes.BININT;
			writeI32((int) value);
		}
		else {
			int length = 8;
			while (length > 1) {
				int top = (int) (value >> ((length - 1) * 8)) & 0xFF;
				int next = (int) (value >> ((length - 2) * 8)) & 0x80;
				if ((top == 0 && next == 0) || (top == 0xFF && next != 0)) {
					length--;
				}
				else {
					break;
				}
			}
			ensure(2 + length);
			this.buffer[this.size++] = (byte) Opcodes.LONG1;
			this.buffer[this.size++] = (byte) length;
			for (int i = 0; i < length; i++) {
				this.buffer[this.size++] = (byte) (value >> (i * 8));
			}
		}
	}

	private void saveBigInteger(BigInteger value) {
		byte[] bigEndian = value.toByteArray();
		int length = bigEndian.length;
		if (length < 256) {
			ensure(2 + length);
			this.buffer[this.size++] = (byte) Opcodes.LONG1;
			this.buffer[this.size++] = (byte) length;
		}
		else {
			ensure(5 + length);
			this.buffer[this.size++] = (byte) Opcodes.LONG4;
			writeI32(length);
		}
		for (int i = length - 1; i >= 0; i--) {
			this.buffer[this.size++] = bigEndian[i];
		}
	}

	private void saveFloat(double value) {
		ensure(9);
		this.buffer[this.size++] = (byte) Opcodes.BINFLOAT;
		long bits = Double.doubleToRawLongBits(value);
		for (int shift = 56; shift >= 0; shift -= 8) {
			this.buffer[this.size++] = (byte) (bits >> shift);
		}
	}

	private void saveString(String text) {
		ensure(5 + 3 * text.length());
		int start = this.size;
		this.buffer[start] = (byte) Opcodes.BINUNICODE;
		this.size = Utf8.encode(text, this.buffer, start + 5);
		int length = this.size - start - 5;
		this.buffer[start + 1] = (byte) length;
		this.buffer[start + 2] = (byte) (length >> 8);
		this.buffer[start + 3] = (byte) (length >> 16);
		this.buffer[start + 4] = (byte) (length >> 24);
	}

	private void saveBytes(byte[] bytes, int shortOpcode, int longOpcode) {
		int length = bytes.length;
		if (length < 256) {
			ensure(2 + length);
			this.buffer[this.size++] = (byte) shortOpcode;
			this.buffer[this.size++] = (byte) length;
		}
		else {
			ensure(5 + length);
			this.buffer[this.size++] = (byte) longOpcode;
			writeI32(length);
		}
		System.arraycopy(bytes, 0, this.buffer, this.size, length);
		this.size += length;
	}

	private void saveGlobal(Global global) {
		for (int i = 0; i < this.globalCount; i++) {
			Global known = this.globals[i];
			if (known == global || known.equals(global)) {
				writeGet(this.globalIndexes[i]);
				return;
			}
		}
		String module = global.module();
		String name = global.name();
		ensure(3 + Utf8.encodedLength(module) + Utf8.encodedLength(name));
		this.buffer[this.size++] = (byte) Opcodes.GLOBAL;
		this.size = Utf8.encode(module, this.buffer, this.size);
		this.buffer[this.size++] = '\n';
		this.size = Utf8.encode(name, this.buffer, this.size);
		this.buffer[this.size++] = '\n';
		if (this.globalCount == this.globals.length) {
			this.globals = Arrays.copyOf(this.globals, this.globalCount * 2);
			this.globalIndexes = Arrays.copyOf(this.globalIndexes, this.globalCount * 2);
		}
		this.globals[this.globalCount] = global;
		this.globalIndexes[this.globalCount++] = this.memoSize;
		writePut(this.memoSize++);
	}

	private void saveTuple(PickleTuple tuple) {
		int length = tuple.size();
		if (length == 0) {
			write(Opcodes.EMPTY_TUPLE);
			return;
		}
		if (length <= 3) {
			for (int i = 0; i < length; i++) {
				save(tuple.get(i));
			}
			int index = this.memo.get(tuple);
			if (index >= 0) {
				for (int i = 0; i < length; i++) {
					write(Opcodes.POP);
				}
				writeGet(index);
				return;
			}
			write(Opcodes.TUPLE1 + length - 1);
		}
		else {
			write(Opcodes.MARK);
			for (int i = 0; i < length; i++) {
				save(tuple.get(i));
			}
			int index = this.memo.get(tuple);
			if (index >= 0) {
				write(Opcodes.POP_MARK);
				writeGet(index);
				return;
			}
			write(Opcodes.TUPLE);
		}
		memoize(tuple);
	}

	private void saveList(List<?> list) {
		write(Opcodes.EMPTY_LIST);
		memoize(list);
		int length = list.size();
		if (length == 1) {
			save(list.get(0));
			write(Opcodes.APPEND);
		}
		else if (length > 1) {
			Iterator<?> items = list.iterator();
			do {
				write(Opcodes.MARK);
				int batch = 0;
				while (items.hasNext()) {
					save(items.next());
					if (++batch == Opcodes.BATCH_SIZE) {
						break;
					}
				}
				write(Opcodes.APPENDS);
			}
			while (items.hasNext());
		}
	}

	private void saveDict(Map<?, ?> map) {
		write(Opcodes.EMPTY_DICT);
		memoize(map);
		int length = map.size();
		if (length == 1) {
			Map.Entry<?, ?> entry = map.entrySet().iterator().next();
			save(entry.getKey());
			save(entry.getValue());
			write(Opcodes.SETITEM);
		}
		else if (length > 1) {
			Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
			int batch;
			do {
				write(Opcodes.MARK);
				batch = 0;
				while (entries.hasNext()) {
					Map.Entry<?, ?> entry = entries.next();
					save(entry.getKey());
					save(entry.getValue());
					if (++batch == Opcodes.BATCH_SIZE) {
						break;
					}
				}
				write(Opcodes.SETITEMS);
			}
			while (batch == Opcodes.BATCH_SIZE);
		}
	}

	private void saveObject(PickleObject object, Object identity) {
		save(object.type());
		save(object.args());
		write((object.construction() == PickleObject.Construction.NEWOBJ) ? Opcodes.NEWOBJ : Opcodes.REDUCE);
		memoize(identity);
		if (object.hasListItems()) {
			batchItems(object.listItems().iterator(), false);
		}
		if (object.hasDictItems()) {
			batchItems(object.dictItems().entrySet().iterator(), true);
		}
		if (object.hasState()) {
			save(object.state());
			write(Opcodes.BUILD);
		}
	}

	/** Python's generic {@code batch_list}/{@code batch_dict}, used for a reduced object's items. */
	private void batchItems(Iterator<?> items, boolean pairs) {
		int batch;
		do {
			if (!items.hasNext()) {
				return;
			}
			Object first = items.next();
			if (!items.hasNext()) {
				saveItem(first, pairs);
				write(pairs ? Opcodes.SETITEM : Opcodes.APPEND);
				return;
			}
			write(Opcodes.MARK);
			saveItem(first, pairs);
			batch = 1;
			while (items.hasNext()) {
				saveItem(items.next(), pairs);
				if (++batch == Opcodes.BATCH_SIZE) {
					break;
				}
			}
			write(pairs ? Opcodes.SETITEMS : Opcodes.APPENDS);
		}
		while (batch == Opcodes.BATCH_SIZE);
	}

	private void saveItem(@Nullable Object item, boolean pair) {
		if (pair) {
			Map.Entry<?, ?> entry = (Map.Entry<?, ?>) item;
			save(entry.getKey());
			save(entry.getValue());
		}
		else {
			save(item);
		}
	}

	private void memoize(Object value) {
		this.memo.put(value, this.memoSize);
		writePut(this.memoSize++);
	}

	private void writePut(int index) {
		if (index < 256) {
			ensure(2);
			this.buffer[this.size++] = (byte) Opcodes.BINPUT;
			this.buffer[this.size++] = (byte) index;
		}
		else {
			ensure(5);
			this.buffer[this.size++] = (byte) Opcodes.LONG_BINPUT;
			writeI32(index);
		}
	}

	private void writeGet(int index) {
		if (index < 256) {
			ensure(2);
			this.buffer[this.size++] = (byte) Opcodes.BINGET;
			this.buffer[this.size++] = (byte) index;
		}
		else {
			ensure(5);
			this.buffer[this.size++] = (byte) Opcodes.LONG_BINGET;
			writeI32(index);
		}
	}

	private void write(int opcode) {
		ensure(1);
		this.buffer[this.size++] = (byte) opcode;
	}

	private void writeI32(int value) {
		this.buffer[this.size++] = (byte) value;
		this.buffer[this.size++] = (byte) (value >> 8);
		this.buffer[this.size++] = (byte) (value >> 16);
		this.buffer[this.size++] = (byte) (value >> 24);
	}

	private void ensure(int count) {
		if (this.size + count > this.buffer.length) {
			this.buffer = Arrays.copyOf(this.buffer, Math.max(this.size + count, this.buffer.length * 2));
		}
	}

}
