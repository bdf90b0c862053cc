package io.zkzeo.reliability;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Bounded waits for a condition; running out of time fails the scenario instead of hanging it.
 */
final class Waiting {

	static final Duration WAIT = Duration.ofSeconds(30);

	private Waiting() {
	}

	static void await(String what, BooleanSupplier condition) {
		await(what, WAIT, condition);
	}

	static void await(String what, Duration timeout, BooleanSupplier condition) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Timed out after " + timeout + " waiting until " + what);
			}
			sleep(Duration.ofMillis(10));
		}
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}
