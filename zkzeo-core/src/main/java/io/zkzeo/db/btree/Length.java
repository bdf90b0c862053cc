package io.zkzeo.db.btree;

import io.zkzeo.db.ConflictResolution;
import io.zkzeo.db.Persistent;
import io.zkzeo.storage.ConflictError;
import org.jspecify.annotations.Nullable;

/**
 * A counter that concurrent transactions can change without conflict, stored as Python's
 * {@code BTrees.Length.Length} (the state is the bare int). Concurrent changes are merged as
 * {@code committed + ours - old}.
 */
public class Length extends Persistent implements ConflictResolution {

	private long value;

	/**
	 * Creates a counter at zero.
	 */
	public Length() {
	}

	/**
	 * Creates a counter with a value.
	 * @param value the initial value
	 */
	public Length(long value) {
		this.value = value;
	}

	/**
	 * Returns the value ({@code length()}).
	 * @return the value
	 */
	public long value() {
		readAccess();
		return this.value;
	}

	/**
	 * Adds to the value ({@code change(delta)}).
	 * @param delta the amount to add, may be negative
	 */
	public void change(long delta) {
		writeAccess();
		this.value += delta;
	}

	/**
	 * Sets the value ({@code set(v)}).
	 * @param value the new value
	 */
	public void set(long value) {
		writeAccess();
		this.value = value;
	}

	@Override
	protected @Nullable Object getState() {
		return this.value;
	}

	@Override
	protected void setState(@Nullable Object state) {
		if (!(state instanceof Number number)) {
			throw new IllegalArgumentException("Length state is not an int: " + state);
		}
		this.value = number.longValue();
	}

	@Override
	protected void clearState() {
		this.value = 0;
	}

	@Override
	public @Nullable Object resolveConflict(@Nullable Object oldState, @Nullable Object committedState,
			@Nullable Object newState) {
		if (oldState instanceof Number old && committedState instanceof Number committed
				&& newState instanceof Number ours) {
			return committed.longValue() + ours.longValue() - old.longValue();
		}
		throw new ConflictError("Length states are not ints", null, null, null);
	}

	@Override
	public String toString() {
		return "Length[oid=" + getOid() + (isGhost() ? ", ghost]" : ", value=" + this.value + "]");
	}

}
