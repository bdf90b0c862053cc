package io.zkzeo.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.zkzeo.storage.DataRevision;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client's revision cache on its own: which loads it answers, how invalidations end revisions, and eviction.
 */
class ObjectCacheTests {

	private static final Oid X = Oid.of(1);

	private static final Oid Y = Oid.of(2);

	private static final Tid T1 = Tid.of(0x100);

	private static final Tid T2 = Tid.of(0x200);

	private static final Tid T3 = Tid.of(0x300);

	private final ObjectCache cache = new ObjectCache(1 << 20);

	@Test
	void currentRevisionAnswersLoadsAfterItsStartOnly() {
		this.cache.store(X, data(1), T1, null);
		assertThat(this.cache.loadBefore(X, T1)).isNull();
		assertThat(this.cache.loadBefore(X, T1.next())).isNotNull();
		DataRevision current = this.cache.loadBefore(X, Tid.MAX);
		assertThat(current).isNotNull();
		assertThat(current.start()).isEqualTo(T1);
		assertThat(current.end()).isNull();
		assertThat(current.data()).containsExactly(1);
	}

	@Test
	void invalidationEndsTheCurrentRevisionWhichStillServesEarlierSnapshots() {
		this.cache.store(X, data(1), T1, null);
		assertThat(this.cache.invalidate(T2, List.of(X))).isTrue();
		assertThat(this.cache.loadBefore(X, Tid.MAX)).isNull();
		assertThat(this.cache.loadBefore(X, T2.next())).isNull();
		DataRevision old = this.cache.loadBefore(X, T2);
		assertThat(old).isNotNull();
		assertThat(old.end()).isEqualTo(T2);
		assertThat(this.cache.lastTid()).isEqualTo(T2);
	}

	@Test
	void loadReplyOvertakenByAnInvalidationIsNotTakenForCurrent() {
		this.cache.loadStarting(X);
		assertThat(this.cache.invalidate(T2, List.of(X))).isTrue();
		this.cache.storeLoaded(X, data(1), T1, null);
		this.cache.loadFinished(X);
		assertThat(this.cache.loadBefore(X, T2.next())).as("not current after T2").isNull();
		DataRevision old = this.cache.loadBefore(X, T2);
		assertThat(old).isNotNull();
		assertThat(old.end()).isEqualTo(T2);
	}

	@Test
	void loadReplyNewerThanTheInvalidationsDuringTheLoadStaysCurrent() {
		this.cache.loadStarting(X);
		assertThat(this.cache.invalidate(T2, List.of(X))).isTrue();
		this.cache.storeLoaded(X, data(2), T2, null);
		this.cache.loadFinished(X);
		DataRevision current = this.cache.loadBefore(X, Tid.MAX);
		assertThat(current).isNotNull();
		assertThat(current.start()).isEqualTo(T2);
		assertThat(current.end()).isNull();
	}

	@Test
	void invalidationsAfterTheLoadEndedAreNotRemembered() {
		this.cache.loadStarting(X);
		this.cache.loadFinished(X);
		assertThat(this.cache.invalidate(T2, List.of(X))).isTrue();
		this.cache.loadStarting(X);
		this.cache.storeLoaded(X, data(2), T2, null);
		this.cache.loadFinished(X);
		assertThat(this.cache.loadBefore(X, Tid.MAX)).isNotNull();
	}

	@Test
	void invalidationWithTheTidOfTheCachedRevisionIsIgnored() {
		this.cache.setLastTid(T1);
		this.cache.store(X, data(2), T2, null);
		assertThat(this.cache.invalidate(T2, List.of(X))).isTrue();
		DataRevision current = this.cache.loadBefore(X, Tid.MAX);
		assertThat(current).isNotNull();
		assertThat(current.start()).isEqualTo(T2);
	}

	@Test
	void invalidationsAtOrBeforeTheLastTidChangeNothing() {
		this.cache.store(X, data(1), T1, null);
		this.cache.invalidate(T3, List.of(Y));
		assertThat(this.cache.invalidate(T2, List.of(X))).isFalse();
		assertThat(this.cache.invalidate(T3, List.of(X))).isFalse();
		assertThat(this.cache.loadBefore(X, Tid.MAX)).isNotNull();
		assertThat(this.cache.lastTid()).isEqualTo(T3);
	}

	@Test
	void committedRevisionBecomesCurrentAndEndsThePreviousOne() {
		this.cache.store(X, data(1), T1, null);
		this.cache.storeCommitted(X, T2, data(2));
		assertThat(this.cache.loadBefore(X, Tid.MAX).data()).containsExactly(2);
		assertThat(this.cache.loadBefore(X, T2).data()).containsExactly(1);
		assertThat(this.cache.loadBefore(X, T2).end()).isEqualTo(T2);
	}

	@Test
	void olderCurrentRevisionArrivingLateDoesNotReplaceANewerOne() {
		this.cache.store(X, data(2), T2, null);
		this.cache.store(X, data(1), T1, null);
		assertThat(this.cache.loadBefore(X, Tid.MAX).start()).isEqualTo(T2);
		assertThat(this.cache.loadBefore(X, T2)).isNull();
	}

	@Test
	void loadedRevisionsAreCopies() {
		this.cache.store(X, data(1), T1, null);
		this.cache.loadBefore(X, Tid.MAX).data()[0] = 9;
		assertThat(this.cache.loadBefore(X, Tid.MAX).data()).containsExactly(1);
	}

	@Test
	void leastRecentlyUsedRevisionsAreEvictedToStayWithinTheLimit() {
		long entry = 100 + ObjectCache.ENTRY_OVERHEAD;
		ObjectCache small = new ObjectCache(3 * entry);
		for (int i = 1; i <= 3; i++) {
			small.store(Oid.of(i), new byte[100], T1, null);
		}
		small.loadBefore(Oid.of(1), Tid.MAX);
		small.store(Oid.of(4), new byte[100], T1, null);
		assertThat(small.contains(Oid.of(1), Tid.MAX)).isTrue();
		assertThat(small.contains(Oid.of(2), Tid.MAX)).isFalse();
		assertThat(small.contains(Oid.of(3), Tid.MAX)).isTrue();
		assertThat(small.contains(Oid.of(4), Tid.MAX)).isTrue();
		assertThat(small.statistics().bytes()).isEqualTo(3 * entry);
		assertThat(small.statistics().evictions()).isEqualTo(1);
	}

	@Test
	void recordLargerThanTheCacheIsNotCached() {
		ObjectCache small = new ObjectCache(1000);
		small.store(X, new byte[1000], T1, null);
		assertThat(small.isEmpty()).isTrue();
		assertThat(small.statistics().bytes()).isZero();
	}

	@Test
	void dropAndClearForgetRevisionsButKeepTheLastTid() {
		this.cache.store(X, data(1), T1, null);
		this.cache.store(Y, data(1), T1, null);
		this.cache.setLastTid(T1);
		this.cache.drop(X);
		assertThat(this.cache.contains(X, Tid.MAX)).isFalse();
		assertThat(this.cache.contains(Y, Tid.MAX)).isTrue();
		this.cache.clear();
		assertThat(this.cache.isEmpty()).isTrue();
		assertThat(this.cache.statistics().bytes()).isZero();
		assertThat(this.cache.lastTid()).isEqualTo(T1);
	}

	@Test
	void hitsAndMissesAreCounted() {
		this.cache.store(X, data(1), T1, null);
		this.cache.loadBefore(X, Tid.MAX);
		this.cache.loadBefore(Y, Tid.MAX);
		this.cache.loadBefore(X, T1);
		assertThat(this.cache.statistics().hits()).isEqualTo(1);
		assertThat(this.cache.statistics().misses()).isEqualTo(2);
	}

	@Test
	void manyObjectsStoredInvalidatedAndDroppedAnswerAsASimpleModelDoes() {
		ObjectCache cache = new ObjectCache(1L << 30);
		Random random = new Random(42);
		Map<Long, List<long[]>> model = new HashMap<>();
		long tid = 0x1000;
		for (int step = 0; step < 50_000; step++) {
			long oid = random.nextInt(3_000) * 7919L;
			int action = random.nextInt(10);
			if (action < 5) {
				tid += 1 + random.nextInt(3);
				long committed = tid;
				cache.storeCommitted(Oid.of(oid), Tid.of(committed), data(step));
				List<long[]> revisions = model.computeIfAbsent(oid, (key) -> new ArrayList<>());
				revisions.stream().filter((revision) -> revision[1] == 0).forEach((revision) -> revision[1] = committed);
				revisions.add(new long[] { committed, 0, (byte) step });
			}
			else if (action < 8) {
				tid += 1;
				cache.invalidate(Tid.of(tid), List.of(Oid.of(oid)));
				long ended = tid;
				model.getOrDefault(oid, List.of()).stream().filter((revision) -> revision[1] == 0)
					.forEach((revision) -> revision[1] = ended);
			}
			else if (action < 9) {
				cache.drop(Oid.of(oid));
				model.remove(oid);
			}
			else {
				assertAnswersAsModel(cache, oid, Tid.MAX.value(), model);
				assertAnswersAsModel(cache, oid, tid - random.nextInt(50), model);
			}
		}
		for (long oid : model.keySet()) {
			assertAnswersAsModel(cache, oid, Tid.MAX.value(), model);
		}
		assertThat(cache.statistics().evictions()).isZero();
	}

	@Test
	void evictionKeepsTheLimitAndTheNewestRevisionsThroughSlotReuse() {
		long entry = 10 + ObjectCache.ENTRY_OVERHEAD;
		ObjectCache small = new ObjectCache(50 * entry);
		for (int i = 0; i < 10_000; i++) {
			small.store(Oid.of(i % 997), new byte[10], Tid.of(0x100 + i), null);
			assertThat(small.statistics().bytes()).isLessThanOrEqualTo(50 * entry);
			assertThat(small.contains(Oid.of(i % 997), Tid.MAX)).isTrue();
		}
		for (int i = 10_000 - 50; i < 10_000; i++) {
			DataRevision revision = small.loadBefore(Oid.of(i % 997), Tid.MAX);
			assertThat(revision).isNotNull();
			assertThat(revision.start()).isEqualTo(Tid.of(0x100 + i));
		}
		assertThat(small.statistics().entries()).isEqualTo(50);
		assertThat(small.statistics().evictions()).isEqualTo(10_000 - 50);
	}

	private static void assertAnswersAsModel(ObjectCache cache, long oid, long before, Map<Long, List<long[]>> model) {
		DataRevision cached = cache.loadBefore(Oid.of(oid), Tid.of(before));
		long[] expected = model.getOrDefault(oid, List.of()).stream()
			.filter((revision) -> Long.compareUnsigned(revision[0], before) < 0
					&& (revision[1] == 0 || Long.compareUnsigned(revision[1], before) >= 0))
			.findFirst().orElse(null);
		if (expected == null) {
			assertThat(cached).as("oid %d before %x", oid, before).isNull();
			return;
		}
		assertThat(cached).as("oid %d before %x", oid, before).isNotNull();
		assertThat(cached.start().value()).isEqualTo(expected[0]);
		assertThat(cached.end()).isEqualTo((expected[1] != 0) ? Tid.of(expected[1]) : null);
		assertThat(cached.data()).containsExactly((byte) expected[2]);
	}

	private static byte[] data(int value) {
		return new byte[] { (byte) value };
	}

}
