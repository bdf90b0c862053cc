package io.zkzeo.storage;

/**
 * A write was attempted on a read-only storage ({@code ZODB.POSException.ReadOnlyError}).
 */
public class ReadOnlyError extends StorageError {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the error.
	 * @param storageName the storage that is read-only
	 */
	public ReadOnlyError(String storageName) {
		super("Storage " + storageName + " is read-only");
	}

}
