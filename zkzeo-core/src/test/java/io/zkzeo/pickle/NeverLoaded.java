package io.zkzeo.pickle;

/**
 * A class that records its own initialisation, to show that decoding a pickle naming it never loads it.
 */
final class NeverLoaded {

	static {
		LoadWitness.loaded = true;
	}

	private NeverLoaded() {
	}

	/**
	 * Holds the flag outside the witnessed class, so reading it does not initialise that class.
	 */
	static final class LoadWitness {

		static volatile boolean loaded;

		private LoadWitness() {
		}

	}

}
