package io.zkzeo.pickle;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collection;
import java.util.RandomAccess;

import org.jspecify.annotations.Nullable;

/**
 * An immutable Python {@code tuple}. It is a {@link java.util.List} for convenience but equals only other
 * tuples, so it stays distinct from a Python {@code list} (an {@link java.util.ArrayList}).
 */
public final class PickleTuple extends AbstractList<@Nullable Object> implements RandomAccess {

	private static final PickleTuple EMPTY = new PickleTuple(new Object[0]);

	private final @Nullable Object[] items;

	private int hash;

	private PickleTuple(@Nullable Object[] items) {
		this.items = items;
	}

	/**
	 * Returns the empty tuple.
	 * @return {@code ()}
	 */
	public static PickleTuple empty() {
		return EMPTY;
	}

	/**
	 * Returns a tuple of the given items.
	 * @param items the items, copied
	 * @return the tuple
	 */
	public static PickleTuple of(@Nullable Object... items) {
		return (items.length == 0) ? EMPTY : new PickleTuple(items.clone());
	}

	/**
	 * Returns a tuple of the items of a collection, in iteration order.
	 * @param items the items
	 * @return the tuple
	 */
	public static PickleTuple copyOf(Collection<?> items) {
		return (items.isEmpty()) ? EMPTY : new PickleTuple(items.toArray());
	}

	/** Takes ownership of the array. */
	static PickleTuple wrap(@Nullable Object[] items) {
		return (items.length == 0) ? EMPTY : new PickleTuple(items);
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
	public boolean equals(Object other) {
		if (this == other) {
			return true;
		}
		if (!(other instanceof PickleTuple that) || that.items.length != this.items.length
				|| (this.hash != 0 && that.hash != 0 && this.hash != that.hash)) {
			return false;
		}
		return Arrays.equals(this.items, that.items);
	}

	@Override
	public int hashCode() {
		int h = this.hash;
		if (h == 0) {
			h = Arrays.hashCode(this.items) ^ 0x5bd1e995;
			this.hash = (h != 0) ? h : 1;
		}
		return h;
	}

	/**
	 * Formats the tuple as Python does, e.g. {@code (1, 'a')}.
	 */
	@Override
	public String toString() {
		StringBuilder text = new StringBuilder("(");
		for (int i = 0; i < this.items.length; i++) {
			text.append((i > 0) ? ", " : "").append((this.items[i] == this) ? "(...)" : this.items[i]);
		}
		return text.append((this.items.length == 1) ? ",)" : ")").toString();
	}

}
