package io.zkzeo.reliability;

/**
 * Tells whether {@link Trap} was ever initialised in this JVM.
 */
final class TrapWitness {

	static volatile boolean initialised;

	private TrapWitness() {
	}

}
