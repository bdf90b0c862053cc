package io.zkzeo.db;

import java.util.Map;
import java.util.Objects;

import io.zkzeo.pickle.Global;
import org.jspecify.annotations.Nullable;

/**
 * An object of a Python class no Java class is registered for (ZODB would call it <em>broken</em>). It
 * keeps the class metadata and the state exactly as read, with references to other objects resolved to
 * persistent objects, so it can be read and saved back intact.
 */
public final class GenericPersistent extends Persistent {

	private final Global type;

	private @Nullable Object classMetadata;

	private @Nullable Object state;

	/**
	 * Creates a new object of a Python class, with no state.
	 * @param type the Python class
	 */
	public GenericPersistent(Global type) {
		this.type = Objects.requireNonNull(type, "'type' must not be null");
		this.classMetadata = type;
	}

	/**
	 * Returns the Python class.
	 * @return the class
	 */
	public Global type() {
		return this.type;
	}

	/**
	 * Returns the state as read: usually a dict of attribute names to values.
	 * @return the state
	 */
	public @Nullable Object state() {
		readAccess();
		return this.state;
	}

	/**
	 * Returns one attribute of a dict state.
	 * @param name the attribute name
	 * @return the value, or {@code null} if the state is not a dict or has no such attribute
	 */
	public @Nullable Object attribute(String name) {
		readAccess();
		return (this.state instanceof Map<?, ?> map) ? map.get(name) : null;
	}

	/**
	 * Replaces the state, to be written at commit.
	 * @param state the new state, in the pickle value model (persistent objects stand for references)
	 */
	public void replaceState(@Nullable Object state) {
		writeAccess();
		this.state = state;
	}

	@Nullable Object classMetadata() {
		return this.classMetadata;
	}

	void classMetadata(@Nullable Object classMetadata) {
		this.classMetadata = classMetadata;
	}

	@Override
	protected @Nullable Object getState() {
		return this.state;
	}

	@Override
	protected void setState(@Nullable Object state) {
		this.state = state;
	}

	@Override
	protected void clearState() {
		this.state = null;
	}

	@Override
	public String toString() {
		return "<" + this.type + " oid=" + getOid() + ">";
	}

}
