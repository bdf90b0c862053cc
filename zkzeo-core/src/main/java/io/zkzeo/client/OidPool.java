package io.zkzeo.client;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.zkzeo.storage.Oid;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The new oids a client storage holds from its server ahead of need. A server hands them out in batches (at
 * most 100 a {@code new_oids} call, as Python's does); once fewer than {@link #REFILL_BELOW} are left the next
 * batch is asked for without waiting, so a transaction adding many objects seldom waits for one. Oids are
 * handed out in the order the server gave them and stay valid across reconnects (a storage never gives an oid
 * twice), as in Python's ClientStorage. Not thread-safe: the client storage uses it under its own monitor.
 */
final class OidPool {

	/** Below this many oids left, the next batch is asked for ahead of need. */
	static final int REFILL_BELOW = 50;

	private static final Logger logger = LoggerFactory.getLogger(OidPool.class);

	private final ArrayDeque<Oid> available = new ArrayDeque<>();

	private @Nullable CompletableFuture<List<Oid>> refill;

	/**
	 * Takes the next oid: from the pool, else from the batch asked for ahead (waiting for it), else from a batch
	 * fetched now.
	 * @param fetch fetches a batch and waits for it; its failure is the caller's
	 * @return the oid
	 */
	Oid take(Supplier<List<Oid>> fetch) {
		collectRefill(false);
		if (this.available.isEmpty()) {
			collectRefill(true);
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
	 * Tells whether the next batch should be asked for now: few oids are left and none is on its way.
	 */
	boolean wantsRefill() {
		return this.refill == null && this.available.size() < REFILL_BELOW;
	}

	/**
	 * Takes the reply of a {@code new_oids} call sent ahead of need; its oids join the pool once it is done and
	 * an oid is next taken.
	 */
	void refillWith(CompletableFuture<List<Oid>> reply) {
		this.refill = reply;
	}

	int size() {
		return this.available.size();
	}

	private void collectRefill(boolean wait) {
		CompletableFuture<List<Oid>> pending = this.refill;
		if (pending == null || (!wait && !pending.isDone())) {
			return;
		}
		this.refill = null;
		try {
			this.available.addAll(Replies.await(pending));
		}
		catch (RuntimeException ex) {
			// The connection was lost or the server refused: take() fetches a batch itself and reports its error.
			logger.debug("Oids asked for ahead did not arrive: {}", ex.getMessage());
		}
	}

}
