package io.zkzeo.storage.file;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import io.zkzeo.storage.DataRevision;
import io.zkzeo.storage.Tid;
import org.jspecify.annotations.Nullable;

/**
 * Copies of the records a FileStorage wrote lately, so that the usual load (of the current revision) and the
 * serial check of a store need no read of the file: after a commit, every client that cached a changed object
 * loads it again soon. An entry names the file position of the record it copies and answers only while the
 * index still points there, so it can never stand in for a newer revision; a pack clears the cache. Bounded by
 * the bytes it holds, the oldest entries going first. Records read from the file are not added: under random
 * reads of a large file that would only churn the cache.
 * <p>
 * The copies live one after the other in a ring of bytes (each with a header: data length, oid, position, tid),
 * found through a {@link LongLongHashMap} of oids to offsets. Under a steady stream of commits, each copy held
 * for a second or so, a copy per object would be a few objects the collector copies from young space to old; in
 * the ring, which grows up to the cache's size and is then reused, they are not objects at all. Reads share a
 * lock, writes hold it alone.
 */
final class CurrentRecordCache {

	/** Bytes counted for an entry on top of its data: its header in the ring. */
	static final int ENTRY_OVERHEAD = 28;

	/** The largest ring, whatever the cache's size. */
	static final int MAX_RING = 1 << 30;

	private static final int FIRST_RING = 64 * 1024;

	private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());

	private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

	private static final int OID = 4;

	private static final int POSITION = 12;

	private static final int TID = 20;

	private final int ringCapacity;

	private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

	private final LongLongHashMap offsets = new LongLongHashMap();

	private byte[] ring = new byte[0];

	/**
	 * The offset at the ring's first byte: an offset's place in the ring is its distance from here, modulo the
	 * ring's length.
	 */
	private long base;

	/** Offset of the oldest entry or gap; entries run from here to {@link #head}. Offsets only grow. */
	private long tail;

	/** Offset of the next entry. */
	private long head;

	private long bytes;

	/**
	 * Creates a cache.
	 * @param capacity bytes of record data (plus {@link #ENTRY_OVERHEAD} each) it holds at most (at most
	 * {@link #MAX_RING}); 0 keeps nothing
	 */
	CurrentRecordCache(long capacity) {
		if (capacity < 0) {
			throw new IllegalArgumentException("Cache capacity must not be negative, not " + capacity);
		}
		this.ringCapacity = (int) Math.min(capacity, MAX_RING) & ~3;
	}

	/**
	 * Returns a copy of an object's record at a position.
	 * @param oid the object
	 * @param position where the index says its current record is
	 * @return the copy, or {@code null} if the cache holds none of that record
	 */
	@Nullable Entry get(long oid, long position) {
		this.lock.readLock().lock();
		try {
			int at = find(oid, position);
			if (at < 0) {
				return null;
			}
			int length = (int) INT.get(this.ring, at);
			int data = at + ENTRY_OVERHEAD;
			return new Entry(position, (long) LONG.get(this.ring, at + TID),
					Arrays.copyOfRange(this.ring, data, data + length));
		}
		finally {
			this.lock.readLock().unlock();
		}
	}

	/**
	 * Returns the tid of an object's record at a position.
	 * @param oid the object
	 * @param position where the index says its current record is
	 * @return the tid of the transaction that wrote it, or 0 if the cache holds none of that record
	 */
	long tid(long oid, long position) {
		this.lock.readLock().lock();
		try {
			int at = find(oid, position);
			return (at < 0) ? 0 : (long) LONG.get(this.ring, at + TID);
		}
		finally {
			this.lock.readLock().unlock();
		}
	}

	/**
	 * Keeps a copy of a record that is about to become an object's current one.
	 * @param oid the object
	 * @param position where the record is in the file
	 * @param tid the transaction that wrote it
	 * @param data its data
	 */
	void put(long oid, long position, long tid, byte[] data) {
		long cost = cost(data.length);
		if (cost > this.ringCapacity / 4) {
			return;
		}
		int size = (int) cost;
		this.lock.writeLock().lock();
		try {
			int gap = makeRoom(size);
			if (gap > 0) {
				INT.set(this.ring, ringIndex(this.head), -gap);
				this.head += gap;
			}
			int at = ringIndex(this.head);
			INT.set(this.ring, at, data.length);
			LONG.set(this.ring, at + OID, oid);
			LONG.set(this.ring, at + POSITION, position);
			LONG.set(this.ring, at + TID, tid);
			System.arraycopy(data, 0, this.ring, at + ENTRY_OVERHEAD, data.length);
			long replaced = this.offsets.put(oid, this.head + 1);
			if (replaced != 0) {
				this.bytes -= sizeAt(ringIndex(replaced - 1));
			}
			this.head += size;
			this.bytes += size;
		}
		finally {
			this.lock.writeLock().unlock();
		}
	}

	/**
	 * Drops every copy: the file's positions are about to change.
	 */
	void clear() {
		this.lock.writeLock().lock();
		try {
			this.offsets.clear();
			this.ring = new byte[0];
			this.base = 0;
			this.tail = 0;
			this.head = 0;
			this.bytes = 0;
		}
		finally {
			this.lock.writeLock().unlock();
		}
	}

	/** Returns the bytes counted for what the cache holds. */
	long bytes() {
		this.lock.readLock().lock();
		try {
			return this.bytes;
		}
		finally {
			this.lock.readLock().unlock();
		}
	}

	/** Returns how many records the cache holds. */
	int size() {
		this.lock.readLock().lock();
		try {
			return this.offsets.size();
		}
		finally {
			this.lock.readLock().unlock();
		}
	}

	/** Returns where in the ring the entry of a record starts, or -1 if the cache holds none. */
	private int find(long oid, long position) {
		long offset = this.offsets.get(oid);
		if (offset == 0) {
			return -1;
		}
		int at = ringIndex(offset - 1);
		return ((long) LONG.get(this.ring, at + POSITION) == position) ? at : -1;
	}

	/**
	 * Grows the ring or drops the oldest entries until an entry of some size fits at the head without crossing
	 * the ring's end.
	 * @return how many bytes to skip at the ring's end first (0 if none)
	 */
	private int makeRoom(int size) {
		if (this.tail == this.head) {
			this.base = this.head;
		}
		while (true) {
			int at = (this.ring.length == 0) ? 0 : ringIndex(this.head);
			int gap = (this.ring.length - at < size) ? this.ring.length - at : 0;
			long needed = (this.head - this.tail) + gap + size;
			if (needed <= this.ring.length) {
				return gap;
			}
			if (this.ring.length < this.ringCapacity) {
				grow(needed);
			}
			else {
				dropOldest();
			}
		}
	}

	/** Copies the entries to a larger ring, in offset order from its start. */
	private void grow(long needed) {
		int length = (int) Math.min(this.ringCapacity,
				Math.max(needed, Math.max(FIRST_RING, 2L * this.ring.length)));
		byte[] larger = new byte[length];
		int used = (int) (this.head - this.tail);
		if (used > 0) {
			int from = ringIndex(this.tail);
			int first = Math.min(used, this.ring.length - from);
			System.arraycopy(this.ring, from, larger, 0, first);
			System.arraycopy(this.ring, 0, larger, first, used - first);
		}
		this.ring = larger;
		this.base = this.tail;
	}

	private void dropOldest() {
		int at = ringIndex(this.tail);
		int length = (int) INT.get(this.ring, at);
		if (length < 0) {
			this.tail += -length;
			return;
		}
		int size = (int) cost(length);
		long oid = (long) LONG.get(this.ring, at + OID);
		if (this.offsets.get(oid) == this.tail + 1) {
			this.offsets.remove(oid);
			this.bytes -= size;
		}
		this.tail += size;
	}

	private int sizeAt(int at) {
		return (int) cost((int) INT.get(this.ring, at));
	}

	private int ringIndex(long offset) {
		return (int) ((offset - this.base) % this.ring.length);
	}

	/** Returns the bytes an entry of some data takes in the ring: header and data, rounded up to 4. */
	private static long cost(int dataLength) {
		return (ENTRY_OVERHEAD + (long) dataLength + 3) & ~3L;
	}

	/**
	 * A copy of a record.
	 *
	 * @param position where the record is in the file
	 * @param tid the transaction that wrote it
	 * @param data a copy of its data, the caller's own
	 */
	record Entry(long position, long tid, byte[] data) {

		/** Returns the record as the object's current revision. */
		DataRevision currentRevision() {
			return new DataRevision(this.data, Tid.of(this.tid), null);
		}

	}

}
