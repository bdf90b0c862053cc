package io.zkzeo.server;

import java.util.LinkedHashSet;
import java.util.List;

import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounded queue of recent transactions behind {@code getInvalidations}.
 */
class InvalidationQueueTests {

	@Test
	void clientAtTheStartingTransactionGetsNothingToInvalidate() {
		InvalidationQueue queue = new InvalidationQueue(10, Tid.of(100));
		InvalidationQueue.Invalidations found = queue.since(Tid.of(100));
		assertThat(found.latest()).isEqualTo(Tid.of(100));
		assertThat(found.oids()).isEmpty();
		assertThat(queue.since(Tid.of(99))).isNull();
	}

	@Test
	void oidsChangedAfterTheClientsTidAreUnitedNewestTidFirst() {
		InvalidationQueue queue = new InvalidationQueue(10, Tid.of(100));
		queue.add(Tid.of(101), new LinkedHashSet<>(List.of(Oid.of(1), Oid.of(2))));
		queue.add(Tid.of(102), new LinkedHashSet<>(List.of(Oid.of(2), Oid.of(3))));
		InvalidationQueue.Invalidations found = queue.since(Tid.of(100));
		assertThat(found.latest()).isEqualTo(Tid.of(102));
		assertThat(found.oids()).containsExactlyInAnyOrder(Oid.of(1), Oid.of(2), Oid.of(3));
		assertThat(queue.since(Tid.of(101)).oids()).containsExactlyInAnyOrder(Oid.of(2), Oid.of(3));
		assertThat(queue.since(Tid.of(105)).oids()).isEmpty();
	}

	@Test
	void queueForgetsTheOldestTransactionsBeyondItsSize() {
		InvalidationQueue queue = new InvalidationQueue(2, Tid.of(100));
		queue.add(Tid.of(101), java.util.Set.of(Oid.of(1)));
		queue.add(Tid.of(102), java.util.Set.of(Oid.of(2)));
		queue.add(Tid.of(103), java.util.Set.of(Oid.of(3)));
		assertThat(queue.since(Tid.of(100))).isNull();
		assertThat(queue.since(Tid.of(101))).isNull();
		assertThat(queue.since(Tid.of(102)).oids()).containsExactly(Oid.of(3));
	}

	@Test
	void revisionReadAsCurrentEndsAtTheFirstLaterChangeOfItsObject() {
		InvalidationQueue queue = new InvalidationQueue(10, Tid.of(100));
		queue.add(Tid.of(101), new LinkedHashSet<>(List.of(Oid.of(1))));
		Tid loadStarted = queue.newest();
		assertThat(loadStarted).isEqualTo(Tid.of(101));
		assertThat(queue.firstChange(Oid.of(1), Tid.of(101), loadStarted)).as("nothing changed it since").isNull();
		queue.add(Tid.of(102), new LinkedHashSet<>(List.of(Oid.of(2))));
		queue.add(Tid.of(103), new LinkedHashSet<>(List.of(Oid.of(1), Oid.of(2))));
		queue.add(Tid.of(104), new LinkedHashSet<>(List.of(Oid.of(1))));
		assertThat(queue.firstChange(Oid.of(1), Tid.of(101), loadStarted)).isEqualTo(Tid.of(103));
		assertThat(queue.firstChange(Oid.of(3), Tid.of(101), loadStarted)).isNull();
		assertThat(queue.firstChange(Oid.of(2), Tid.of(102), loadStarted)).isEqualTo(Tid.of(103));
	}

	@Test
	void revisionEndsNoLaterThanAnyChangeTheQueueForgot() {
		InvalidationQueue queue = new InvalidationQueue(2, Tid.of(100));
		Tid loadStarted = queue.newest();
		queue.add(Tid.of(101), new LinkedHashSet<>(List.of(Oid.of(1))));
		queue.add(Tid.of(102), new LinkedHashSet<>(List.of(Oid.of(2))));
		queue.add(Tid.of(103), new LinkedHashSet<>(List.of(Oid.of(2))));
		assertThat(queue.firstChange(Oid.of(1), Tid.of(90), loadStarted)).isEqualTo(Tid.of(101));
	}

}
