package io.zkzeo.spring.transaction;

import java.util.Objects;
import java.util.function.Supplier;

import io.zkzeo.db.Connection;
import io.zkzeo.db.DB;
import io.zkzeo.db.Transaction;
import io.zkzeo.db.TransactionManager;
import io.zkzeo.storage.ConflictError;
import io.zkzeo.storage.POSException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.ResourceTransactionManager;
import org.springframework.transaction.support.SmartTransactionObject;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.function.SingletonSupplier;

/**
 * A Spring {@link org.springframework.transaction.PlatformTransactionManager} over a zkzeo {@link DB}, so that
 * {@code @Transactional} methods run in a ZODB transaction: each Spring transaction takes a connection from
 * the database's pool, binds it to the thread (see {@link CurrentConnection}), commits or aborts the ZODB
 * transaction when the Spring transaction completes, and gives the connection back.
 *
 * <p>A {@link ConflictError} at commit (another transaction changed the same objects first) becomes Spring's
 * {@link ConcurrencyFailureException}, which retry tooling recognises; other storage errors become
 * {@link TransactionSystemException}. A read-only transaction never writes: its changes are discarded.
 * Savepoints and timeouts are not supported.
 */
public class ZkzeoTransactionManager extends AbstractPlatformTransactionManager
		implements ResourceTransactionManager {

	private final Supplier<DB> db;

	/**
	 * Creates a transaction manager for a database.
	 * @param db the database
	 */
	public ZkzeoTransactionManager(DB db) {
		Objects.requireNonNull(db, "'db' must not be null");
		this.db = () -> db;
	}

	/**
	 * Creates a transaction manager for a database opened on first use, for example a lazy bean whose storage
	 * may not be reachable at startup.
	 * @param db supplies the database; called once, when the first transaction begins
	 */
	public ZkzeoTransactionManager(Supplier<DB> db) {
		this.db = SingletonSupplier.of(Objects.requireNonNull(db, "'db' must not be null"));
	}

	/**
	 * Returns the database whose transactions this manager runs.
	 * @return the database
	 */
	public DB getDb() {
		return this.db.get();
	}

	@Override
	public Object getResourceFactory() {
		return getDb();
	}

	@Override
	protected Object doGetTransaction() {
		return new ZkzeoTransactionObject(
				(ConnectionHolder) TransactionSynchronizationManager.getResource(getDb()));
	}

	@Override
	protected boolean isExistingTransaction(Object transaction) {
		return ((ZkzeoTransactionObject) transaction).holder != null;
	}

	@Override
	protected void doBegin(Object transaction, TransactionDefinition definition) {
		ZkzeoTransactionObject object = (ZkzeoTransactionObject) transaction;
		TransactionManager manager = new TransactionManager();
		Connection connection;
		try {
			connection = getDb().open(manager);
		}
		catch (RuntimeException ex) {
			throw new CannotCreateTransactionException("Could not open a zkzeo database connection: " + ex.getMessage(),
					ex);
		}
		try {
			Transaction zodbTransaction = manager.begin();
			if (definition.getName() != null) {
				zodbTransaction.note(definition.getName());
			}
		}
		catch (RuntimeException ex) {
			connection.close();
			throw new CannotCreateTransactionException("Could not begin a zkzeo transaction: " + ex.getMessage(), ex);
		}
		ConnectionHolder holder = new ConnectionHolder(connection, manager, definition.isReadOnly());
		object.holder = holder;
		TransactionSynchronizationManager.bindResource(getDb(), holder);
	}

	@Override
	protected Object doSuspend(Object transaction) {
		((ZkzeoTransactionObject) transaction).holder = null;
		return TransactionSynchronizationManager.unbindResource(getDb());
	}

	@Override
	protected void doResume(@Nullable Object transaction, Object suspendedResources) {
		TransactionSynchronizationManager.bindResource(getDb(), suspendedResources);
	}

	@Override
	protected void doCommit(DefaultTransactionStatus status) {
		ConnectionHolder holder = holder(status);
		if (holder.readOnly()) {
			holder.manager().abort();
			return;
		}
		try {
			holder.manager().commit();
		}
		catch (ConflictError ex) {
			throw new ConcurrencyFailureException("zkzeo transaction conflicted: " + ex.getMessage(), ex);
		}
		catch (POSException ex) {
			throw new TransactionSystemException("Could not commit zkzeo transaction: " + ex.getMessage(), ex);
		}
	}

	@Override
	protected void doRollback(DefaultTransactionStatus status) {
		try {
			holder(status).manager().abort();
		}
		catch (POSException ex) {
			throw new TransactionSystemException("Could not abort zkzeo transaction: " + ex.getMessage(), ex);
		}
	}

	@Override
	protected void doSetRollbackOnly(DefaultTransactionStatus status) {
		holder(status).setRollbackOnly();
	}

	@Override
	protected void doCleanupAfterCompletion(Object transaction) {
		ZkzeoTransactionObject object = (ZkzeoTransactionObject) transaction;
		TransactionSynchronizationManager.unbindResourceIfPossible(getDb());
		ConnectionHolder holder = object.holder;
		object.holder = null;
		if (holder != null) {
			holder.connection().close();
		}
	}

	private static ConnectionHolder holder(DefaultTransactionStatus status) {
		ConnectionHolder holder = ((ZkzeoTransactionObject) status.getTransaction()).holder;
		if (holder == null) {
			throw new IllegalStateException("No zkzeo connection is bound to this transaction");
		}
		return holder;
	}

	/**
	 * The transaction object: the holder of the current transaction, if any.
	 */
	private static final class ZkzeoTransactionObject implements SmartTransactionObject {

		private @Nullable ConnectionHolder holder;

		ZkzeoTransactionObject(@Nullable ConnectionHolder holder) {
			this.holder = holder;
		}

		@Override
		public boolean isRollbackOnly() {
			ConnectionHolder current = this.holder;
			return current != null && current.isRollbackOnly();
		}

		@Override
		public void flush() {
		}

	}

}
