package io.zkzeo.storage.file;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;

import io.zkzeo.storage.DataRevision;
import io.zkzeo.storage.Tid;
import org.jspecify.annotations.Nullable;

/**
 * Copies of the records a FileStorage wrote lately, so that the usual load (of the current revision) and the
 * serial check of a store need no read of the file: after a commit, every client that cached a changed object
 * loads it again soon. An entry names the file position of the record it copies and answers only while the
 * index still points there, so it can never stand in for a newer revision; a pack clears the cache. Bounded by
 * the bytes of record data it holds, the oldest entries going first. Reads take no lock; writes are serialised.
 * Records read from the file are not added: under random reads of a large file that would only churn the cache.
 */
final class CurrentRecordCache {

	/** Bytes counted for an entry on top of its data: the entry, its map node and its key. */
	static final int ENTRY_OVERHEAD = 96;

	private final long capacity;

	private final ConcurrentHashMap<Long, Entry> entries = new ConcurrentHashMap<>();

	private final ArrayDeque<Long> insertionOrder = new ArrayDeque<>();

	private long bytes;

	/**
	 * Creates a cache.
	 * @param capacity bytes of record data (plus {@link #ENTRY_OVERHEAD} each) it holds at most; 0 keeps nothing
	 */
	CurrentRecordCache(long capacity) {
		if (capacity < 0) {
			throw new IllegalArgumentException("Cache capacity must not be negative, not " + capacity);
		}
		this.capacity = capacity;
	}

	/**
	 * Returns the copy of an object's record at a position.
	 * @param oid the object
	 * @param position where the index says its current record is
	 * @return the copy, or {@code null} if the cache holds none of that record
	 */
	@Nullable Entry get(long oid, long position) {
		Entry entry = this.entries.get(oid);
		return (entry != null && entry.position() == position) ? entry : null;
	}

	/**
	 * Keeps a copy of a record that is about to become an object's current one.
	 * @param oid the object
	 * @param position where the record is in the file
	 * @param tid the transaction that wrote it
	 * @param data its data, which the caller no longer changes
	 */
	void put(long oid, long position, long tid, byte[] data) {
		long cost = cost(data);
		if (cost > this.capacity / 4) {
			return;
		}
		synchronized (this.insertionOrder) {
			Entry previous = this.entries.put(oid, new Entry(position, tid, data));
			if (previous != null) {
				this.bytes -= cost(previous.data());
			}
			else {
				this.insertionOrder.addLast(oid);
			}
			this.bytes += cost;
			while (this.bytes > this.capacity) {
				Long oldest = this.insertionOrder.pollFirst();
				if (oldest == null) {
					break;
				}
				Entry evicted = this.entries.remove(oldest);
				if (evicted != null) {
					this.bytes -= cost(evicted.data());
				}
			}
		}
	}

	/**
	 * Drops every copy: the file's positions are about to change.
	 */
	void clear() {
		synchronized (this.insertionOrder) {
			this.entries.clear();
			this.insertionOrder.clear();
			this.bytes = 0;
		}
	}

	/** Returns the bytes counted for what the cache holds. */
	long bytes() {
		synchronized (this.insertionOrder) {
			return this.bytes;
		}
	}

	/** Returns how many records the cache holds. */
	int size() {
		return this.entries.size();
	}

	private static long cost(byte[] data) {
		return data.length + (long) ENTRY_OVERHEAD;
	}

	/**
	 * A copy of a record.
	 *
	 * @param position where the record is in the file
	 * @param tid the transaction that wrote it
	 * @param data its data, shared: {@link #currentRevision()} hands out a copy
	 */
	record Entry(long position, long tid, byte[] data) {

		/** Returns the record as the object's current revision, with a copy of its data. */
		DataRevision currentRevision() {
			return new DataRevision(this.data.clone(), Tid.of(this.tid), null);
		}

	}

}
