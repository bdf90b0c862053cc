package io.zkzeo.client;

import io.zkzeo.storage.Tid;
import org.jspecify.annotations.Nullable;

/**
 * Makes a registered connection the one a client storage uses: verifies the cache against the server and fetches
 * the storage's info. Called on the connection manager's thread; it may block on the connection.
 */
@FunctionalInterface
interface ConnectionActivator {

	/**
	 * Prepares a registered connection for use.
	 * @param connection the connection
	 * @param serverTid the server's last tid as {@code register} returned it, or {@code null} if it returned none
	 * @throws RuntimeException if the connection must not be used (it is then closed and retried later)
	 */
	void activate(ServerConnection connection, @Nullable Tid serverTid);

}
