package io.zkzeo.db;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A persistent list, stored as Python's {@code persistent.list.PersistentList} with the state
 * {@code {'data': [item, ...]}}. Items are values of the pickle value model or persistent objects
 * (stored as references).
 *
 * <p>A subclass (named with {@link PersistentClass}) stores the fields it declares beside {@code data},
 * as a Python subclass stores its attributes; its methods follow the rules of {@link Persistent}.
 *
 * <p>Iterators and sub-lists are read-only: change the list through its own methods so the change is
 * recorded. Equality is identity.
 *
 * @param <E> the item type
 */
public class PersistentList<E> extends Persistent implements List<E> {

	private static final String DATA = ContainerState.DATA;

	private static final Set<String> ITEM_KEYS = Set.of(DATA);

	private ArrayList<E> data = new ArrayList<>();

	private @Nullable Map<Object, @Nullable Object> otherAttributes;

	/**
	 * Creates an empty list.
	 */
	public PersistentList() {
	}

	/**
	 * Creates a list holding the items of a collection.
	 * @param items the items to copy
	 */
	public PersistentList(Collection<? extends E> items) {
		this.data.addAll(items);
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
	public boolean contains(Object item) {
		readAccess();
		return this.data.contains(item);
	}

	@Override
	public Iterator<E> iterator() {
		readAccess();
		return Collections.unmodifiableList(this.data).iterator();
	}

	@Override
	public Object[] toArray() {
		readAccess();
		return this.data.toArray();
	}

	@Override
	public <T> T[] toArray(T[] array) {
		readAccess();
		return this.data.toArray(array);
	}

	@Override
	public boolean add(E item) {
		writeAccess();
		return this.data.add(item);
	}

	@Override
	public boolean remove(Object item) {
		readAccess();
		int index = this.data.indexOf(item);
		if (index < 0) {
			return false;
		}
		writeAccess();
		this.data.remove(index);
		return true;
	}

	@Override
	public boolean containsAll(Collection<?> items) {
		readAccess();
		return this.data.containsAll(items);
	}

	@Override
	public boolean addAll(Collection<? extends E> items) {
		writeAccess();
		return this.data.addAll(items);
	}

	@Override
	public boolean addAll(int index, Collection<? extends E> items) {
		writeAccess();
		return this.data.addAll(index, items);
	}

	@Override
	public boolean removeAll(Collection<?> items) {
		writeAccess();
		return this.data.removeAll(items);
	}

	@Override
	public boolean retainAll(Collection<?> items) {
		writeAccess();
		return this.data.retainAll(items);
	}

	@Override
	public void clear() {
		writeAccess();
		this.data.clear();
	}

	@Override
	public E get(int index) {
		readAccess();
		return this.data.get(index);
	}

	@Override
	public E set(int index, E item) {
		writeAccess();
		return this.data.set(index, item);
	}

	@Override
	public void add(int index, E item) {
		writeAccess();
		this.data.add(index, item);
	}

	@Override
	public E remove(int index) {
		writeAccess();
		return this.data.remove(index);
	}

	@Override
	public int indexOf(Object item) {
		readAccess();
		return this.data.indexOf(item);
	}

	@Override
	public int lastIndexOf(Object item) {
		readAccess();
		return this.data.lastIndexOf(item);
	}

	@Override
	public ListIterator<E> listIterator() {
		return listIterator(0);
	}

	@Override
	public ListIterator<E> listIterator(int index) {
		readAccess();
		return Collections.unmodifiableList(this.data).listIterator(index);
	}

	@Override
	public List<E> subList(int fromIndex, int toIndex) {
		readAccess();
		return Collections.unmodifiableList(this.data.subList(fromIndex, toIndex));
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
		if (!(state instanceof Map<?, ?> attributes) || !(attributes.get(DATA) instanceof List<?> items)) {
			throw new IllegalArgumentException("PersistentList state is not {'data': [...]}: " + state);
		}
		this.data = (items instanceof ArrayList<?> list) ? (ArrayList<E>) list : new ArrayList<>((List<E>) items);
		this.otherAttributes = ContainerState.readAttributes(this, attributes, ITEM_KEYS, subclassFields());
	}

	@Override
	protected void clearState() {
		this.data = new ArrayList<>();
		this.otherAttributes = null;
		ContainerState.clearFields(this, subclassFields());
	}

	/** @return the fields a subclass declares, or {@code null} for this class itself */
	private @Nullable FieldState subclassFields() {
		return (getClass() != PersistentList.class) ? FieldState.ofListSubclass(getClass()) : null;
	}

	@Override
	public String toString() {
		return "PersistentList[oid=" + getOid() + (isGhost() ? ", ghost]" : ", size=" + this.data.size() + "]");
	}

}
