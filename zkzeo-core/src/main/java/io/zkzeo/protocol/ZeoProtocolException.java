package io.zkzeo.protocol;

/**
 * A peer broke the ZEO protocol, or a value cannot be put on the wire
 * (the counterpart of {@code ZEO.Exceptions.ProtocolError}).
 */
public class ZeoProtocolException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what went wrong, with the offending value
	 */
	public ZeoProtocolException(String message) {
		super(message);
	}

	/**
	 * Creates the exception with a cause.
	 * @param message what went wrong, with the offending value
	 * @param cause the underlying error
	 */
	public ZeoProtocolException(String message, Throwable cause) {
		super(message, cause);
	}

}
