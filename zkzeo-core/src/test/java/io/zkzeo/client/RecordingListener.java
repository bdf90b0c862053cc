package io.zkzeo.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.zkzeo.storage.InvalidationListener;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import org.jspecify.annotations.Nullable;

/**
 * Records what an invalidation listener is told, in order; {@code oids} is {@code null} for "everything".
 */
final class RecordingListener implements InvalidationListener {

	record Event(Tid tid, @Nullable Set<Oid> oids) {
	}

	private final List<Event> events = new ArrayList<>();

	@Override
	public synchronized void invalidated(Tid tid, Set<Oid> oids) {
		this.events.add(new Event(tid, Set.copyOf(oids)));
	}

	@Override
	public synchronized void invalidatedAll(Tid tid) {
		this.events.add(new Event(tid, null));
	}

	synchronized List<Event> events() {
		return List.copyOf(this.events);
	}

	synchronized List<Tid> tids() {
		return this.events.stream().map(Event::tid).toList();
	}

}
