package io.zkzeo.storage.file;

import io.zkzeo.storage.StorageError;

/**
 * A {@code Data.fs} file is not laid out as the format requires at a position (ZODB's
 * {@code FileStorageFormatError} and {@code CorruptedError}). The message names the position.
 */
public class FileStorageFormatError extends StorageError {

	private static final long serialVersionUID = 1L;

	private final long position;

	/**
	 * Creates the error.
	 * @param message what is wrong
	 * @param position the byte offset in the file where it is wrong
	 */
	public FileStorageFormatError(String message, long position) {
		super(message + " at position " + position);
		this.position = position;
	}

	/**
	 * Creates the error with a cause.
	 * @param message what is wrong
	 * @param position the byte offset in the file where it is wrong
	 * @param cause the underlying error
	 */
	public FileStorageFormatError(String message, long position, Throwable cause) {
		super(message + " at position " + position, cause);
		this.position = position;
	}

	/** @return the byte offset in the file where the problem is */
	public long getPosition() {
		return this.position;
	}

}
