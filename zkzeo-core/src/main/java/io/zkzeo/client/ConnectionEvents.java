package io.zkzeo.client;

import java.util.List;
import java.util.Map;

import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link ServerConnection} reports to its owner, on the connection's event loop.
 */
interface ConnectionEvents {

	/**
	 * The server sent {@code invalidateTransaction} on a connection that is ready.
	 * @param connection the connection
	 * @param tid the committed transaction
	 * @param oids the objects it changed
	 */
	void invalidated(ServerConnection connection, Tid tid, List<Oid> oids);

	/**
	 * The server sent {@code info} with the storage's length and size.
	 * @param connection the connection
	 * @param info the values
	 */
	void info(ServerConnection connection, Map<Object, @Nullable Object> info);

	/**
	 * The connection closed; its pending calls have failed.
	 * @param connection the connection
	 */
	void closed(ServerConnection connection);

}
