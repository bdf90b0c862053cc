package io.zkzeo.protocol;

import io.zkzeo.storage.StorageError;
import org.jspecify.annotations.Nullable;

/**
 * The server answered a call with an error that has no Java counterpart, such as {@code builtins.ValueError}
 * (the counterpart of {@code ZEO.Exceptions.ServerException}). It keeps the Python class name and payload, and is
 * sent on unchanged if re-encoded.
 */
public class ZeoServerException extends StorageError {

	private static final long serialVersionUID = 1L;

	private final String className;

	private final transient @Nullable Object payload;

	/**
	 * Creates the exception.
	 * @param className the Python exception class, such as {@code builtins.ValueError}
	 * @param payload the exception's attributes (a dict) or arguments (a tuple)
	 */
	public ZeoServerException(String className, @Nullable Object payload) {
		super(className + ": " + ZeoErrors.argumentsText(payload));
		this.className = className;
		this.payload = payload;
	}

	/** @return the Python exception class, such as {@code builtins.ValueError} */
	public String getClassName() {
		return this.className;
	}

	/** @return the exception's attributes (a dict) or arguments (a tuple), as decoded */
	public @Nullable Object getPayload() {
		return this.payload;
	}

}
