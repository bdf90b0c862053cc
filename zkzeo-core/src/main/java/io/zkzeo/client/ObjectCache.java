package io.zkzeo.client;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.zkzeo.storage.DataRevision;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import org.jspecify.annotations.Nullable;

/**
 * The client's cache of object revisions, bounded in bytes and evicting the least recently used revision first.
 *
 * <p>A revision is current (no end tid) or ended by the tid of the next one. Invalidations end current revisions;
 * revisions that ended stay valid for loads of earlier snapshots, since history does not change. The cache also
 * keeps the last tid it is current with. All methods are thread-safe.
 *
 * <p>Revisions live in parallel arrays indexed by slot, linked by slot numbers into a recency list and into one
 * chain per object, and found through an open-addressing table of the chains' first slots: a full cache is one
 * array of data and a few arrays of numbers, not an object per revision, which keeps eviction from chasing
 * pointers and the collector from tracing a linked structure that changes with every store.
 */
final class ObjectCache {

	/** What each revision costs besides its data, roughly what the cache's arrays take for it. */
	static final int ENTRY_OVERHEAD = 96;

	private static final int NONE = -1;

	/** The end of a current revision; no revision ends at tid 0, since an end comes after a start. */
	private static final long CURRENT = 0;

	private static final int INITIAL_SLOTS = 64;

	private final long maxBytes;

	private long[] oids = new long[INITIAL_SLOTS];

	private long[] starts = new long[INITIAL_SLOTS];

	private long[] ends = new long[INITIAL_SLOTS];

	private byte[][] data = new byte[INITIAL_SLOTS][];

	/** The next slot of the same object's chain. */
	private int[] sameOid = new int[INITIAL_SLOTS];

	/** Recency list, least recently used first; free slots are chained through {@link #newer}. */
	private int[] older = new int[INITIAL_SLOTS];

	private int[] newer = new int[INITIAL_SLOTS];

	private int eldest = NONE;

	private int newest = NONE;

	private int free = NONE;

	/** Slots used so far; the ones below it are either in use or on the free chain. */
	private int highWater;

	private int revisions;

	/** Open-addressing table (linear probing) of each cached object's first slot, {@link #NONE} where empty. */
	private int[] chains = newTable(2 * INITIAL_SLOTS);

	private int objects;

	/** The objects with a load in flight, and the invalidations of them that arrived meanwhile. */
	private final Map<Oid, PendingLoad> pendingLoads = new HashMap<>();

	private @Nullable Tid lastTid;

	private long bytes;

	private long hits;

	private long misses;

	private long evictions;

	ObjectCache(long maxBytes) {
		this.maxBytes = maxBytes;
	}

	/**
	 * Returns the cached revision that was current just before a tid.
	 * @return a copy of it, or {@code null} on a miss
	 */
	synchronized @Nullable DataRevision loadBefore(Oid oid, Tid before) {
		int slot = revisionBefore(oid.value(), before.value());
		if (slot == NONE) {
			this.misses++;
			return null;
		}
		unlinkRecency(slot);
		linkNewest(slot);
		this.hits++;
		long end = this.ends[slot];
		return new DataRevision(this.data[slot].clone(), Tid.of(this.starts[slot]),
				(end != CURRENT) ? Tid.of(end) : null);
	}

	/**
	 * Returns whether a load before a tid would be answered from the cache, without counting it.
	 */
	synchronized boolean contains(Oid oid, Tid before) {
		return revisionBefore(oid.value(), before.value()) != NONE;
	}

	/**
	 * Caches a revision a server returned. The caller keeps no reference to {@code data}.
	 */
	synchronized void store(Oid oid, byte[] data, Tid start, @Nullable Tid end) {
		long size = data.length + (long) ENTRY_OVERHEAD;
		if (size > this.maxBytes) {
			return;
		}
		long key = oid.value();
		long startValue = start.value();
		int first = firstSlot(key);
		for (int slot = first; slot != NONE; slot = this.sameOid[slot]) {
			if (this.starts[slot] == startValue) {
				if (this.ends[slot] == CURRENT && end != null) {
					this.ends[slot] = end.value();
				}
				return;
			}
		}
		if (end == null) {
			int current = currentSlot(first);
			if (current != NONE) {
				if (Long.compareUnsigned(this.starts[current], startValue) >= 0) {
					return;
				}
				this.ends[current] = startValue;
			}
		}
		int slot = allocate();
		this.oids[slot] = key;
		this.starts[slot] = startValue;
		this.ends[slot] = (end != null) ? end.value() : CURRENT;
		this.data[slot] = data;
		this.sameOid[slot] = first;
		setFirstSlot(key, slot, first == NONE);
		linkNewest(slot);
		this.revisions++;
		this.bytes += size;
		evict();
	}

	/**
	 * Records a new revision committed by this client: ends the current one and caches the new data as current.
	 */
	synchronized void storeCommitted(Oid oid, Tid tid, byte[] data) {
		invalidate(oid, tid);
		store(oid, data, tid, null);
	}

	/**
	 * Ends the current revision of an object at a tid. A current revision written by that very tid (loaded before
	 * the invalidation arrived) stays current.
	 */
	synchronized void invalidate(Oid oid, Tid tid) {
		PendingLoad pending = this.pendingLoads.get(oid);
		if (pending != null) {
			pending.invalidatedAt.add(tid);
		}
		int current = currentSlot(firstSlot(oid.value()));
		long tidValue = tid.value();
		if (current == NONE || this.starts[current] == tidValue) {
			return;
		}
		if (Long.compareUnsigned(this.starts[current], tidValue) < 0) {
			this.ends[current] = tidValue;
		}
		else {
			remove(current);
		}
	}

	/**
	 * Notes that a load of an object is about to be sent, so that invalidations of it arriving before the reply
	 * are remembered for {@link #storeLoaded}. Each call is paired with {@link #loadFinished}.
	 */
	synchronized void loadStarting(Oid oid) {
		this.pendingLoads.computeIfAbsent(oid, (key) -> new PendingLoad()).count++;
	}

	/**
	 * Notes that a load of an object has ended (its reply stored, or it failed).
	 */
	synchronized void loadFinished(Oid oid) {
		PendingLoad pending = this.pendingLoads.get(oid);
		if (pending != null && --pending.count == 0) {
			this.pendingLoads.remove(oid);
		}
	}

	/**
	 * Stores the reply of a load. The server may have read the object before a transaction changed it and sent
	 * that transaction's invalidation ahead of the reply; a revision it called current is then ended at the first
	 * invalidation of the object after its start that arrived while the load was in flight, so that it cannot pass
	 * for current in later snapshots.
	 */
	synchronized void storeLoaded(Oid oid, byte[] data, Tid start, @Nullable Tid end) {
		Tid ended = end;
		PendingLoad pending = this.pendingLoads.get(oid);
		if (end == null && pending != null) {
			for (Tid invalidated : pending.invalidatedAt) {
				if (start.isBefore(invalidated)) {
					ended = invalidated;
					break;
				}
			}
		}
		store(oid, data, start, ended);
	}

	/**
	 * Applies a server's invalidation: advances the last tid and ends the objects' current revisions at it.
	 * @return {@code false} (and nothing changed) if the cache is already at or past {@code tid}
	 */
	synchronized boolean invalidate(Tid tid, Collection<Oid> oids) {
		if (!advance(tid)) {
			return false;
		}
		for (Oid oid : oids) {
			invalidate(oid, tid);
		}
		return true;
	}

	/**
	 * Forgets every revision of an object.
	 */
	synchronized void drop(Oid oid) {
		for (int slot = firstSlot(oid.value()); slot != NONE; slot = firstSlot(oid.value())) {
			remove(slot);
		}
	}

	/**
	 * Forgets every revision; the last tid stays.
	 */
	synchronized void clear() {
		Arrays.fill(this.data, null);
		Arrays.fill(this.chains, NONE);
		this.eldest = NONE;
		this.newest = NONE;
		this.free = NONE;
		this.highWater = 0;
		this.revisions = 0;
		this.objects = 0;
		this.bytes = 0;
	}

	synchronized @Nullable Tid lastTid() {
		return this.lastTid;
	}

	synchronized void setLastTid(Tid tid) {
		this.lastTid = tid;
	}

	/**
	 * Advances the last tid if {@code tid} is after it.
	 * @return whether it advanced (an older or repeated tid is ignored)
	 */
	synchronized boolean advance(Tid tid) {
		if (this.lastTid != null && !this.lastTid.isBefore(tid)) {
			return false;
		}
		this.lastTid = tid;
		return true;
	}

	synchronized boolean isEmpty() {
		return this.revisions == 0;
	}

	synchronized CacheStatistics statistics() {
		return new CacheStatistics(this.hits, this.misses, this.revisions, this.bytes, this.maxBytes, this.evictions);
	}

	private int revisionBefore(long oid, long before) {
		for (int slot = firstSlot(oid); slot != NONE; slot = this.sameOid[slot]) {
			long end = this.ends[slot];
			if (Long.compareUnsigned(this.starts[slot], before) < 0
					&& (end == CURRENT || Long.compareUnsigned(end, before) >= 0)) {
				return slot;
			}
		}
		return NONE;
	}

	private int currentSlot(int first) {
		for (int slot = first; slot != NONE; slot = this.sameOid[slot]) {
			if (this.ends[slot] == CURRENT) {
				return slot;
			}
		}
		return NONE;
	}

	private void remove(int slot) {
		long oid = this.oids[slot];
		int first = firstSlot(oid);
		if (first == slot) {
			int next = this.sameOid[slot];
			if (next == NONE) {
				removeChain(oid);
			}
			else {
				setFirstSlot(oid, next, false);
			}
		}
		else {
			int previous = first;
			while (this.sameOid[previous] != slot) {
				previous = this.sameOid[previous];
			}
			this.sameOid[previous] = this.sameOid[slot];
		}
		unlinkRecency(slot);
		this.bytes -= this.data[slot].length + (long) ENTRY_OVERHEAD;
		this.data[slot] = null;
		this.revisions--;
		this.newer[slot] = this.free;
		this.free = slot;
	}

	private void evict() {
		while (this.bytes > this.maxBytes && this.eldest != NONE) {
			remove(this.eldest);
			this.evictions++;
		}
	}

	private int allocate() {
		if (this.free != NONE) {
			int slot = this.free;
			this.free = this.newer[slot];
			return slot;
		}
		if (this.highWater == this.oids.length) {
			int capacity = this.oids.length * 2;
			this.oids = Arrays.copyOf(this.oids, capacity);
			this.starts = Arrays.copyOf(this.starts, capacity);
			this.ends = Arrays.copyOf(this.ends, capacity);
			this.data = Arrays.copyOf(this.data, capacity);
			this.sameOid = Arrays.copyOf(this.sameOid, capacity);
			this.older = Arrays.copyOf(this.older, capacity);
			this.newer = Arrays.copyOf(this.newer, capacity);
		}
		return this.highWater++;
	}

	private void linkNewest(int slot) {
		this.older[slot] = this.newest;
		this.newer[slot] = NONE;
		if (this.newest != NONE) {
			this.newer[this.newest] = slot;
		}
		else {
			this.eldest = slot;
		}
		this.newest = slot;
	}

	private void unlinkRecency(int slot) {
		int before = this.older[slot];
		int after = this.newer[slot];
		if (before != NONE) {
			this.newer[before] = after;
		}
		else {
			this.eldest = after;
		}
		if (after != NONE) {
			this.older[after] = before;
		}
		else {
			this.newest = before;
		}
	}

	// The table of chains: each cell holds the first slot of one object's chain; the oid is read from the slot.

	private int firstSlot(long oid) {
		int mask = this.chains.length - 1;
		for (int cell = cellOf(oid, mask);; cell = (cell + 1) & mask) {
			int slot = this.chains[cell];
			if (slot == NONE || this.oids[slot] == oid) {
				return slot;
			}
		}
	}

	private void setFirstSlot(long oid, int slot, boolean newObject) {
		if (newObject && (this.objects + 1) * 2 > this.chains.length) {
			rehash(this.chains.length * 2);
		}
		int mask = this.chains.length - 1;
		for (int cell = cellOf(oid, mask);; cell = (cell + 1) & mask) {
			int occupant = this.chains[cell];
			if (occupant == NONE || this.oids[occupant] == oid) {
				this.chains[cell] = slot;
				if (occupant == NONE) {
					this.objects++;
				}
				return;
			}
		}
	}

	/** Empties an object's cell, moving later cells of its probe run back so that every lookup still finds them. */
	private void removeChain(long oid) {
		int mask = this.chains.length - 1;
		int cell = cellOf(oid, mask);
		while (this.oids[this.chains[cell]] != oid) {
			cell = (cell + 1) & mask;
		}
		int hole = cell;
		for (int next = (hole + 1) & mask; this.chains[next] != NONE; next = (next + 1) & mask) {
			int home = cellOf(this.oids[this.chains[next]], mask);
			boolean reachableFromHole = (hole <= next) ? (home <= hole || home > next) : (home <= hole && home > next);
			if (reachableFromHole) {
				this.chains[hole] = this.chains[next];
				hole = next;
			}
		}
		this.chains[hole] = NONE;
		this.objects--;
	}

	private void rehash(int capacity) {
		int[] old = this.chains;
		this.chains = newTable(capacity);
		int mask = capacity - 1;
		for (int slot : old) {
			if (slot != NONE) {
				int cell = cellOf(this.oids[slot], mask);
				while (this.chains[cell] != NONE) {
					cell = (cell + 1) & mask;
				}
				this.chains[cell] = slot;
			}
		}
	}

	private static int[] newTable(int capacity) {
		int[] table = new int[capacity];
		Arrays.fill(table, NONE);
		return table;
	}

	private static int cellOf(long oid, int mask) {
		long mixed = oid * 0x9E3779B97F4A7C15L;
		return (int) (mixed ^ (mixed >>> 32)) & mask;
	}

	/** The invalidations of an object that arrived while loads of it were in flight. */
	private static final class PendingLoad {

		private int count;

		private final List<Tid> invalidatedAt = new ArrayList<>(1);

	}

}
