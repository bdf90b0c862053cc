package io.zkzeo.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pauses between connection attempts.
 */
class BackoffTests {

	@Test
	void firstRetryIsImmediateThenPausesDoubleUpToTheCap() {
		Backoff backoff = new Backoff(Duration.ofMillis(700));
		List<Duration> pauses = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			pauses.add(backoff.next());
		}
		assertThat(pauses).containsExactly(Duration.ZERO, Duration.ofMillis(100), Duration.ofMillis(200),
				Duration.ofMillis(400), Duration.ofMillis(700), Duration.ofMillis(700), Duration.ofMillis(700));
	}

	@Test
	void capBelowTheFirstPauseIsRespected() {
		Backoff backoff = new Backoff(Duration.ofMillis(50));
		backoff.next();
		assertThat(backoff.next()).isEqualTo(Duration.ofMillis(50));
	}

}
