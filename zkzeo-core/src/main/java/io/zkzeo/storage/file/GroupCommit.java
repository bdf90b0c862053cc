package io.zkzeo.storage.file;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import io.zkzeo.storage.StorageError;
import org.jspecify.annotations.Nullable;

/**
 * Makes finished transactions durable in groups: a transaction queued here has its bytes and status in
 * the file; the first committer to wait forces the file to disk once for everything queued so far, then
 * publishes those transactions in order, while later committers already write theirs. A committer
 * returns only once its own transaction is durable and published.
 */
final class GroupCommit {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private final List<PendingTransaction> queued = new ArrayList<>();

	private boolean syncing;

	private @Nullable StorageError failure;

	/**
	 * Queues a finished transaction; called in file order, under the commit lock.
	 * @param transaction the transaction, its status byte written
	 */
	void add(PendingTransaction transaction) {
		this.lock.lock();
		try {
			this.queued.add(transaction);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits until a queued transaction is durable and published, syncing for the group if no one else is.
	 * @param transaction the transaction
	 * @param sync forces the file to disk
	 * @param publish makes one durable transaction visible; called in file order by one thread at a time
	 * @throws StorageError if forcing the file failed
	 */
	void awaitDurable(PendingTransaction transaction, Sync sync, Consumer<PendingTransaction> publish) {
		this.lock.lock();
		try {
			while (!transaction.durable) {
				if (this.failure != null) {
					throw this.failure;
				}
				if (this.syncing) {
					this.changed.awaitUninterruptibly();
					continue;
				}
				this.syncing = true;
				List<PendingTransaction> group = new ArrayList<>(this.queued);
				this.queued.clear();
				this.lock.unlock();
				StorageError error = null;
				try {
					sync.force();
					for (PendingTransaction member : group) {
						publish.accept(member);
						member.durable = true;
					}
				}
				catch (IOException | RuntimeException ex) {
					error = new StorageError("Could not force committed transactions to disk", ex);
				}
				finally {
					this.lock.lock();
					this.syncing = false;
					if (error != null) {
						this.failure = error;
					}
					this.changed.signalAll();
				}
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** @return whether nothing is queued or being synced */
	boolean isIdle() {
		this.lock.lock();
		try {
			return this.queued.isEmpty() && !this.syncing;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits until every queued transaction is durable, syncing if needed; used before pack swaps the file
	 * and at close, under the commit lock so nothing new is queued.
	 * @param sync forces the file to disk
	 * @param publish makes one durable transaction visible
	 */
	void drain(Sync sync, Consumer<PendingTransaction> publish) {
		PendingTransaction last;
		this.lock.lock();
		try {
			while (this.syncing && this.failure == null) {
				this.changed.awaitUninterruptibly();
			}
			last = this.queued.isEmpty() ? null : this.queued.get(this.queued.size() - 1);
		}
		finally {
			this.lock.unlock();
		}
		if (last != null) {
			awaitDurable(last, sync, publish);
		}
	}

	/**
	 * Forces the file to disk.
	 */
	@FunctionalInterface
	interface Sync {

		void force() throws IOException;

	}

}
