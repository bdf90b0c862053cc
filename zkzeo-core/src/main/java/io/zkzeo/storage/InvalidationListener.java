package io.zkzeo.storage;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Told of every committed transaction: its tid and the objects it changed, in tid order, once the
 * transaction is durable. An object database uses it to drop stale cached objects.
 */
@FunctionalInterface
public interface InvalidationListener {

	/**
	 * Called after a transaction committed.
	 * @param tid the transaction
	 * @param oids the objects it wrote
	 */
	void invalidated(Tid tid, Set<Oid> oids);

	/**
	 * Called after a transaction committed, with the metadata of the transaction when it was committed
	 * through this storage instance, so that a listener can tell its own commits from others'. Storages
	 * call this form; the default forwards to {@link #invalidated(Tid, Set)}.
	 * @param tid the transaction
	 * @param oids the objects it wrote
	 * @param committedBy the transaction's metadata as given to {@code tpcBegin}, or {@code null} if the
	 * transaction was committed elsewhere
	 */
	default void invalidated(Tid tid, Set<Oid> oids, @Nullable TransactionMetaData committedBy) {
		invalidated(tid, oids);
	}

	/**
	 * Called instead of {@link #invalidated} when the storage cannot tell which objects changed up to a
	 * transaction, so that everything cached from before it must be treated as stale (ZODB's
	 * {@code DB.invalidateCache()}). A client storage does this when it reconnects after missing more
	 * transactions than its server remembers. The default does nothing.
	 * @param tid the transaction the storage is current with from now on
	 */
	default void invalidatedAll(Tid tid) {
	}

	/**
	 * Tells whether this listener only takes note of what it is told: it returns at once, and never waits for a
	 * storage, for I/O, or for a lock whose holder may. A storage may then tell it on the thread that learnt of the
	 * commit (a client storage's network event loop) rather than handing every commit to a thread of its own and
	 * back. The default is {@code false}: a listener may call the storage.
	 * @return whether the listener may be told on a storage's own threads
	 */
	default boolean isNonBlocking() {
		return false;
	}

}
