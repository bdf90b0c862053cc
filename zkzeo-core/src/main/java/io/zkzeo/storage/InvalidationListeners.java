package io.zkzeo.storage;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The invalidation listeners of one storage. A storage calls {@link #fire} for one transaction at a
 * time, in tid order, once the transaction is durable and visible to readers. A failing listener is
 * logged and does not keep the others from being told.
 */
public final class InvalidationListeners {

	private static final Logger logger = LoggerFactory.getLogger(InvalidationListeners.class);

	private final List<InvalidationListener> listeners = new CopyOnWriteArrayList<>();

	/**
	 * Adds a listener.
	 * @param listener the listener
	 */
	public void add(InvalidationListener listener) {
		this.listeners.add(listener);
	}

	/**
	 * Removes a listener.
	 * @param listener the listener
	 */
	public void remove(InvalidationListener listener) {
		this.listeners.remove(listener);
	}

	/**
	 * Tells every listener of a committed transaction.
	 * @param tid the transaction
	 * @param oids the objects it wrote
	 * @param committedBy the transaction's metadata, or {@code null} if it was committed elsewhere
	 */
	public void fire(Tid tid, Set<Oid> oids, @Nullable TransactionMetaData committedBy) {
		for (InvalidationListener listener : this.listeners) {
			try {
				listener.invalidated(tid, oids, committedBy);
			}
			catch (RuntimeException ex) {
				logger.warn("Invalidation listener {} failed for transaction {}", listener, tid, ex);
			}
		}
	}

}
