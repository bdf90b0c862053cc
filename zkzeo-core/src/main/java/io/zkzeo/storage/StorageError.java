package io.zkzeo.storage;

/**
 * A storage failed to do what was asked ({@code ZODB.POSException.StorageError}).
 */
public class StorageError extends POSException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an error with a message.
	 * @param message what went wrong
	 */
	public StorageError(String message) {
		super(message);
	}

	/**
	 * Creates an error with a message and a cause.
	 * @param message what went wrong
	 * @param cause the underlying error
	 */
	public StorageError(String message, Throwable cause) {
		super(message, cause);
	}

}
