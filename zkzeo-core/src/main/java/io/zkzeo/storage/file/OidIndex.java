package io.zkzeo.storage.file;

import java.util.Arrays;
import java.util.OptionalLong;
import java.util.function.LongBinaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * The oid to file position map, with no object per entry.
 *
 * <p>ZODB hands out oids densely from 1 upwards, so most oids live in pages of 1024 positions indexed
 * by {@code oid >>> 10} and allocated on first use: about 8 bytes per object. Oids beyond the paged range
 * (sparse or huge ids) go to an open-addressing table of primitive longs. Position 0 means "absent"; real
 * positions are at least 4.
 *
 * <p>One writer at a time (the committer, under the commit lock); readers may run concurrently and see
 * each entry either before or after a concurrent update. The storage publishes a commit to readers through
 * a volatile write after updating the index.
 */
final class OidIndex {

	static final int PAGE_SHIFT = 10;

	static final int PAGE_SIZE = 1 << PAGE_SHIFT;

	/** Oids below this go to pages (2^31: at most 2M page slots, 16 MiB for the slot array at most). */
	static final long PAGED_LIMIT = 1L << 31;

	private volatile long[][] pages = new long[16][];

	private final LongLongHashMap sparse = new LongLongHashMap();

	/**
	 * The sparse oids in unsigned order (each stored with its sign bit flipped, so signed order is unsigned
	 * order), or {@code null} when a sparse oid was added or removed since it was built; guarded by
	 * {@link #sparse}.
	 */
	private long @Nullable [] sparseOrder;

	private long size;

	private long maxOid;

	private boolean anyOid;

	/**
	 * Returns the position of an oid's current record.
	 * @param oid the oid
	 * @return the position, or 0 if absent
	 */
	long get(long oid) {
		if (oid >= 0 && oid < PAGED_LIMIT) {
			long[][] slots = this.pages;
			int page = (int) (oid >>> PAGE_SHIFT);
			if (page >= slots.length) {
				return 0;
			}
			long[] entries = slots[page];
			return (entries != null) ? entries[(int) (oid & (PAGE_SIZE - 1))] : 0;
		}
		synchronized (this.sparse) {
			return this.sparse.get(oid);
		}
	}

	/**
	 * Sets the position of an oid's current record.
	 * @param oid the oid
	 * @param position the position, greater than 0
	 */
	void put(long oid, long position) {
		long old;
		if (oid >= 0 && oid < PAGED_LIMIT) {
			int page = (int) (oid >>> PAGE_SHIFT);
			long[][] slots = this.pages;
			if (page >= slots.length) {
				slots = Arrays.copyOf(slots, Math.max(page + 1, slots.length * 2));
				this.pages = slots;
			}
			long[] entries = slots[page];
			if (entries == null) {
				entries = new long[PAGE_SIZE];
				slots[page] = entries;
			}
			int slot = (int) (oid & (PAGE_SIZE - 1));
			old = entries[slot];
			entries[slot] = position;
		}
		else {
			synchronized (this.sparse) {
				old = this.sparse.put(oid, position);
				if (old == 0) {
					this.sparseOrder = null;
				}
			}
		}
		if (old == 0) {
			this.size++;
		}
		if (!this.anyOid || Long.compareUnsigned(oid, this.maxOid) > 0) {
			this.maxOid = oid;
			this.anyOid = true;
		}
	}

	/**
	 * Removes an oid.
	 * @param oid the oid
	 */
	void remove(long oid) {
		long old;
		if (oid >= 0 && oid < PAGED_LIMIT) {
			long[][] slots = this.pages;
			int page = (int) (oid >>> PAGE_SHIFT);
			if (page >= slots.length || slots[page] == null) {
				return;
			}
			int slot = (int) (oid & (PAGE_SIZE - 1));
			old = slots[page][slot];
			slots[page][slot] = 0;
		}
		else {
			synchronized (this.sparse) {
				old = this.sparse.remove(oid);
				if (old != 0) {
					this.sparseOrder = null;
				}
			}
		}
		if (old != 0) {
			this.size--;
		}
	}

	/** @return how many oids have a position */
	long size() {
		return this.size;
	}

	/**
	 * Returns the largest oid ever put (removals do not lower it), as an unsigned number.
	 * @return the oid, or 0 if the index was always empty
	 */
	long maxOid() {
		return this.maxOid;
	}

	/**
	 * Finds the smallest oid at or after another that has a position, comparing oids as unsigned numbers.
	 * Pages are scanned forward from {@code from}'s slot; oids beyond the paged range are searched in a
	 * sorted copy of the sparse oids, rebuilt only after a sparse oid was added or removed.
	 * @param from the oid to start at (included)
	 * @return the oid, or empty if no oid at or after {@code from} has a position
	 */
	OptionalLong nextOid(long from) {
		if (from >= 0 && from < PAGED_LIMIT) {
			long found = nextPagedOid(from);
			if (found >= 0) {
				return OptionalLong.of(found);
			}
		}
		return nextSparseOid(from);
	}

	/** Returns the smallest paged oid at or after {@code from} (which is in the paged range), or -1. */
	private long nextPagedOid(long from) {
		long[][] slots = this.pages;
		int slot = (int) (from & (PAGE_SIZE - 1));
		for (int page = (int) (from >>> PAGE_SHIFT); page < slots.length; page++) {
			long[] entries = slots[page];
			if (entries != null) {
				for (int i = slot; i < PAGE_SIZE; i++) {
					if (entries[i] != 0) {
						return ((long) page << PAGE_SHIFT) + i;
					}
				}
			}
			slot = 0;
		}
		return -1;
	}

	private OptionalLong nextSparseOid(long from) {
		synchronized (this.sparse) {
			if (this.sparse.isEmpty()) {
				return OptionalLong.empty();
			}
			long[] order = this.sparseOrder;
			if (order == null) {
				order = sortedSparseOids();
				this.sparseOrder = order;
			}
			int index = Arrays.binarySearch(order, from ^ Long.MIN_VALUE);
			if (index < 0) {
				index = -index - 1;
			}
			return (index < order.length) ? OptionalLong.of(order[index] ^ Long.MIN_VALUE) : OptionalLong.empty();
		}
	}

	/** Returns the sparse oids with their sign bits flipped, sorted; the caller holds {@link #sparse}. */
	private long[] sortedSparseOids() {
		long[][] collected = { new long[16] };
		int[] count = { 0 };
		this.sparse.forEach((oid, position) -> {
			if (count[0] == collected[0].length) {
				collected[0] = Arrays.copyOf(collected[0], count[0] * 2);
			}
			collected[0][count[0]++] = oid ^ Long.MIN_VALUE;
			return 0;
		});
		long[] order = Arrays.copyOf(collected[0], count[0]);
		Arrays.sort(order);
		return order;
	}

	/**
	 * Calls an action for every entry, paged oids in increasing order first.
	 * @param action receives oid and position; its result is ignored
	 */
	void forEach(LongBinaryOperator action) {
		long[][] slots = this.pages;
		for (int page = 0; page < slots.length; page++) {
			long[] entries = slots[page];
			if (entries == null) {
				continue;
			}
			long base = (long) page << PAGE_SHIFT;
			for (int i = 0; i < PAGE_SIZE; i++) {
				if (entries[i] != 0) {
					action.applyAsLong(base + i, entries[i]);
				}
			}
		}
		synchronized (this.sparse) {
			this.sparse.forEach(action);
		}
	}

	/**
	 * Calls an action for every allocated page with at least one entry.
	 * @param action receives the page number and the page's 1024 positions (not to be changed)
	 */
	void forEachPage(PageAction action) {
		long[][] slots = this.pages;
		for (int page = 0; page < slots.length; page++) {
			long[] entries = slots[page];
			if (entries != null) {
				action.accept(page, entries);
			}
		}
	}

	/**
	 * Calls an action for every entry outside the paged range.
	 * @param action receives oid and position
	 */
	void forEachSparse(LongBinaryOperator action) {
		synchronized (this.sparse) {
			this.sparse.forEach(action);
		}
	}

	/**
	 * Installs a whole page, as read from a snapshot.
	 * @param page the page number
	 * @param entries the 1024 positions
	 */
	void putPage(int page, long[] entries) {
		long[][] slots = this.pages;
		if (page >= slots.length) {
			slots = Arrays.copyOf(slots, Math.max(page + 1, slots.length * 2));
			this.pages = slots;
		}
		slots[page] = entries;
		long base = (long) page << PAGE_SHIFT;
		for (int i = 0; i < PAGE_SIZE; i++) {
			if (entries[i] != 0) {
				this.size++;
				long oid = base + i;
				if (!this.anyOid || oid > this.maxOid) {
					this.maxOid = oid;
					this.anyOid = true;
				}
			}
		}
	}

	/**
	 * Receives one page of the index.
	 */
	@FunctionalInterface
	interface PageAction {

		void accept(int page, long[] entries);

	}

	/** @return an estimate of the heap the index uses, in bytes */
	long footprintBytes() {
		long[][] slots = this.pages;
		long bytes = 16 + 8L * slots.length;
		for (long[] entries : slots) {
			if (entries != null) {
				bytes += 16 + 8L * PAGE_SIZE;
			}
		}
		synchronized (this.sparse) {
			bytes += this.sparse.footprintBytes();
		}
		return bytes;
	}

}
