package io.zkzeo.config;

/**
 * A storage section served by a ZEO server: {@code <filestorage>} or {@code <mappingstorage>}.
 */
public sealed interface StorageConfig permits FileStorageConfig, MemoryStorageConfig {

	/**
	 * Return the name clients select the storage by: the section name, or {@code 1} for the one unnamed
	 * storage.
	 * @return the storage name
	 */
	String name();

	/**
	 * Return where the section starts.
	 * @return the location
	 */
	ConfigLocation location();

}
