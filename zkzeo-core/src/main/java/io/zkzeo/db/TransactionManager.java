package io.zkzeo.db;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Begins, commits and aborts transactions, the counterpart of Python's {@code transaction.manager}. A
 * thread-bound manager ({@link #threadBound()}) keeps one current transaction per thread; a manager
 * created with {@link #TransactionManager()} keeps one current transaction for whoever uses it, one thread
 * at a time.
 *
 * <p>Connections opened with a manager are told when a transaction begins and ends, and take a new
 * snapshot of the database then.
 */
public class TransactionManager {

	private final @Nullable ThreadLocal<Slot> slots;

	private final Slot slot;

	/**
	 * Creates a manager with one current transaction, not bound to a thread.
	 */
	public TransactionManager() {
		this(false);
	}

	private TransactionManager(boolean threadBound) {
		this.slots = threadBound ? ThreadLocal.withInitial(Slot::new) : null;
		this.slot = new Slot();
	}

	/**
	 * Creates a manager with one current transaction per thread.
	 * @return the manager
	 */
	public static TransactionManager threadBound() {
		return new TransactionManager(true);
	}

	/**
	 * Tells whether each thread has its own current transaction.
	 * @return {@code true} for a thread-bound manager
	 */
	public boolean isThreadBound() {
		return this.slots != null;
	}

	/**
	 * Begins a new transaction, aborting the current one if there is one.
	 * @return the new transaction
	 */
	public Transaction begin() {
		Slot current = slot();
		if (current.transaction != null) {
			current.transaction.abort();
		}
		Transaction transaction = new Transaction(this, current);
		current.transaction = transaction;
		for (Connection connection : current.synchronizers.toArray(new Connection[0])) {
			connection.newTransaction(transaction);
		}
		return transaction;
	}

	/**
	 * Returns the current transaction, beginning one if there is none.
	 * @return the transaction
	 */
	public Transaction get() {
		Slot current = slot();
		Transaction transaction = current.transaction;
		return (transaction != null) ? transaction : begin();
	}

	/**
	 * Commits the current transaction.
	 * @throws io.zkzeo.storage.ConflictError if another transaction changed an object this one changed; the
	 * transaction is then aborted
	 */
	public void commit() {
		get().commit();
	}

	/**
	 * Aborts the current transaction, if there is one.
	 */
	public void abort() {
		Transaction transaction = slot().transaction;
		if (transaction != null) {
			transaction.abort();
		}
	}

	Slot slot() {
		return (this.slots != null) ? this.slots.get() : this.slot;
	}

	Slot registerSynchronizer(Connection connection) {
		Slot current = slot();
		current.synchronizers.add(connection);
		return current;
	}

	void completed(Transaction transaction, Slot slot) {
		if (slot.transaction == transaction) {
			slot.transaction = null;
		}
		for (Connection connection : slot.synchronizers.toArray(new Connection[0])) {
			connection.afterCompletion(transaction);
		}
	}

	/**
	 * The current transaction and the connections to tell about it, for one thread (or for the manager).
	 */
	static final class Slot {

		@Nullable Transaction transaction;

		final List<Connection> synchronizers = new ArrayList<>();

		void unregister(Connection connection) {
			this.synchronizers.remove(connection);
		}

	}

}
