package io.zkzeo.client;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.zkzeo.storage.Oid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The new oids a client storage holds from its server ahead of need. A server hands them out in batches (at
 * most {@link #BATCH} a {@code new_oids} call, as Python's does). Once fewer than {@link #REFILL_BELOW} are left,
 * more batches are asked for without waiting, until {@link #AHEAD} are at hand or on their way, so a transaction
 * adding a hundred objects or more seldom waits for one. A writable client storage also fills the pool as it
 * connects ({@link ClientOptions#oidsOnConnect()}); without that, a client adding few objects speaks exactly as
 * Python's ClientStorage does. Oids are handed out in the order the server gave them and stay valid across
 * reconnects (a storage never gives an oid twice), as in Python's. Not thread-safe: the client storage uses it under
 * its own lock.
 */
final class OidPool {

	/** The oids a {@code new_oids} call brings: a server gives at most 100. */
	static final int BATCH = 100;

	/** How many oids are kept at hand or on their way once they run low. */
	static final int AHEAD = 2 * BATCH;

	/** Below this many oids at hand, more are asked for ahead of need. */
	static final int REFILL_BELOW = BATCH / 2;

	private static final Logger logger = LoggerFactory.getLogger(OidPool.class);

	private final ArrayDeque<Oid> available = new ArrayDeque<>();

	private final ArrayDeque<CompletableFuture<List<Oid>>> refills = new ArrayDeque<>();

	/**
	 * Takes the next oid: from the pool, else from the batches asked for ahead (waiting for the first), else from
	 * a batch fetched now.
	 * @param fetch fetches a batch and waits for it; its failure is the caller's
	 * @return the oid
	 */
	Oid take(Supplier<List<Oid>> fetch) {
		collectRefills();
		while (this.available.isEmpty() && !this.refills.isEmpty()) {
			collect(this.refills.removeFirst());
		}
		if (this.available.isEmpty()) {
			List<Oid> batch = fetch.get();
			if (batch.isEmpty()) {
				throw new IllegalStateException("The server answered new_oids with no oid");
			}
			this.available.addAll(batch);
		}
		return this.available.removeFirst();
	}

	/**
	 * Tells whether another batch should be asked for now: fewer than {@link #REFILL_BELOW} oids are at hand, and
	 * fewer than {@link #AHEAD} at hand or on their way.
	 */
	boolean wantsRefill() {
		int atHand = this.available.size();
		return atHand < REFILL_BELOW && atHand + (long) BATCH * this.refills.size() < AHEAD;
	}

	/**
	 * Takes the reply of a {@code new_oids} call sent ahead of need; its oids join the pool, after those of
	 * earlier calls, once it is done and an oid is next taken.
	 */
	void refillWith(CompletableFuture<List<Oid>> reply) {
		this.refills.addLast(reply);
	}

	int size() {
		return this.available.size();
	}

	/** Returns how many oids are at hand or on their way, counting a batch asked for as a full one. */
	int aheadCount() {
		return this.available.size() + BATCH * this.refills.size();
	}

	private void collectRefills() {
		while (!this.refills.isEmpty() && this.refills.peekFirst().isDone()) {
			collect(this.refills.removeFirst());
		}
	}

	private void collect(CompletableFuture<List<Oid>> pending) {
		try {
			this.available.addAll(Replies.await(pending));
		}
		catch (RuntimeException ex) {
			// The connection was lost or the server refused: take() fetches a batch itself and reports its error.
			logger.debug("Oids asked for ahead did not arrive: {}", ex.getMessage());
		}
	}

}
