package io.zkzeo.protocol;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

import org.jspecify.annotations.Nullable;

/**
 * An immutable sequence standing for a Python {@code tuple} on the wire.
 *
 * <p>msgpack has one array type and decodes every array as a tuple, as Python ZEO does ({@code use_list=False}).
 * Pickle keeps tuples and lists apart: a {@code Tuple} is pickled as a tuple, any other {@link java.util.List} as a
 * list. Call arguments are always sent as a tuple.
 */
public final class Tuple extends AbstractList<@Nullable Object> implements RandomAccess {

	/** The empty tuple. */
	public static final Tuple EMPTY = new Tuple(new Object[0]);

	private final @Nullable Object[] items;

	private Tuple(@Nullable Object[] items) {
		this.items = items;
	}

	/**
	 * Returns a tuple of the given items. The array is used as is and must not be changed afterwards.
	 * @param items the items
	 * @return the tuple
	 */
	public static Tuple of(@Nullable Object... items) {
		return (items.length == 0) ? EMPTY : new Tuple(items);
	}

	/**
	 * Returns a tuple holding a copy of the given items.
	 * @param items the items
	 * @return the tuple
	 */
	public static Tuple copyOf(java.util.Collection<?> items) {
		return of(items.toArray());
	}

	@Override
	public @Nullable Object get(int index) {
		return this.items[index];
	}

	@Override
	public int size() {
		return this.items.length;
	}

	@Override
	public Object[] toArray() {
		return Arrays.copyOf(this.items, this.items.length);
	}

	/**
	 * Formats the tuple as Python's {@code repr} would, roughly: bytes as hex.
	 */
	@Override
	public String toString() {
		return PyValues.repr(this);
	}

}
