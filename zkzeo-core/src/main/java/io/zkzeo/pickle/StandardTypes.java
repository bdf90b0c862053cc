package io.zkzeo.pickle;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Python's {@code set} and {@code frozenset} as Java sets: {@code set} is a {@link LinkedHashSet},
 * {@code frozenset} an unmodifiable view of one. Both keep Python's iteration order, so a decoded set is
 * written back with its items in the same order.
 */
final class StandardTypes {

	static final Global SET = new Global("builtins", "set");

	static final Global FROZENSET = new Global("builtins", "frozenset");

	private static final Class<?> FROZEN_CLASS = Collections.unmodifiableSet(new LinkedHashSet<>()).getClass();

	private StandardTypes() {
	}

	static ClassRegistry.Builder register(ClassRegistry.Builder builder) {
		return builder.register(SET, (type, args) -> new LinkedHashSet<>(items(args)))
			.register(FROZENSET, (type, args) -> Collections.unmodifiableSet(new LinkedHashSet<>(items(args))))
			.registerReducer(LinkedHashSet.class, (set) -> reduce(SET, set))
			.registerReducer(FROZEN_CLASS, (set) -> reduce(FROZENSET, (Set<?>) set));
	}

	static boolean isFrozen(Set<?> set) {
		return set.getClass() == FROZEN_CLASS;
	}

	private static Collection<?> items(PickleTuple args) {
		if (args.isEmpty()) {
			return Set.of();
		}
		if (args.size() == 1 && args.get(0) instanceof Collection<?> items && !(items instanceof PickleTuple)) {
			for (Object item : items) {
				String problem = Hashability.problem(item);
				if (problem != null) {
					throw new PickleException(problem + " in a set");
				}
			}
			return items;
		}
		throw new PickleException("A set is built from one list, not " + args.size() + " arguments");
	}

	private static PickleObject reduce(Global type, Collection<?> set) {
		return new PickleObject(type, PickleTuple.of(new ArrayList<Object>(set)), PickleObject.Construction.REDUCE);
	}

}
