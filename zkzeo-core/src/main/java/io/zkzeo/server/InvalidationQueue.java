package io.zkzeo.server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import org.jspecify.annotations.Nullable;

/**
 * The last transactions of one storage with the objects they changed, newest first, bounded in size: what
 * {@code getInvalidations} answers from. It starts with one entry for the storage's last transaction, whose
 * changes are unknown, so that a client at that tid gets an empty answer and an older one falls through.
 * Thread-safe.
 */
final class InvalidationQueue {

	private final int capacity;

	private final Deque<Entry> entries = new ArrayDeque<>();

	InvalidationQueue(int capacity, Tid lastTransaction) {
		this.capacity = capacity;
		this.entries.add(new Entry(lastTransaction, null));
	}

	/**
	 * Records a committed transaction.
	 * @param tid its tid
	 * @param oids the objects it changed
	 */
	synchronized void add(Tid tid, Set<Oid> oids) {
		this.entries.addFirst(new Entry(tid, List.copyOf(oids)));
		while (this.entries.size() > this.capacity) {
			this.entries.removeLast();
		}
	}

	/**
	 * Answers {@code getInvalidations(tid)} from the queue.
	 * @param tid the client's last seen transaction
	 * @return the newest tid and the objects changed after {@code tid}, or {@code null} if the queue does not
	 * reach back to {@code tid}
	 */
	synchronized @Nullable Invalidations since(Tid tid) {
		Entry oldest = this.entries.peekLast();
		if (oldest == null || oldest.tid().compareTo(tid) > 0) {
			return null;
		}
		Set<Oid> oids = new LinkedHashSet<>();
		Iterator<Entry> newestFirst = this.entries.iterator();
		while (newestFirst.hasNext()) {
			Entry entry = newestFirst.next();
			if (entry.tid().compareTo(tid) <= 0) {
				break;
			}
			if (entry.oids() != null) {
				oids.addAll(entry.oids());
			}
		}
		return new Invalidations(this.entries.getFirst().tid(), new ArrayList<>(oids));
	}

	/** @return the newest transaction recorded */
	synchronized Tid newest() {
		return this.entries.getFirst().tid();
	}

	/**
	 * Finds when an object that a load read as current stopped being current: the first recorded transaction
	 * after its revision that changed it. If transactions newer than {@code loadStarted} have fallen out of the
	 * queue, the answer is the earliest tid such a change could have, which is still no later than the real one.
	 * @param oid the object
	 * @param start the tid of the revision the load read
	 * @param loadStarted the newest recorded transaction when the load began
	 * @return the tid that ended the revision, or {@code null} if it is still current as far as recorded
	 */
	synchronized @Nullable Tid firstChange(Oid oid, Tid start, Tid loadStarted) {
		Tid after = (start.compareTo(loadStarted) > 0) ? start : loadStarted;
		Entry oldest = this.entries.peekLast();
		if (oldest == null || oldest.tid().compareTo(after) > 0) {
			return after.next();
		}
		// Transactions recorded before the load began were visible to it: the revision it read is not older.
		Tid first = null;
		for (Entry entry : this.entries) {
			if (entry.tid().compareTo(after) <= 0) {
				break;
			}
			if (entry.oids() != null && entry.oids().contains(oid)) {
				first = entry.tid();
			}
		}
		return first;
	}

	private record Entry(Tid tid, @Nullable List<Oid> oids) {
	}

	/**
	 * The answer to {@code getInvalidations}.
	 * @param latest the newest transaction
	 * @param oids the objects changed after the client's tid
	 */
	record Invalidations(Tid latest, List<Oid> oids) {
	}

}
