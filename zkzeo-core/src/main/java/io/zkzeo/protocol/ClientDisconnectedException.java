package io.zkzeo.protocol;

import io.zkzeo.storage.StorageError;

/**
 * The client storage has no usable connection to a server ({@code ZEO.Exceptions.ClientDisconnected}). Like
 * Python's, it is transient: retrying after a reconnect may succeed.
 */
public class ClientDisconnectedException extends StorageError {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message why, for example {@code "Connection lost"}
	 */
	public ClientDisconnectedException(String message) {
		super(message);
	}

}
