package io.zkzeo.storage;

/**
 * Base of the storage errors, named after ZODB's {@code ZODB.POSException.POSError}.
 */
public class POSException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an error with a message.
	 * @param message what went wrong
	 */
	public POSException(String message) {
		super(message);
	}

	/**
	 * Creates an error with a message and a cause.
	 * @param message what went wrong
	 * @param cause the underlying error
	 */
	public POSException(String message, Throwable cause) {
		super(message, cause);
	}

}
