package io.zkzeo.client;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Bounded waits for a condition that another thread makes true.
 */
final class Waiting {

	static final Duration TIMEOUT = Duration.ofSeconds(10);

	private Waiting() {
	}

	static void until(String what, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Timed out waiting until " + what);
			}
			Thread.sleep(10);
		}
	}

}
