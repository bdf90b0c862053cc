package io.zkzeo.db;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A persistent dict, stored as Python's {@code persistent.mapping.PersistentMapping} with the state
 * {@code {'data': {key: value, ...}}}. Keys keep their insertion order, as a Python dict does. Keys and
 * values are values of the pickle value model or persistent objects (stored as references).
 *
 * <p>A subclass (named with {@link PersistentClass}) stores the fields it declares beside {@code data},
 * as a Python subclass stores its attributes; its methods follow the rules of {@link Persistent}.
 *
 * <p>The views ({@link #keySet()}, {@link #values()}, {@link #entrySet()}) are read-only: change the map
 * through its own methods so the change is recorded. Equality is identity.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public class PersistentMap<K, V> extends Persistent implements Map<K, V> {

	private static final String DATA = ContainerState.DATA;

	private static final String LEGACY_DATA = "_container";

	private static final Set<String> ITEM_KEYS = Set.of(DATA, LEGACY_DATA);

	private LinkedHashMap<K, V> data = new LinkedHashMap<>();

	private @Nullable Map<Object, @Nullable Object> otherAttributes;

	/**
	 * Creates an empty map.
	 */
	public PersistentMap() {
	}

	/**
	 * Creates a map holding the entries of another.
	 * @param entries the entries to copy
	 */
	public PersistentMap(Map<? extends K, ? extends V> entries) {
		this.data.putAll(entries);
	}

	@Override
	public int size() {
		readAccess();
		return this.data.size();
	}

	@Override
	public boolean isEmpty() {
		readAccess();
		return this.data.isEmpty();
	}

	@Override
	public boolean containsKey(Object key) {
		readAccess();
		return this.data.containsKey(key);
	}

	@Override
	public boolean containsValue(Object value) {
		readAccess();
		return this.data.containsValue(value);
	}

	@Override
	public @Nullable V get(Object key) {
		readAccess();
		return this.data.get(key);
	}

	@Override
	public @Nullable V put(K key, V value) {
		writeAccess();
		return this.data.put(key, value);
	}

	@Override
	public @Nullable V remove(Object key) {
		readAccess();
		if (!this.data.containsKey(key)) {
			return null;
		}
		writeAccess();
		return this.data.remove(key);
	}

	@Override
	public void putAll(Map<? extends K, ? extends V> entries) {
		writeAccess();
		this.data.putAll(entries);
	}

	@Override
	public void clear() {
		writeAccess();
		this.data.clear();
	}

	@Override
	public Set<K> keySet() {
		readAccess();
		return Collections.unmodifiableSet(this.data.keySet());
	}

	@Override
	public Collection<V> values() {
		readAccess();
		return Collections.unmodifiableCollection(this.data.values());
	}

	@Override
	public Set<Entry<K, V>> entrySet() {
		readAccess();
		return Collections.unmodifiableMap(this.data).entrySet();
	}

	@Override
	public final boolean equals(@Nullable Object other) {
		return this == other;
	}

	@Override
	public final int hashCode() {
		return System.identityHashCode(this);
	}

	@Override
	protected @Nullable Object getState() {
		return ContainerState.of(this.data, this.otherAttributes, subclassFields(), this);
	}

	@Override
	@SuppressWarnings("unchecked")
	protected void setState(@Nullable Object state) {
		if (!(state instanceof Map<?, ?> attributes)) {
			throw new IllegalArgumentException("PersistentMapping state is not a dict: " + state);
		}
		Object items = attributes.containsKey(DATA) ? attributes.get(DATA) : attributes.get(LEGACY_DATA);
		if (!(items instanceof Map<?, ?> map)) {
			throw new IllegalArgumentException("PersistentMapping state has no 'data' dict");
		}
		this.data = (map instanceof LinkedHashMap<?, ?> linked) ? (LinkedHashMap<K, V>) linked
				: new LinkedHashMap<>((Map<K, V>) map);
		this.otherAttributes = ContainerState.readAttributes(this, attributes, ITEM_KEYS, subclassFields());
	}

	@Override
	protected void clearState() {
		this.data = new LinkedHashMap<>();
		this.otherAttributes = null;
		ContainerState.clearFields(this, subclassFields());
	}

	/** @return the fields a subclass declares, or {@code null} for this class itself */
	private @Nullable FieldState subclassFields() {
		return (getClass() != PersistentMap.class) ? FieldState.ofMapSubclass(getClass()) : null;
	}

	@Override
	public String toString() {
		return "PersistentMap[oid=" + getOid() + (isGhost() ? ", ghost]" : ", size=" + this.data.size() + "]");
	}

}
