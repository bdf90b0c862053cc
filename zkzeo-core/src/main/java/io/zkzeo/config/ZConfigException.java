package io.zkzeo.config;

/**
 * A configuration file is malformed or holds an invalid value. The message starts with the file and
 * line, as in {@code zeo.conf:12: Unknown key 'adress' in <zeo>}.
 */
public class ZConfigException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient ConfigLocation location;

	/**
	 * Create an exception.
	 * @param location where the problem is
	 * @param message what is wrong
	 */
	public ZConfigException(ConfigLocation location, String message) {
		super(location + ": " + message);
		this.location = location;
	}

	/**
	 * Create an exception with a cause.
	 * @param location where the problem is
	 * @param message what is wrong
	 * @param cause the underlying failure
	 */
	public ZConfigException(ConfigLocation location, String message, Throwable cause) {
		super(location + ": " + message, cause);
		this.location = location;
	}

	/**
	 * Return where the problem is.
	 * @return the location
	 */
	public ConfigLocation getLocation() {
		return this.location;
	}

}
