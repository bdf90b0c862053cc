package io.zkzeo.client;

import org.jspecify.annotations.Nullable;

/**
 * Turns the value of a normal reply into a call's result, on the connection's event loop, before any later
 * message of that connection is handled. Work that must be ordered with invalidations (filling the cache) goes
 * here.
 *
 * @param <T> the result type
 */
@FunctionalInterface
interface ReplyHandler<T> {

	/**
	 * Converts a reply value.
	 * @param value the decoded value
	 * @return the result
	 */
	T handle(@Nullable Object value);

}
