package io.zkzeo.pickle;

/**
 * A pickle cannot be read or written: malformed or truncated input, an unsupported opcode, or a value
 * outside the pickle model.
 */
public class PickleException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final int position;

	/**
	 * Creates an error about the input at a byte position.
	 * @param message what went wrong
	 * @param position the offset of the offending opcode or byte in the input
	 */
	public PickleException(String message, int position) {
		super(message + " at position " + position);
		this.position = position;
	}

	/**
	 * Creates an error about the input at a byte position, caused by another error.
	 * @param message what went wrong
	 * @param position the offset of the offending opcode in the input
	 * @param cause the underlying error
	 */
	public PickleException(String message, int position, Throwable cause) {
		super(message + " at position " + position, cause);
		this.position = position;
	}

	/**
	 * Creates an error that is not tied to an input position (writing).
	 * @param message what went wrong
	 */
	public PickleException(String message) {
		super(message);
		this.position = -1;
	}

	/**
	 * Returns the byte offset in the input where reading failed.
	 * @return the offset, or -1 when the error is not about input
	 */
	public int getPosition() {
		return this.position;
	}

}
