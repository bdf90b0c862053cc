package io.zkzeo.pickle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * An instance of a class the {@link ClassRegistry} does not know (ZODB would call it <em>broken</em>):
 * the class, the constructor arguments, and what was applied to the new object afterwards, kept so that
 * it is written back exactly as it was read. It is never turned into a live object.
 *
 * <p>Equality is identity, as for a Python object without {@code __eq__}.
 */
public final class PickleObject {

	/**
	 * How the instance was created.
	 */
	public enum Construction {

		/** {@code callable(*args)}: the {@code REDUCE} opcode (also old {@code INST}/{@code OBJ}). */
		REDUCE,

		/** {@code cls.__new__(cls, *args)}: the {@code NEWOBJ} opcode. */
		NEWOBJ

	}

	private static final Object NO_STATE = new Object();

	private final Global type;

	private final PickleTuple args;

	private final Construction construction;

	private @Nullable Object state = NO_STATE;

	private @Nullable List<@Nullable Object> listItems;

	private @Nullable Map<@Nullable Object, @Nullable Object> dictItems;

	/**
	 * Creates an instance description without state.
	 * @param type the class ({@code NEWOBJ}) or callable ({@code REDUCE})
	 * @param args the arguments
	 * @param construction how the instance is created
	 */
	public PickleObject(Global type, PickleTuple args, Construction construction) {
		this.type = Objects.requireNonNull(type, "'type' must not be null");
		this.args = Objects.requireNonNull(args, "'args' must not be null");
		this.construction = Objects.requireNonNull(construction, "'construction' must not be null");
	}

	/**
	 * Creates an instance description with state (what {@code BUILD} applies).
	 * @param type the class ({@code NEWOBJ}) or callable ({@code REDUCE})
	 * @param args the arguments
	 * @param construction how the instance is created
	 * @param state the state, may be {@code None}
	 * @return the instance description
	 */
	public static PickleObject withState(Global type, PickleTuple args, Construction construction,
			@Nullable Object state) {
		PickleObject object = new PickleObject(type, args, construction);
		object.state = state;
		return object;
	}

	/**
	 * Returns the class or callable.
	 * @return the global
	 */
	public Global type() {
		return this.type;
	}

	/**
	 * Returns the constructor arguments.
	 * @return the arguments
	 */
	public PickleTuple args() {
		return this.args;
	}

	/**
	 * Returns how the instance is created.
	 * @return the construction
	 */
	public Construction construction() {
		return this.construction;
	}

	/**
	 * Tells whether a state was applied ({@code BUILD}).
	 * @return {@code true} if {@link #state()} is meaningful
	 */
	public boolean hasState() {
		return this.state != NO_STATE;
	}

	/**
	 * Returns the applied state.
	 * @return the state, {@code null} when it is {@code None} or absent (see {@link #hasState()})
	 */
	public @Nullable Object state() {
		return (this.state != NO_STATE) ? this.state : null;
	}

	/**
	 * Returns the items appended to the instance after creation (list subclasses).
	 * @return the items, empty if none
	 */
	public List<@Nullable Object> listItems() {
		return (this.listItems != null) ? Collections.unmodifiableList(this.listItems) : List.of();
	}

	/**
	 * Returns the items set on the instance after creation (dict subclasses).
	 * @return the items in insertion order, empty if none
	 */
	public Map<@Nullable Object, @Nullable Object> dictItems() {
		return (this.dictItems != null) ? Collections.unmodifiableMap(this.dictItems) : Map.of();
	}

	boolean hasListItems() {
		return this.listItems != null && !this.listItems.isEmpty();
	}

	boolean hasDictItems() {
		return this.dictItems != null && !this.dictItems.isEmpty();
	}

	void applyState(@Nullable Object state, int position) {
		if (this.state != NO_STATE) {
			throw new PickleException("State applied twice to an instance of " + this.type, position);
		}
		this.state = state;
	}

	void appendItem(@Nullable Object item) {
		if (this.listItems == null) {
			this.listItems = new ArrayList<>();
		}
		this.listItems.add(item);
	}

	void setItem(@Nullable Object key, @Nullable Object value) {
		if (this.dictItems == null) {
			this.dictItems = new LinkedHashMap<>();
		}
		this.dictItems.put(key, value);
	}

	@Override
	public String toString() {
		return "<" + this.type + " instance>";
	}

}
