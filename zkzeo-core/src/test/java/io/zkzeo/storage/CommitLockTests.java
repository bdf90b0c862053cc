package io.zkzeo.storage;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CommitLock}.
 */
class CommitLockTests {

	@Test
	void acquireHoldsTheLockUntilRelease() {
		CommitLock lock = new CommitLock();
		assertThat(lock.isHeld()).isFalse();
		lock.acquire();
		assertThat(lock.isHeld()).isTrue();
		assertThat(lock.tryAcquire(Duration.ZERO)).isFalse();
		lock.release();
		assertThat(lock.isHeld()).isFalse();
		assertThat(lock.tryAcquire(Duration.ZERO)).isTrue();
		lock.release();
		assertThat(lock.acquisitions()).isEqualTo(2);
	}

	@Test
	void lockTakenInOneThreadCanBeReleasedInAnother() throws Exception {
		CommitLock lock = new CommitLock();
		lock.acquire();
		CompletableFuture.runAsync(lock::release).get(10, TimeUnit.SECONDS);
		assertThat(lock.isHeld()).isFalse();
	}

	@Test
	void waiterGetsTheLockOnceReleased() throws Exception {
		CommitLock lock = new CommitLock();
		lock.acquire();
		CountDownLatch waiting = new CountDownLatch(1);
		CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
			waiting.countDown();
			lock.acquire();
		});
		assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(waiter).isNotDone();
		lock.release();
		waiter.get(10, TimeUnit.SECONDS);
		assertThat(lock.isHeld()).isTrue();
		assertThat(lock.acquisitions()).isEqualTo(2);
		lock.release();
	}

	@Test
	void interruptedWaitRaisesStorageErrorAndKeepsTheInterruptFlag() throws Exception {
		CommitLock lock = new CommitLock();
		lock.acquire();
		CompletableFuture<Boolean> interrupted = CompletableFuture.supplyAsync(() -> {
			Thread.currentThread().interrupt();
			try {
				lock.acquire();
				return false;
			}
			catch (StorageError ex) {
				return Thread.currentThread().isInterrupted();
			}
		});
		assertThat(interrupted.get(10, TimeUnit.SECONDS)).isTrue();
		assertThat(lock.acquisitions()).isEqualTo(1);
		lock.release();
	}

	@Test
	void totalsAreNeverNegative() {
		CommitLock lock = new CommitLock();
		lock.acquire();
		lock.release();
		assertThat(lock.totalWait().isNegative()).isFalse();
		assertThat(lock.totalHold().isNegative()).isFalse();
	}

}
