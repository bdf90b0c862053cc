package io.zkzeo.spring.transaction;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

import io.zkzeo.db.Connection;
import io.zkzeo.db.DB;
import io.zkzeo.db.PersistentMap;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.function.SingletonSupplier;

/**
 * The database {@link Connection} of the current Spring transaction, safe to inject into singletons: each
 * call looks up the connection that {@link ZkzeoTransactionManager} bound to the calling thread, so
 * concurrent requests each see their own connection and snapshot.
 *
 * <pre>
 * &#64;Transactional
 * public void rename(String id, String title) {
 *     Note note = (Note) this.connection.root().get(id);
 *     note.setTitle(title);
 * }
 * </pre>
 *
 * Outside a transaction managed by {@link ZkzeoTransactionManager} the calls fail; use
 * {@code @Transactional} (read-only transactions are cheap) or {@link DB#transaction}.
 */
public final class CurrentConnection {

	private final Supplier<DB> db;

	/**
	 * Creates the accessor for a database.
	 * @param db the database whose transactions bind connections
	 */
	public CurrentConnection(DB db) {
		Objects.requireNonNull(db, "'db' must not be null");
		this.db = () -> db;
	}

	/**
	 * Creates the accessor for a database opened on first use.
	 * @param db supplies the database; called once, on first use
	 */
	public CurrentConnection(Supplier<DB> db) {
		this.db = SingletonSupplier.of(Objects.requireNonNull(db, "'db' must not be null"));
	}

	/**
	 * Returns the connection bound to the current transaction.
	 * @return the connection
	 * @throws IllegalStateException if no zkzeo transaction is active on this thread
	 */
	public Connection get() {
		Connection connection = getIfAvailable();
		if (connection == null) {
			throw new IllegalStateException("No zkzeo transaction is active on thread "
					+ Thread.currentThread().getName() + "; run this in a @Transactional method (of a Spring bean, "
					+ "called through its proxy) or use DB.transaction(...)");
		}
		return connection;
	}

	/**
	 * Returns the connection bound to the current transaction, if there is one.
	 * @return the connection, or {@code null} outside a zkzeo transaction
	 */
	public @Nullable Connection getIfAvailable() {
		Object holder = TransactionSynchronizationManager.getResource(this.db.get());
		return (holder instanceof ConnectionHolder connectionHolder) ? connectionHolder.connection() : null;
	}

	/**
	 * Returns the root object of the database, as the current transaction sees it.
	 * @return the root mapping
	 * @throws IllegalStateException if no zkzeo transaction is active on this thread
	 */
	public PersistentMap<String, Object> root() {
		return get().root();
	}

	/**
	 * Returns the object stored in the root under a key, creating and storing it there first if it is missing
	 * (in the current transaction, so it is written only if the transaction commits).
	 * @param <T> the object's type
	 * @param key the root key
	 * @param type the object's type
	 * @param factory creates the object from the key when it is missing
	 * @return the object
	 * @throws IllegalStateException if no zkzeo transaction is active on this thread
	 * @throws ClassCastException if the root holds something else under the key
	 */
	public <T> T rootObject(String key, Class<T> type, Function<String, ? extends T> factory) {
		PersistentMap<String, Object> root = root();
		Object value = root.get(key);
		if (value == null) {
			T created = factory.apply(key);
			root.put(key, created);
			return created;
		}
		return type.cast(value);
	}

	/**
	 * Returns the database.
	 * @return the database
	 */
	public DB getDb() {
		return this.db.get();
	}

}
