package io.zkzeo.tools.load;

/**
 * The phases of a load round, in the order they run.
 */
public enum Phase {

	/** One transaction adding new objects. */
	ADD("add"),

	/** One transaction changing every object added in the round. */
	UPDATE("update"),

	/** Reading the objects through a fresh client storage and database: every object comes from the server. */
	COLD("cold"),

	/** Reading them again with the client cache warm and the database's object cache emptied. */
	WARM("warm"),

	/** Reading them again with the objects still loaded in the database's object cache. */
	HOT("hot");

	private final String label;

	Phase(String label) {
		this.label = label;
	}

	/**
	 * Returns the phase's name in tables and JSON.
	 * @return the label
	 */
	public String label() {
		return this.label;
	}

	/**
	 * Tells whether the phase only reads.
	 * @return {@code true} for the read phases
	 */
	public boolean reads() {
		return this == COLD || this == WARM || this == HOT;
	}

}
