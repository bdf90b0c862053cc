package io.zkzeo.storage.memory;

import java.util.Objects;

/**
 * The settings of a {@link MemoryStorage}. Immutable: the {@code withX} methods return changed copies.
 *
 * @param name the storage's name, for messages and the ZEO handshake
 * @param readOnly whether every write is refused with {@link io.zkzeo.storage.ReadOnlyError}
 */
public record MemoryStorageOptions(String name, boolean readOnly) {

	/** The name used when none is given, as ZEO names its first storage. */
	public static final String DEFAULT_NAME = "1";

	/**
	 * Creates the options.
	 * @param name the storage's name, not blank
	 * @param readOnly whether writes are refused
	 */
	public MemoryStorageOptions {
		Objects.requireNonNull(name, "'name' must not be null");
		if (name.isBlank()) {
			throw new IllegalArgumentException("'name' must not be blank");
		}
	}

	/**
	 * Returns the default options: named {@value #DEFAULT_NAME}, writable.
	 * @return the options
	 */
	public static MemoryStorageOptions defaults() {
		return new MemoryStorageOptions(DEFAULT_NAME, false);
	}

	/**
	 * Returns a copy with another name.
	 * @param name the name
	 * @return the changed options
	 */
	public MemoryStorageOptions withName(String name) {
		return new MemoryStorageOptions(name, this.readOnly);
	}

	/**
	 * Returns a copy that is read-only or not.
	 * @param readOnly whether writes are refused
	 * @return the changed options
	 */
	public MemoryStorageOptions withReadOnly(boolean readOnly) {
		return new MemoryStorageOptions(this.name, readOnly);
	}

}
