package io.zkzeo.pickle;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Python's rule for dict keys and set items: lists, dicts and sets cannot be hashed; tuples and
 * frozensets can if their items can. Keys are also kept shallow and small, so hashing and comparing
 * them (recursive in Java) takes bounded time and stack.
 */
final class Hashability {

	private static final int MAX_DEPTH = 100;

	private static final int MAX_ITEMS = 10_000;

	private int items;

	private Hashability() {
	}

	/**
	 * Returns why a value cannot be a dict key or set item.
	 * @return the reason, or {@code null} if it can
	 */
	static @Nullable String problem(@Nullable Object value) {
		if (value instanceof Collection<?> || value instanceof Map<?, ?>) {
			return new Hashability().check(value, 1);
		}
		return null;
	}

	private @Nullable String check(@Nullable Object value, int depth) {
		Collection<?> items;
		if (value instanceof PickleTuple tuple) {
			items = tuple;
		}
		else if (value instanceof Set<?> set && StandardTypes.isFrozen(set)) {
			items = set;
		}
		else if (value instanceof Collection<?> || value instanceof Map<?, ?>) {
			return "Unhashable value (list, dict or set)";
		}
		else {
			return null;
		}
		if (depth > MAX_DEPTH || (this.items += items.size()) > MAX_ITEMS) {
			return "Hashed value is nested too deeply";
		}
		for (Object item : items) {
			String problem = check(item, depth + 1);
			if (problem != null) {
				return problem;
			}
		}
		return null;
	}

}
