package io.zkzeo.storage;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The lock that serialises commits from vote to finish, with the time spent waiting for it and holding
 * it counted for status reports.
 *
 * <p>A commit is taken in one thread and may be released in another (a server finishes a transaction on
 * whichever thread answers the client), so this is not a thread-owned lock.
 */
public final class CommitLock {

	private final Semaphore permit = new Semaphore(1, true);

	private final LongAdder acquisitions = new LongAdder();

	private final LongAdder waitNanos = new LongAdder();

	private final LongAdder holdNanos = new LongAdder();

	private volatile long acquiredAt;

	/**
	 * Waits for the lock.
	 * @throws StorageError if the thread is interrupted while waiting
	 */
	public void acquire() {
		long start = System.nanoTime();
		try {
			this.permit.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StorageError("Interrupted while waiting for the commit lock", ex);
		}
		acquired(start);
	}

	/**
	 * Waits for the lock at most the given time.
	 * @param timeout how long to wait
	 * @return whether the lock was taken
	 */
	public boolean tryAcquire(Duration timeout) {
		long start = System.nanoTime();
		try {
			if (!this.permit.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
				this.waitNanos.add(System.nanoTime() - start);
				return false;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		acquired(start);
		return true;
	}

	private void acquired(long waitStart) {
		long now = System.nanoTime();
		this.acquiredAt = now;
		this.waitNanos.add(now - waitStart);
		this.acquisitions.increment();
	}

	/**
	 * Releases the lock taken by {@link #acquire()}.
	 */
	public void release() {
		this.holdNanos.add(System.nanoTime() - this.acquiredAt);
		this.permit.release();
	}

	/** @return whether a commit holds the lock now */
	public boolean isHeld() {
		return this.permit.availablePermits() == 0;
	}

	/** @return how many times the lock was taken */
	public long acquisitions() {
		return this.acquisitions.sum();
	}

	/** @return the total time spent waiting for the lock */
	public Duration totalWait() {
		return Duration.ofNanos(this.waitNanos.sum());
	}

	/** @return the total time the lock was held */
	public Duration totalHold() {
		return Duration.ofNanos(this.holdNanos.sum());
	}

}
