package io.zkzeo.storage;

/**
 * A two-phase-commit call came out of order or for the wrong transaction
 * ({@code ZODB.POSException.StorageTransactionError}).
 */
public class StorageTransactionError extends StorageError {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the error.
	 * @param message what was out of order
	 */
	public StorageTransactionError(String message) {
		super(message);
	}

}
