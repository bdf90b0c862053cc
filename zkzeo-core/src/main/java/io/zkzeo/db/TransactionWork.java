package io.zkzeo.db;

import org.jspecify.annotations.Nullable;

/**
 * Work run in a transaction by {@link DB#transaction}. It may run more than once (after a conflict), so it
 * should have no effects outside the database.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface TransactionWork<T extends @Nullable Object> {

	/**
	 * Does the work.
	 * @param connection the connection to read and change objects with
	 * @return the result
	 */
	T run(Connection connection);

}
