package io.zkzeo.client;

import java.time.Duration;

/**
 * The pauses between connection attempts to one address: the first retry at once, then 100 ms doubling up to a
 * cap. Not thread-safe; used from the connection manager's thread.
 */
final class Backoff {

	static final Duration INITIAL = Duration.ofMillis(100);

	private final Duration max;

	private Duration next = Duration.ZERO;

	Backoff(Duration max) {
		this.max = max;
	}

	/**
	 * Returns the pause before the next retry and lengthens the one after.
	 * @return the pause
	 */
	Duration next() {
		Duration pause = this.next;
		Duration doubled = this.next.isZero() ? INITIAL : this.next.multipliedBy(2);
		this.next = (doubled.compareTo(this.max) > 0) ? this.max : doubled;
		return pause;
	}

}
