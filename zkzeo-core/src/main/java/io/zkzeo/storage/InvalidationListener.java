package io.zkzeo.storage;

import java.util.Set;

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

}
