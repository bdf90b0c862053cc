package io.zkzeo.pickle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;

import io.zkzeo.storage.ReferenceFinder;
import io.zkzeo.storage.StorageError;
import org.jspecify.annotations.Nullable;

/**
 * Finds the oids a record refers to, as ZODB's {@code referencesf} does for pack: every persistent id
 * in either pickle that is an oid or an {@code (oid, class)} tuple; weak and cross-database references
 * (list-shaped ids) are skipped; duplicates are kept, in order of appearance.
 *
 * <p>The common case is a single pass over the opcodes that tracks only what each stack slot could
 * contribute to a persistent id (the position of a byte string, or of a tuple's first item), with no
 * allocation per opcode. Records using rare protocol 0 opcodes or odd persistent ids are read with
 * {@link PickleReader} instead, which also produces the error for malformed records. Thread-safe.
 */
public final class ReferenceScanner implements ReferenceFinder {

	private static final long OTHER = 0;

	private static final long BYTES = 1L << 60;

	private static final long TEXT = 2L << 60;

	private static final long TUPLE_BYTES = 3L << 60;

	private static final long TUPLE_TEXT = 4L << 60;

	private static final long LIST = 5L << 60;

	private static final long TUPLE_OTHER = 6L << 60;

	private static final long TAG = 7L << 60;

	private static final long UNSET = -1L;

	private static final int MAX_MEMO = 1 << 16;

	/**
	 * Reports every oid the record refers to strongly.
	 * @param record the object record (two pickles)
	 * @param oids receives each oid, as an unsigned 64-bit value
	 * @throws StorageError if the record cannot be read
	 */
	@Override
	public void findReferences(byte[] record, LongConsumer oids) {
		try {
			scan(record, oids);
		}
		catch (PickleException ex) {
			throw new StorageError("Cannot find references in record: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Returns every oid the record refers to strongly, in order, with duplicates.
	 * @param record the object record
	 * @return the oids as unsigned 64-bit values
	 * @throws PickleException if the record cannot be read
	 */
	public long[] references(byte[] record) {
		long[][] found = { new long[8] };
		int[] count = { 0 };
		scan(record, (oid) -> {
			if (count[0] == found[0].length) {
				found[0] = Arrays.copyOf(found[0], count[0] * 2);
			}
			found[0][count[0]++] = oid;
		});
		return Arrays.copyOf(found[0], count[0]);
	}

	/**
	 * Reports every oid the record refers to strongly; nothing is reported if the record is malformed.
	 * @param record the object record
	 * @param oids receives each oid
	 * @throws PickleException if the record cannot be read
	 */
	public void scan(byte[] record, LongConsumer oids) {
		Scan scan = new Scan(record);
		if (scan.run()) {
			for (int i = 0; i < scan.foundCount; i++) {
				oids.accept(scan.found[i]);
			}
		}
		else {
			scanSlowly(record, oids);
		}
	}

	private static void scanSlowly(byte[] record, LongConsumer oids) {
		List<@Nullable Object> pids = new ArrayList<>();
		PickleReader reader = new PickleReader(record, ClassRegistry.empty());
		reader.collectRawPersistentIds(pids::add);
		reader.load();
		reader.load();
		long[] found = new long[pids.size()];
		int count = 0;
		for (Object pid : pids) {
			Object oid = pid;
			if (pid instanceof PickleTuple tuple) {
				if (tuple.isEmpty()) {
					throw new PickleException("Persistent id is an empty tuple", 0);
				}
				oid = tuple.get(0);
			}
			else if (pid instanceof List<?>) {
				continue;
			}
			found[count++] = PersistentReference.toOid(oid, 0).value();
		}
		for (int i = 0; i < count; i++) {
			oids.accept(found[i]);
		}
	}

	/** One pass over a record; {@link #run()} returns {@code false} when the slow path must decide. */
	private static final class Scan {

		private final byte[] data;

		private final int end;

		private int pos;

		private long[] stack = new long[32];

		private int sp;

		private int[] marks = new int[8];

		private int mp;

		private long[] memo = new long[32];

		long[] found = new long[8];

		int foundCount;

		Scan(byte[] data) {
			this.data = data;
			this.end = data.length;
			Arrays.fill(this.memo, UNSET);
		}

		boolean run() {
			return pickle() && pickle();
		}

		private boolean pickle() {
			this.sp = 0;
			this.mp = 0;
			final byte[] data = this.data;
			while (this.pos < this.end) {
				int op = data[this.pos++] & 0xFF;
				switch (op) {
					case Opcodes.BINPUT -> {
						if (this.pos >= this.end || !put(data[this.pos++] & 0xFF)) {
							return false;
						}
					}
					case Opcodes.BINGET -> {
						if (this.pos >= this.end || !get(data[this.pos++] & 0xFF)) {
							return false;
						}
					}
					case Opcodes.LONG_BINPUT -> {
						if (!has(4) || !put(i32())) {
							return false;
						}
					}
					case Opcodes.LONG_BINGET -> {
						if (!has(4) || !get(i32())) {
							return false;
						}
					}
					case Opcodes.BINUNICODE -> {
						if (!pushString(TEXT)) {
							return false;
						}
					}
					case Opcodes.BINBYTES, Opcodes.BINSTRING -> {
						if (!pushString(BYTES)) {
							return false;
						}
					}
					case Opcodes.SHORT_BINBYTES, Opcodes.SHORT_BINSTRING -> {
						if (this.pos >= this.end) {
							return false;
						}
						int length = data[this.pos++] & 0xFF;
						if (length > this.end - this.pos) {
							return false;
						}
						push(BYTES | ((long) length << 32) | this.pos);
						this.pos += length;
					}
					case Opcodes.BININT1 -> {
						if (!skip(1)) {
							return false;
						}
					}
					case Opcodes.BININT2 -> {
						if (!skip(2)) {
							return false;
						}
					}
					case Opcodes.BININT -> {
						if (!skip(4)) {
							return false;
						}
					}
					case Opcodes.BINFLOAT -> {
						if (!skip(8)) {
							return false;
						}
					}
					case Opcodes.LONG1 -> {
						if (this.pos >= this.end || !skip(data[this.pos++] & 0xFF)) {
							return false;
						}
					}
					case Opcodes.LONG4 -> {
						if (!has(4)) {
							return false;
						}
						int length = i32();
						if (length < 0 || !skip(length)) {
							return false;
						}
					}
					case Opcodes.NONE, Opcodes.NEWTRUE, Opcodes.NEWFALSE, Opcodes.EMPTY_DICT -> push(OTHER);
					case Opcodes.EMPTY_LIST -> push(LIST);
					case Opcodes.EMPTY_TUPLE -> push(TUPLE_OTHER);
					case Opcodes.MARK -> {
						if (this.mp == this.marks.length) {
							this.marks = Arrays.copyOf(this.marks, this.mp * 2);
						}
						this.marks[this.mp++] = this.sp;
					}
					case Opcodes.TUPLE1 -> {
						if (available() < 1) {
							return false;
						}
						this.stack[this.sp - 1] = tupleOf(this.stack[this.sp - 1]);
					}
					case Opcodes.TUPLE2, Opcodes.TUPLE3 -> {
						int n = op - Opcodes.TUPLE1 + 1;
						if (available() < n) {
							return false;
						}
						this.sp -= n - 1;
						this.stack[this.sp - 1] = tupleOf(this.stack[this.sp - 1]);
					}
					case Opcodes.TUPLE -> {
						if (this.mp == 0) {
							return false;
						}
						int mark = this.marks[--this.mp];
						long tuple = (this.sp > mark) ? tupleOf(this.stack[mark]) : TUPLE_OTHER;
						this.sp = mark;
						push(tuple);
					}
					case Opcodes.LIST, Opcodes.DICT, Opcodes.OBJ -> {
						if (this.mp == 0) {
							return false;
						}
						int mark = this.marks[--this.mp];
						if (op == Opcodes.OBJ && this.sp == mark) {
							return false;
						}
						this.sp = mark;
						push((op == Opcodes.LIST) ? LIST : OTHER);
					}
					case Opcodes.APPENDS, Opcodes.SETITEMS -> {
						if (this.mp == 0) {
							return false;
						}
						this.sp = this.marks[--this.mp];
						if (available() < 1) {
							return false;
						}
					}
					case Opcodes.APPEND, Opcodes.BUILD -> {
						if (available() < 2) {
							return false;
						}
						this.sp--;
					}
					case Opcodes.SETITEM -> {
						if (available() < 3) {
							return false;
						}
						this.sp -= 2;
					}
					case Opcodes.REDUCE, Opcodes.NEWOBJ -> {
						if (available() < 2) {
							return false;
						}
						this.sp--;
						this.stack[this.sp - 1] = OTHER;
					}
					case Opcodes.GLOBAL -> {
						if (!skipLine() || !skipLine()) {
							return false;
						}
						push(OTHER);
					}
					case Opcodes.INST -> {
						if (!skipLine() || !skipLine() || this.mp == 0) {
							return false;
						}
						this.sp = this.marks[--this.mp];
						push(OTHER);
					}
					case Opcodes.INT, Opcodes.LONG, Opcodes.FLOAT -> {
						if (!skipLine()) {
							return false;
						}
						push(OTHER);
					}
					case Opcodes.BINPERSID -> {
						if (available() < 1 || !persistentId(this.stack[this.sp - 1])) {
							return false;
						}
						this.stack[this.sp - 1] = OTHER;
					}
					case Opcodes.POP -> {
						if (this.mp > 0 && this.marks[this.mp - 1] == this.sp) {
							this.mp--;
						}
						else if (available() < 1) {
							return false;
						}
						else {
							this.sp--;
						}
					}
					case Opcodes.POP_MARK -> {
						if (this.mp == 0) {
							return false;
						}
						this.sp = this.marks[--this.mp];
					}
					case Opcodes.DUP -> {
						if (available() < 1) {
							return false;
						}
						push(this.stack[this.sp - 1]);
					}
					case Opcodes.PROTO -> {
						if (this.pos >= this.end || (data[this.pos++] & 0xFF) > Opcodes.HIGHEST_PROTOCOL) {
							return false;
						}
					}
					case Opcodes.STOP -> {
						return available() >= 1;
					}
					default -> {
						return false;
					}
				}
			}
			return false;
		}

		private int available() {
			return this.sp - ((this.mp > 0) ? this.marks[this.mp - 1] : 0);
		}

		private void push(long value) {
			if (this.sp == this.stack.length) {
				this.stack = Arrays.copyOf(this.stack, this.sp * 2);
			}
			this.stack[this.sp++] = value;
		}

		private boolean has(int count) {
			return count <= this.end - this.pos;
		}

		private boolean skip(int count) {
			if (count > this.end - this.pos) {
				return false;
			}
			this.pos += count;
			push(OTHER);
			return true;
		}

		private boolean skipLine() {
			for (int i = this.pos; i < this.end; i++) {
				if (this.data[i] == '\n') {
					this.pos = i + 1;
					return true;
				}
			}
			return false;
		}

		private int i32() {
			byte[] data = this.data;
			int p = this.pos;
			this.pos = p + 4;
			return (data[p] & 0xFF) | ((data[p + 1] & 0xFF) << 8) | ((data[p + 2] & 0xFF) << 16) | (data[p + 3] << 24);
		}

		private boolean pushString(long tag) {
			if (!has(4)) {
				return false;
			}
			long length = i32() & 0xFFFFFFFFL;
			if (length > this.end - this.pos) {
				return false;
			}
			push(tag | (Math.min(length, 0x0FFFFFFFL) << 32) | this.pos);
			this.pos += (int) length;
			return true;
		}

		private static long tupleOf(long first) {
			long tag = first & TAG;
			if (tag == BYTES) {
				return (first & ~TAG) | TUPLE_BYTES;
			}
			if (tag == TEXT) {
				return (first & ~TAG) | TUPLE_TEXT;
			}
			return TUPLE_OTHER;
		}

		private boolean put(int index) {
			if (index < 0 || index >= MAX_MEMO || available() < 1) {
				return false;
			}
			if (index >= this.memo.length) {
				int oldLength = this.memo.length;
				this.memo = Arrays.copyOf(this.memo, Math.max(index + 1, oldLength * 2));
				Arrays.fill(this.memo, oldLength, this.memo.length, UNSET);
			}
			this.memo[index] = this.stack[this.sp - 1];
			return true;
		}

		private boolean get(int index) {
			if (index < 0 || index >= this.memo.length || this.memo[index] == UNSET) {
				return false;
			}
			push(this.memo[index]);
			return true;
		}

		/** Records the oid of a persistent id; {@code false} if the slow path must judge it. */
		private boolean persistentId(long pid) {
			long tag = pid & TAG;
			if (tag == LIST) {
				return true;
			}
			boolean text = (tag == TEXT || tag == TUPLE_TEXT);
			if (!text && tag != BYTES && tag != TUPLE_BYTES) {
				return false;
			}
			int offset = (int) pid;
			int length = (int) ((pid >>> 32) & 0x0FFFFFFF);
			if (length != 8) {
				return false;
			}
			long oid = 0;
			for (int i = offset; i < offset + 8; i++) {
				byte b = this.data[i];
				if (text && b < 0) {
					return false;
				}
				oid = (oid << 8) | (b & 0xFF);
			}
			if (this.foundCount == this.found.length) {
				this.found = Arrays.copyOf(this.found, this.foundCount * 2);
			}
			this.found[this.foundCount++] = oid;
			return true;
		}

	}

}
