package io.zkzeo.protocol;

import java.util.Map;

/**
 * Supplies the answer to a {@code ruok} probe: for each storage name, that storage's {@code server_status}
 * dictionary ({@code connections}, {@code loads}, ... {@code last-transaction}). Called on the connection's event
 * loop; it must be quick and thread-safe.
 */
@FunctionalInterface
public interface ServerStatusProvider {

	/**
	 * Returns the current status of every storage, in the order to report them.
	 * @return storage name to status entries (str keys; values str, int, float, bool or {@code null})
	 */
	Map<String, ? extends Map<String, ?>> status();

}
