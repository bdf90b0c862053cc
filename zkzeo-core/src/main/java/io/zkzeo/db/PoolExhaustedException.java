package io.zkzeo.db;

/**
 * Every connection of a {@link DB}'s pool stayed in use for the whole pool timeout.
 */
public class PoolExhaustedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what was waited for
	 */
	public PoolExhaustedException(String message) {
		super(message);
	}

}
