package io.zkzeo.client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
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
 */
final class ObjectCache {

	/** What each revision costs besides its data, roughly what the objects holding it take. */
	static final int ENTRY_OVERHEAD = 96;

	private final long maxBytes;

	private final Map<Oid, List<Entry>> byOid = new HashMap<>();

	private final LinkedHashMap<Entry, Entry> recency = new LinkedHashMap<>(64, 0.75f, true);

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
		List<Entry> entries = this.byOid.get(oid);
		if (entries != null) {
			for (Entry entry : entries) {
				if (entry.start.isBefore(before) && (entry.end == null || !entry.end.isBefore(before))) {
					this.recency.get(entry);
					this.hits++;
					return new DataRevision(entry.data.clone(), entry.start, entry.end);
				}
			}
		}
		this.misses++;
		return null;
	}

	/**
	 * Returns whether a load before a tid would be answered from the cache, without counting it.
	 */
	synchronized boolean contains(Oid oid, Tid before) {
		List<Entry> entries = this.byOid.get(oid);
		if (entries != null) {
			for (Entry entry : entries) {
				if (entry.start.isBefore(before) && (entry.end == null || !entry.end.isBefore(before))) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Caches a revision a server returned. The caller keeps no reference to {@code data}.
	 */
	synchronized void store(Oid oid, byte[] data, Tid start, @Nullable Tid end) {
		long size = data.length + (long) ENTRY_OVERHEAD;
		if (size > this.maxBytes) {
			return;
		}
		List<Entry> entries = this.byOid.computeIfAbsent(oid, (key) -> new ArrayList<>(2));
		for (Entry entry : entries) {
			if (entry.start.equals(start)) {
				if (entry.end == null && end != null) {
					entry.end = end;
				}
				return;
			}
		}
		if (end == null) {
			Entry current = current(entries);
			if (current != null) {
				if (!current.start.isBefore(start)) {
					return;
				}
				current.end = start;
			}
		}
		Entry entry = new Entry(oid, data, start, end);
		entries.add(entry);
		this.recency.put(entry, entry);
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
		List<Entry> entries = this.byOid.get(oid);
		if (entries == null) {
			return;
		}
		Entry current = current(entries);
		if (current == null || current.start.equals(tid)) {
			return;
		}
		if (current.start.isBefore(tid)) {
			current.end = tid;
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
		List<Entry> entries = this.byOid.remove(oid);
		if (entries != null) {
			for (Entry entry : entries) {
				this.recency.remove(entry);
				this.bytes -= entry.size();
			}
		}
	}

	/**
	 * Forgets every revision; the last tid stays.
	 */
	synchronized void clear() {
		this.byOid.clear();
		this.recency.clear();
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
		return this.byOid.isEmpty();
	}

	synchronized CacheStatistics statistics() {
		return new CacheStatistics(this.hits, this.misses, this.recency.size(), this.bytes, this.maxBytes, this.evictions);
	}

	private static @Nullable Entry current(List<Entry> entries) {
		for (Entry entry : entries) {
			if (entry.end == null) {
				return entry;
			}
		}
		return null;
	}

	private void remove(Entry entry) {
		List<Entry> entries = this.byOid.get(entry.oid);
		if (entries != null) {
			entries.remove(entry);
			if (entries.isEmpty()) {
				this.byOid.remove(entry.oid);
			}
		}
		this.recency.remove(entry);
		this.bytes -= entry.size();
	}

	private void evict() {
		Iterator<Entry> eldest = this.recency.keySet().iterator();
		while (this.bytes > this.maxBytes && eldest.hasNext()) {
			Entry entry = eldest.next();
			eldest.remove();
			this.bytes -= entry.size();
			this.evictions++;
			List<Entry> entries = this.byOid.get(entry.oid);
			if (entries != null) {
				entries.remove(entry);
				if (entries.isEmpty()) {
					this.byOid.remove(entry.oid);
				}
			}
		}
	}

	/** One cached revision; compared by identity. */
	private static final class PendingLoad {

		private int count;

		private final List<Tid> invalidatedAt = new ArrayList<>(1);

	}

	private static final class Entry {

		final Oid oid;

		final byte[] data;

		final Tid start;

		@Nullable Tid end;

		Entry(Oid oid, byte[] data, Tid start, @Nullable Tid end) {
			this.oid = oid;
			this.data = data;
			this.start = start;
			this.end = end;
		}

		long size() {
			return this.data.length + (long) ENTRY_OVERHEAD;
		}

	}

}
