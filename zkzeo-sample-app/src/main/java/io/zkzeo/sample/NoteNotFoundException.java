package io.zkzeo.sample;

/**
 * Thrown when no note has the asked key.
 */
public class NoteNotFoundException extends RuntimeException {

	/**
	 * Creates the exception.
	 * @param id the key asked for
	 */
	public NoteNotFoundException(String id) {
		super("No note " + id);
	}

}
