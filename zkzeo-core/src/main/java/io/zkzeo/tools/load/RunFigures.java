package io.zkzeo.tools.load;

import java.util.Map;

/**
 * The figures of one run: a number of concurrent clients, the rounds they ran and each phase's figures.
 *
 * @param clients concurrent clients
 * @param rounds rounds each client ran
 * @param phases figures per phase, in phase order
 */
public record RunFigures(int clients, int rounds, Map<Phase, PhaseFigures> phases) {

	/**
	 * Keeps an unmodifiable copy of the phases.
	 */
	public RunFigures {
		phases = Map.copyOf(phases);
	}

}
