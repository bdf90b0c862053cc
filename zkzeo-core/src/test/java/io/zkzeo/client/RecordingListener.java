package io.zkzeo.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.zkzeo.storage.InvalidationListener;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import org.jspecify.annotations.Nullable;

/**
 * Records what an invalidation listener is told, in order, and on which threads; {@code oids} is {@code null} for
 * "everything".
 */
final class RecordingListener implements InvalidationListener {

	record Event(Tid tid, @Nullable Set<Oid> oids) {
	}

	private final boolean nonBlocking;

	private final List<Event> events = new ArrayList<>();

	private final List<String> threads = new ArrayList<>();

	RecordingListener() {
		this(false);
	}

	/**
	 * Creates a listener.
	 * @param nonBlocking what {@link #isNonBlocking()} answers
	 */
	RecordingListener(boolean nonBlocking) {
		this.nonBlocking = nonBlocking;
	}

	@Override
	public synchronized void invalidated(Tid tid, Set<Oid> oids) {
		this.events.add(new Event(tid, Set.copyOf(oids)));
		this.threads.add(Thread.currentThread().getName());
	}

	@Override
	public synchronized void invalidatedAll(Tid tid) {
		this.events.add(new Event(tid, null));
		this.threads.add(Thread.currentThread().getName());
	}

	@Override
	public boolean isNonBlocking() {
		return this.nonBlocking;
	}

	/** Returns the names of the threads each event was told on, in order. */
	synchronized List<String> threads() {
		return List.copyOf(this.threads);
	}

	synchronized List<Event> events() {
		return List.copyOf(this.events);
	}

	synchronized List<Tid> tids() {
		return this.events.stream().map(Event::tid).toList();
	}

}
