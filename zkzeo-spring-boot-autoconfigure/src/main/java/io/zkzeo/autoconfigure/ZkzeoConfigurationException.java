package io.zkzeo.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a {@code zkzeo.*} property is missing or has a value that cannot be used. Carries the
 * property's name so that {@link ZkzeoConfigurationFailureAnalyzer} can say what to set.
 */
public class ZkzeoConfigurationException extends RuntimeException {

	private final String property;

	private final @Nullable String value;

	private final String reason;

	/**
	 * Creates the exception.
	 * @param property the full name of the property, for example {@code zkzeo.server.address}
	 * @param value the value found, or {@code null} when the property is not set
	 * @param reason why the value cannot be used, and how to fix it
	 */
	public ZkzeoConfigurationException(String property, @Nullable String value, String reason) {
		this(property, value, reason, null);
	}

	/**
	 * Creates the exception with a cause.
	 * @param property the full name of the property
	 * @param value the value found, or {@code null} when the property is not set
	 * @param reason why the value cannot be used, and how to fix it
	 * @param cause the underlying failure, or {@code null}
	 */
	public ZkzeoConfigurationException(String property, @Nullable String value, String reason,
			@Nullable Throwable cause) {
		super(message(property, value, reason), cause);
		this.property = property;
		this.value = value;
		this.reason = reason;
	}

	private static String message(String property, @Nullable String value, String reason) {
		return (value != null) ? "Property '" + property + "' with value '" + value + "' cannot be used: " + reason
				: "Property '" + property + "' is not set: " + reason;
	}

	/**
	 * Returns the name of the property at fault.
	 * @return the property name
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * Returns the value found.
	 * @return the value, or {@code null} when the property is not set
	 */
	public @Nullable String getValue() {
		return this.value;
	}

	/**
	 * Returns why the value cannot be used.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

}
