package io.zkzeo.server;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.zkzeo.protocol.ZeoCall;
import io.zkzeo.protocol.ZeoMethods;
import io.zkzeo.storage.CommitLock;
import io.zkzeo.storage.InvalidationListener;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.StorageIterator;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import io.zkzeo.storage.TransactionRecord;
import io.zkzeo.storage.DataRecord;
import io.zkzeo.storage.file.FileStorage;
import io.zkzeo.storage.memory.MemoryStorage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One storage as served: its registered connections, the invalidation broadcast and queue, the commit-lock
 * holder and its timeout, and the status counters.
 *
 * <p>The broadcast listens to the storage itself, which tells its listeners of each commit one at a time, in tid
 * order, once the commit is durable. The listener queues {@code invalidateTransaction} on every connection but
 * the committer's (named by the transaction's metadata), so each connection gets invalidations in tid order; and
 * every reply to a client first waits until the storage's last transaction has been broadcast
 * ({@link #awaitBroadcast}), so no reply can show a client a tid whose invalidation it has not been sent yet. A
 * conflict reply also waits for the transaction it conflicts with. A storage with group commit lets the next
 * transaction vote while the previous one is still being forced to disk, so a successful vote reply may come
 * before the previous transaction's invalidation; the invalidation still comes before any reply showing a newer
 * tid, the voter's own {@code tpc_finish} reply included. Conversely, a later transaction published together with
 * the voter's (in the same group commit) is held back for the voter until its {@code tpc_finish} reply has been sent
 * ({@link ZeoSession#sendInvalidation}), so every client learns of commits in tid order.
 */
final class StorageEndpoint implements InvalidationListener {

	private static final Logger logger = LoggerFactory.getLogger(StorageEndpoint.class);

	private static final long BROADCAST_WAIT_MILLIS = 5000;

	private final String name;

	private final Storage storage;

	private final ServerOptions options;

	private final @Nullable CommitLock commitLock;

	private final List<ZeoSession> sessions = new CopyOnWriteArrayList<>();

	private final InvalidationQueue invalidations;

	private final Instant start = Instant.now();

	final LongAdder loads = new LongAdder();

	final LongAdder stores = new LongAdder();

	final LongAdder commits = new LongAdder();

	final LongAdder aborts = new LongAdder();

	final LongAdder conflicts = new LongAdder();

	final LongAdder conflictsResolved = new LongAdder();

	final AtomicInteger activeTransactions = new AtomicInteger();

	final AtomicInteger waiting = new AtomicInteger();

	private volatile @Nullable ZeoSession lockHolder;

	private final Map<TransactionMetaData, ZeoSession> finishing = new ConcurrentHashMap<>();

	private volatile @Nullable Instant lockTime;

	private final Object broadcastMonitor = new Object();

	private Tid lastBroadcast;

	StorageEndpoint(String name, Storage storage, ServerOptions options) {
		this.name = name;
		this.storage = storage;
		this.options = options;
		this.commitLock = commitLockOf(storage);
		storage.addInvalidationListener(this);
		Tid last = storage.lastTransaction();
		this.lastBroadcast = last;
		this.invalidations = new InvalidationQueue(options.invalidationQueueSize(), last);
	}

	private static @Nullable CommitLock commitLockOf(Storage storage) {
		if (storage instanceof FileStorage file) {
			return file.getCommitLock();
		}
		if (storage instanceof MemoryStorage memory) {
			return memory.getCommitLock();
		}
		return null;
	}

	String name() {
		return this.name;
	}

	Storage storage() {
		return this.storage;
	}

	ServerOptions options() {
		return this.options;
	}

	void register(ZeoSession session) {
		this.sessions.add(session);
	}

	void unregister(ZeoSession session) {
		this.sessions.remove(session);
	}

	List<ZeoSession> sessions() {
		return this.sessions;
	}

	@Override
	public void invalidated(Tid tid, Set<Oid> oids) {
		invalidated(tid, oids, null);
	}

	@Override
	public void invalidated(Tid tid, Set<Oid> oids, @Nullable TransactionMetaData committedBy) {
		ZeoSession committer = (committedBy != null) ? this.finishing.get(committedBy) : null;
		this.invalidations.add(tid, oids);
		List<Object> oidBytes = new ArrayList<>(oids.size());
		for (Oid oid : oids) {
			oidBytes.add(oid.toBytes());
		}
		ZeoCall call = ZeoCall.async(ZeoMethods.INVALIDATE_TRANSACTION, tid.toBytes(), oidBytes);
		for (ZeoSession session : this.sessions) {
			if (session != committer) {
				session.sendInvalidation(tid, call);
			}
		}
		synchronized (this.broadcastMonitor) {
			if (tid.compareTo(this.lastBroadcast) > 0) {
				this.lastBroadcast = tid;
			}
			this.broadcastMonitor.notifyAll();
		}
	}

	/**
	 * Waits until the invalidations of every transaction up to a tid have been queued to the connections.
	 * A transaction committed outside the storage's listener protocol would make this wait; it gives up
	 * after a few seconds with a warning.
	 * @param seen the newest tid a reply is about to reveal
	 */
	void awaitBroadcast(Tid seen) {
		synchronized (this.broadcastMonitor) {
			if (seen.compareTo(this.lastBroadcast) <= 0) {
				return;
			}
			long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BROADCAST_WAIT_MILLIS);
			while (seen.compareTo(this.lastBroadcast) > 0) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					logger.warn("Storage {} reported transaction {} but no invalidation for it arrived; going on",
							this.name, seen);
					this.lastBroadcast = seen;
					return;
				}
				try {
					TimeUnit.NANOSECONDS.timedWait(this.broadcastMonitor, left);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	/** @return the newest transaction whose invalidation has been recorded for broadcast */
	Tid newestInvalidation() {
		return this.invalidations.newest();
	}

	/**
	 * Finds the transaction, recorded for broadcast, that ended a revision a load read as current.
	 * @see InvalidationQueue#firstChange
	 */
	@Nullable Tid firstChange(Oid oid, Tid start, Tid loadStarted) {
		return this.invalidations.firstChange(oid, start, loadStarted);
	}

	/**
	 * Answers {@code getInvalidations}: from the queue, else by iterating the storage if the tid is younger than
	 * the invalidation age, else {@code null}.
	 * @param tid the client's last transaction
	 * @return the newest tid and the changed objects, or {@code null} if the client must drop its cache
	 */
	InvalidationQueue.@Nullable Invalidations invalidationsSince(Tid tid) {
		InvalidationQueue.Invalidations queued = this.invalidations.since(tid);
		if (queued != null) {
			return queued;
		}
		Duration age = this.options.invalidationAge();
		if (age == null || Duration.between(tid.toInstant(), Instant.now()).compareTo(age) >= 0) {
			return null;
		}
		Tid latest = null;
		Set<Oid> oids = new java.util.LinkedHashSet<>();
		try (StorageIterator transactions = this.storage.iterator(tid.next(), null)) {
			while (transactions.hasNext()) {
				TransactionRecord transaction = transactions.next();
				latest = transaction.tid();
				for (DataRecord record : transaction.records()) {
					oids.add(record.oid());
				}
			}
		}
		catch (Exception ex) {
			logger.warn("Could not iterate {} for invalidations since {}", this.name, tid, ex);
			return null;
		}
		return (latest != null) ? new InvalidationQueue.Invalidations(latest, new ArrayList<>(oids)) : null;
	}

	/**
	 * Notes that a connection's transaction took the commit lock, for the status report.
	 * @param session the connection
	 */
	synchronized void lockAcquired(ZeoSession session) {
		this.lockHolder = session;
		this.lockTime = Instant.now();
	}

	/**
	 * Notes which connection is finishing a transaction, so that it gets no invalidation for it. With group
	 * commit the storage may publish the transaction from another committer's thread, so the transaction,
	 * not the thread, names the committer.
	 * @param transaction the storage transaction being finished
	 * @param session the connection finishing it
	 */
	void finishing(TransactionMetaData transaction, ZeoSession session) {
		this.finishing.put(transaction, session);
	}

	/**
	 * Notes that a transaction's finish returned or failed.
	 * @param transaction the storage transaction
	 */
	void finished(TransactionMetaData transaction) {
		this.finishing.remove(transaction);
	}

	/**
	 * Notes that a connection's transaction released the commit lock.
	 * @param session the connection
	 */
	synchronized void lockReleased(ZeoSession session) {
		if (this.lockHolder == session) {
			this.lockHolder = null;
			this.lockTime = null;
		}
	}

	/** @return the {@code info} call with the storage's length and size, as sent after a commit or a pack */
	ZeoCall infoCall() {
		Map<Object, Object> info = new java.util.LinkedHashMap<>();
		info.put("length", this.storage.objectCount());
		info.put("size", this.storage.getSize());
		return ZeoCall.async(ZeoMethods.INFO, info);
	}

	StorageStatus status() {
		CommitLock lock = this.commitLock;
		return new StorageStatus(this.name, this.sessions.size(), this.loads.sum(), this.stores.sum(),
				this.commits.sum(), this.aborts.sum(), this.activeTransactions.get(), this.conflicts.sum(),
				this.conflictsResolved.sum(), this.lockTime, this.start, this.waiting.get(),
				this.options.transactionTimeout() != null, this.storage.lastTransaction(),
				(lock != null) ? lock.acquisitions() : -1, (lock != null) ? lock.totalWait() : Duration.ZERO,
				(lock != null) ? lock.totalHold() : Duration.ZERO);
	}

	void close() {
		this.storage.removeInvalidationListener(this);
	}

}
