package io.zkzeo.db;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The state of a persistent container as Python stores it: a dict with the items under {@code data}, beside
 * the fields a Java subclass declares and any other attribute a Python instance had (kept and written back).
 * Shared by {@link PersistentMap} and {@link PersistentList}.
 */
final class ContainerState {

	static final String DATA = "data";

	private ContainerState() {
	}

	/**
	 * Builds a container's state.
	 * @param items the items, stored under {@code data}
	 * @param otherAttributes attributes read with the last state and kept, or {@code null}
	 * @param subclassFields the fields of the container's subclass, or {@code null} for the class itself
	 * @param container the container whose fields are read
	 * @return the state dict
	 */
	static Map<Object, @Nullable Object> of(Object items, @Nullable Map<Object, @Nullable Object> otherAttributes,
			@Nullable FieldState subclassFields, Persistent container) {
		Map<Object, @Nullable Object> state = new LinkedHashMap<>();
		state.put(DATA, items);
		if (otherAttributes != null) {
			state.putAll(otherAttributes);
		}
		if (subclassFields != null) {
			state.putAll(subclassFields.read(container));
		}
		return state;
	}

	/**
	 * Takes the attributes of a state that are not items: the subclass's fields go into the container, the
	 * others are returned to be kept.
	 * @param container the container being loaded
	 * @param attributes the state dict
	 * @param itemKeys the names the items may be stored under
	 * @param subclassFields the fields of the container's subclass, or {@code null} for the class itself
	 * @return the other attributes, or {@code null} if there are none
	 */
	static @Nullable Map<Object, @Nullable Object> readAttributes(Persistent container, Map<?, ?> attributes,
			Set<String> itemKeys, @Nullable FieldState subclassFields) {
		if (subclassFields != null) {
			subclassFields.write(container, attributes);
		}
		return otherAttributes(attributes, itemKeys, subclassFields);
	}

	/**
	 * Resets the subclass's fields of a container turned into a ghost.
	 * @param container the container
	 * @param subclassFields the fields of its subclass, or {@code null} for the class itself
	 */
	static void clearFields(Persistent container, @Nullable FieldState subclassFields) {
		if (subclassFields != null) {
			subclassFields.clear(container);
		}
	}

	/**
	 * Returns the attributes of a state that are neither items nor fields of the subclass.
	 * @param attributes the state dict
	 * @param itemKeys the names the items may be stored under
	 * @param subclassFields the fields of the container's subclass, or {@code null} for the class itself
	 * @return the other attributes, or {@code null} if there are none
	 */
	private static @Nullable Map<Object, @Nullable Object> otherAttributes(Map<?, ?> attributes, Set<String> itemKeys,
			@Nullable FieldState subclassFields) {
		Map<Object, @Nullable Object> others = null;
		for (Map.Entry<?, ?> entry : attributes.entrySet()) {
			Object name = entry.getKey();
			boolean item = name != null && itemKeys.contains(name);
			if (!item && (subclassFields == null || !subclassFields.hasField(name))) {
				if (others == null) {
					others = new LinkedHashMap<>();
				}
				others.put(name, entry.getValue());
			}
		}
		return others;
	}

}
