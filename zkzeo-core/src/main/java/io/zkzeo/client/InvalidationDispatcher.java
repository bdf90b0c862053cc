package io.zkzeo.client;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.zkzeo.storage.InvalidationListener;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a client storage's invalidation listeners of commits in the order the commits were handed in (tid order).
 * Listeners that may call the storage are told on a thread of their own, so that they do not hold up the
 * connection's event loop; {@linkplain InvalidationListener#isNonBlocking() non-blocking} ones, such as a database's,
 * are told at once on the calling thread (the event loop), which spares each commit two hand-offs between threads.
 * A failing listener is logged and the others are still told.
 */
final class InvalidationDispatcher implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(InvalidationDispatcher.class);

	private static final Future<?> DONE = CompletableFuture.completedFuture(null);

	private final List<InvalidationListener> dispatchedListeners = new CopyOnWriteArrayList<>();

	private final List<InvalidationListener> nonBlockingListeners = new CopyOnWriteArrayList<>();

	private final ExecutorService executor;

	private volatile Thread thread;

	InvalidationDispatcher(String storageName) {
		this.executor = Executors.newSingleThreadExecutor((task) -> {
			Thread created = new Thread(task, "zkzeo-client-invalidations-" + storageName);
			created.setDaemon(true);
			this.thread = created;
			return created;
		});
	}

	void add(InvalidationListener listener) {
		(listener.isNonBlocking() ? this.nonBlockingListeners : this.dispatchedListeners).add(listener);
	}

	void remove(InvalidationListener listener) {
		this.dispatchedListeners.remove(listener);
		this.nonBlockingListeners.remove(listener);
	}

	boolean isDispatchThread() {
		return Thread.currentThread() == this.thread;
	}

	/**
	 * Queues telling every listener of a committed transaction.
	 * @return done once every listener has been told
	 */
	Future<?> invalidated(Tid tid, Collection<Oid> oids) {
		Set<Oid> copy = Set.copyOf(oids);
		tellInvalidated(this.nonBlockingListeners, tid, copy);
		return dispatch(() -> tellInvalidated(this.dispatchedListeners, tid, copy));
	}

	private static void tellInvalidated(List<InvalidationListener> listeners, Tid tid, Set<Oid> oids) {
		for (InvalidationListener listener : listeners) {
			try {
				listener.invalidated(tid, oids);
			}
			catch (RuntimeException ex) {
				logger.warn("Invalidation listener {} failed for transaction {}", listener, tid, ex);
			}
		}
	}

	/**
	 * Queues telling every listener that everything cached before a tid is stale.
	 * @return done once every listener has been told
	 */
	Future<?> invalidatedAll(Tid tid) {
		tellInvalidatedAll(this.nonBlockingListeners, tid);
		return dispatch(() -> tellInvalidatedAll(this.dispatchedListeners, tid));
	}

	private static void tellInvalidatedAll(List<InvalidationListener> listeners, Tid tid) {
		for (InvalidationListener listener : listeners) {
			try {
				listener.invalidatedAll(tid);
			}
			catch (RuntimeException ex) {
				logger.warn("Invalidation listener {} failed to drop everything at {}", listener, tid, ex);
			}
		}
	}

	/**
	 * Returns a future done once everything queued so far has been delivered.
	 */
	Future<?> barrier() {
		return dispatch(() -> {
		});
	}

	/**
	 * Waits until queued notifications have been delivered, unless called from a listener (which would wait for
	 * itself).
	 * @param delivered what {@link #invalidated} or {@link #barrier} returned
	 * @param timeout how long to wait before giving up with a warning
	 */
	void awaitDelivery(Future<?> delivered, Duration timeout) {
		if (isDispatchThread()) {
			return;
		}
		try {
			delivered.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.warn("Invalidation listeners are slow or failing: not done within {}", timeout);
		}
	}

	/** Queues work on the dispatch thread, or does nothing while no listener is told there. */
	private Future<?> dispatch(Runnable task) {
		if (this.dispatchedListeners.isEmpty()) {
			return DONE;
		}
		try {
			return this.executor.submit(task);
		}
		catch (RejectedExecutionException ex) {
			return DONE;
		}
	}

	@Override
	public void close() {
		this.executor.shutdown();
		try {
			if (!this.executor.awaitTermination(5, TimeUnit.SECONDS)) {
				this.executor.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.executor.shutdownNow();
		}
	}

}
