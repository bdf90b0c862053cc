package io.zkzeo.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.zkzeo.protocol.ClientDisconnectedException;
import io.zkzeo.storage.Oid;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link OidPool}: batches taken in order, the next batch asked for ahead and used without a fetch,
 * a lost batch replaced by one fetched at once.
 */
class OidPoolTests {

	private final OidPool pool = new OidPool();

	private final AtomicInteger fetches = new AtomicInteger();

	private long next = 1;

	private List<Oid> batch(int size) {
		List<Oid> oids = new ArrayList<>();
		for (int i = 0; i < size; i++) {
			oids.add(Oid.of(this.next++));
		}
		return oids;
	}

	private Supplier<List<Oid>> fetch() {
		return () -> {
			this.fetches.incrementAndGet();
			return batch(100);
		};
	}

	@Test
	void asksAheadOnceHalfABatchIsUsedUntilTwoBatchesAreAtHandOrOnTheirWay() {
		assertThat(this.pool.take(fetch())).isEqualTo(Oid.of(1));
		assertThat(this.fetches).hasValue(1);
		for (long expected = 2; this.pool.size() >= OidPool.REFILL_BELOW; expected++) {
			assertThat(this.pool.wantsRefill()).isFalse();
			assertThat(this.pool.take(fetch())).isEqualTo(Oid.of(expected));
		}
		assertThat(this.pool.size()).isEqualTo(OidPool.REFILL_BELOW - 1);
		assertThat(this.pool.wantsRefill()).isTrue();
		this.pool.refillWith(new CompletableFuture<>());
		assertThat(this.pool.wantsRefill()).isTrue();
		this.pool.refillWith(new CompletableFuture<>());
		assertThat(this.pool.wantsRefill()).isFalse();
		this.pool.take(fetch());
		assertThat(this.pool.wantsRefill()).isFalse();
		assertThat(this.fetches).hasValue(1);
	}

	@Test
	void batchesAskedForAheadJoinThePoolInTheOrderTheyWereAskedFor() {
		this.pool.take(() -> batch(1));
		CompletableFuture<List<Oid>> first = new CompletableFuture<>();
		CompletableFuture<List<Oid>> second = new CompletableFuture<>();
		this.pool.refillWith(first);
		this.pool.refillWith(second);
		List<Oid> firstBatch = batch(100);
		second.complete(batch(100));
		first.complete(firstBatch);
		List<Oid> taken = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			taken.add(this.pool.take(fetch()));
		}
		assertThat(this.fetches).hasValue(0);
		assertThat(taken).isSorted().doesNotHaveDuplicates().startsWith(firstBatch.get(0));
	}

	@Test
	void aBatchAskedForAheadIsUsedWithoutAFetch() {
		this.pool.take(fetch());
		CompletableFuture<List<Oid>> ahead = new CompletableFuture<>();
		this.pool.refillWith(ahead);
		ahead.complete(batch(100));
		List<Oid> taken = new ArrayList<>();
		for (int i = 0; i < 199; i++) {
			taken.add(this.pool.take(fetch()));
		}
		assertThat(this.fetches).hasValue(1);
		assertThat(taken).first().isEqualTo(Oid.of(2));
		assertThat(taken).last().isEqualTo(Oid.of(200));
		assertThat(taken).isSorted().doesNotHaveDuplicates();
	}

	@Test
	void anEmptyPoolWaitsForTheBatchOnItsWay() throws Exception {
		List<Oid> first = batch(1);
		this.pool.take(() -> first);
		CompletableFuture<List<Oid>> ahead = new CompletableFuture<>();
		this.pool.refillWith(ahead);
		Thread replier = new Thread(() -> ahead.complete(batch(100)));
		replier.start();
		assertThat(this.pool.take(fetch())).isEqualTo(Oid.of(2));
		replier.join();
		assertThat(this.fetches).hasValue(0);
	}

	@Test
	void aLostBatchIsReplacedByOneFetchedAtOnce() {
		List<Oid> first = batch(1);
		this.pool.take(() -> first);
		this.pool.refillWith(CompletableFuture.failedFuture(new ClientDisconnectedException("lost")));
		assertThat(this.pool.take(fetch())).isEqualTo(Oid.of(2));
		assertThat(this.fetches).hasValue(1);
		assertThat(this.pool.size()).isEqualTo(99);
	}

	@Test
	void anEmptyBatchIsAnError() {
		assertThatIllegalStateException().isThrownBy(() -> this.pool.take(List::of)).withMessageContaining("new_oids");
	}

}
