package io.zkzeo.db;

import java.util.List;

/**
 * A point inside a transaction to which its changes can be rolled back (ZODB's
 * {@code transaction.savepoint()}), made by {@link Transaction#savepoint()}. Changed objects' states are
 * kept in memory as records until the transaction ends.
 */
public final class Savepoint {

	private final Transaction transaction;

	private final List<Connection.ConnectionSavepoint> parts;

	Savepoint(Transaction transaction, List<Connection.ConnectionSavepoint> parts) {
		this.transaction = transaction;
		this.parts = parts;
	}

	/**
	 * Undoes every change made since the savepoint: objects changed since then get back the state they
	 * had at the savepoint, objects added since then are no longer added. The savepoint stays valid and
	 * can be rolled back to again.
	 * @throws IllegalStateException if the transaction is no longer active
	 */
	public void rollback() {
		this.transaction.rollback(this, this.parts);
	}

}
