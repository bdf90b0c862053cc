package io.zkzeo.spring.transaction;

import io.zkzeo.db.Connection;
import io.zkzeo.db.TransactionManager;

/**
 * The database connection of one Spring-managed transaction and the manager whose transaction it runs in,
 * bound to the thread as a transaction resource keyed by the {@link io.zkzeo.db.DB}. Shared by every
 * method that takes part in the transaction, so a participant's rollback-only mark reaches the outermost.
 */
final class ConnectionHolder {

	private final Connection connection;

	private final TransactionManager manager;

	private final boolean readOnly;

	private volatile boolean rollbackOnly;

	ConnectionHolder(Connection connection, TransactionManager manager, boolean readOnly) {
		this.connection = connection;
		this.manager = manager;
		this.readOnly = readOnly;
	}

	Connection connection() {
		return this.connection;
	}

	TransactionManager manager() {
		return this.manager;
	}

	boolean readOnly() {
		return this.readOnly;
	}

	boolean isRollbackOnly() {
		return this.rollbackOnly;
	}

	void setRollbackOnly() {
		this.rollbackOnly = true;
	}

}
