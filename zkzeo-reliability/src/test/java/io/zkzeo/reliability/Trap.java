package io.zkzeo.reliability;

/**
 * A class whose loading is a side effect: records naming it must never cause it to be initialised.
 */
final class Trap {

	static {
		TrapWitness.initialised = true;
	}

	private Trap() {
	}

}
