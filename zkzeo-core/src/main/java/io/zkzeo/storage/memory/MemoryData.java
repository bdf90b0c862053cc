package io.zkzeo.storage.memory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.zkzeo.storage.CommitLock;
import io.zkzeo.storage.CurrentRecord;
import io.zkzeo.storage.DataRevision;
import io.zkzeo.storage.HistoryEntry;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.POSKeyError;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import io.zkzeo.storage.UndoInfo;
import org.jspecify.annotations.Nullable;

/**
 * The committed content of a memory storage: transactions in tid order and each object's chain of
 * revisions. Readers share a read lock; a commit or a pack takes the write lock only to install its
 * result, and holds the {@link CommitLock} while it works so that nothing else changes the data meanwhile.
 */
final class MemoryData {

	private final CommitLock commitLock = new CommitLock();

	private final ReadWriteLock lock = new ReentrantReadWriteLock();

	private final AtomicLong lastOid = new AtomicLong();

	/** Current revision per oid; guarded by {@link #lock}. */
	private LongObjectMap<Revision> current = new LongObjectMap<>();

	/** The oids of {@link #current} in order; changed under the write lock of {@link #lock}. */
	private final OidOrder oidOrder = new OidOrder();

	/** Committed transactions in tid order; guarded by {@link #lock}. */
	private List<CommittedTransaction> transactions = new ArrayList<>();

	private volatile Tid lastTid = Tid.ZERO;

	/** Guarded by {@link #lock}. */
	private long size;

	/** Guarded by {@link #lock}. */
	private long objectCount;

	CommitLock commitLock() {
		return this.commitLock;
	}

	Tid lastTid() {
		return this.lastTid;
	}

	long size() {
		return read(() -> this.size);
	}

	long objectCount() {
		return read(() -> this.objectCount);
	}

	/**
	 * Allocates a new oid.
	 * @return one more than the largest oid allocated or stored so far
	 */
	Oid newOid() {
		return Oid.of(this.lastOid.incrementAndGet());
	}

	/**
	 * Returns an object's current revision.
	 * @param oid the object
	 * @return the revision, or {@code null} if the storage has never held the object
	 */
	@Nullable Revision currentRevision(Oid oid) {
		return read(() -> this.current.get(oid.value()));
	}

	/**
	 * Returns an object's current serial, as a store's conflict check sees it.
	 * @param oid the object
	 * @return the tid of its current revision, {@link Tid#ZERO} if it has none
	 */
	Tid currentSerial(Oid oid) {
		Revision revision = currentRevision(oid);
		return (revision != null) ? revision.tid() : Tid.ZERO;
	}

	DataRevision load(Oid oid) {
		Revision revision = currentRevision(oid);
		if (revision == null || revision.data() == null) {
			throw new POSKeyError(oid);
		}
		return new DataRevision(revision.data().clone(), revision.tid(), null);
	}

	@Nullable DataRevision loadBefore(Oid oid, Tid before) {
		Revision revision = currentRevision(oid);
		if (revision == null) {
			throw new POSKeyError(oid);
		}
		Tid end = null;
		while (revision != null && !revision.tid().isBefore(before)) {
			end = revision.tid();
			revision = revision.previous();
		}
		if (revision == null) {
			return null;
		}
		if (revision.data() == null) {
			throw new POSKeyError(oid);
		}
		return new DataRevision(revision.data().clone(), revision.tid(), end);
	}

	byte[] loadSerial(Oid oid, Tid serial) {
		Revision current = currentRevision(oid);
		Revision revision = (current != null) ? current.find(serial) : null;
		if (revision == null || revision.data() == null) {
			throw new POSKeyError(oid, serial);
		}
		return revision.data().clone();
	}

	List<HistoryEntry> history(Oid oid, int size) {
		return read(() -> {
			Revision revision = this.current.get(oid.value());
			if (revision == null) {
				throw new POSKeyError(oid);
			}
			List<HistoryEntry> entries = new ArrayList<>();
			while (revision != null && entries.size() < size) {
				CommittedTransaction transaction = findLocked(revision.tid());
				byte[] user = (transaction != null) ? transaction.user().clone() : new byte[0];
				byte[] description = (transaction != null) ? transaction.description().clone() : new byte[0];
				int recordSize = (revision.dataTxn() != null || revision.data() == null) ? 0 : revision.data().length;
				entries.add(new HistoryEntry(revision.tid(), user, description, recordSize));
				revision = revision.previous();
			}
			return entries;
		});
	}

	/**
	 * Returns the current record of the object with the smallest oid at or after {@code next} that exists.
	 * @param next the oid to start at, or {@code null} for the first object
	 * @return the record and the next existing object's oid, or {@code null} if no object exists at or after
	 * {@code next}
	 */
	@Nullable CurrentRecord recordIterNext(@Nullable Oid next) {
		return read(() -> {
			Revision found = existingAtOrAfter((next != null) ? next.value() : 0);
			if (found == null) {
				return null;
			}
			long oid = found.oid().value();
			Revision following = (oid != -1L) ? existingAtOrAfter(oid + 1) : null;
			return new CurrentRecord(found.oid(), found.tid(), Objects.requireNonNull(found.data()).clone(),
					(following != null) ? following.oid() : null);
		});
	}

	/** Returns the current revision of the first existing object at or after an oid; the caller holds the read lock. */
	private @Nullable Revision existingAtOrAfter(long from) {
		OptionalLong candidate = this.oidOrder.next(from);
		while (candidate.isPresent()) {
			long oid = candidate.getAsLong();
			Revision revision = this.current.get(oid);
			if (revision != null && revision.exists()) {
				return revision;
			}
			candidate = (oid != -1L) ? this.oidOrder.next(oid + 1) : OptionalLong.empty();
		}
		return null;
	}

	/**
	 * Finds a committed transaction.
	 * @param tid its tid
	 * @return the transaction, or {@code null}
	 */
	@Nullable CommittedTransaction find(Tid tid) {
		return read(() -> findLocked(tid));
	}

	/**
	 * Returns the committed transactions with {@code start <= tid <= stop}.
	 * @param start the first tid, or {@code null}
	 * @param stop the last tid, or {@code null}
	 * @return a snapshot of the transactions
	 */
	List<CommittedTransaction> between(@Nullable Tid start, @Nullable Tid stop) {
		return read(() -> {
			int from = (start != null) ? indexAtOrAfter(start) : 0;
			int to = (stop != null) ? indexAfter(stop) : this.transactions.size();
			return (from < to) ? List.copyOf(this.transactions.subList(from, to)) : List.of();
		});
	}

	/** @return a snapshot of every committed transaction, in tid order */
	List<CommittedTransaction> transactions() {
		return read(() -> List.copyOf(this.transactions));
	}

	/** @return a snapshot of the current revision of every object */
	LongObjectMap<Revision> currentRevisions() {
		return read(() -> this.current.copy());
	}

	List<UndoInfo> undoLog(int first, int last, @Nullable Predicate<UndoInfo> filter) {
		int stop = (last < 0) ? first - last : last;
		return read(() -> {
			List<UndoInfo> found = new ArrayList<>();
			int index = 0;
			for (int i = this.transactions.size() - 1; i >= 0 && index < stop; i--) {
				CommittedTransaction transaction = this.transactions.get(i);
				if (transaction.status() == 'p') {
					break;
				}
				if (transaction.status() != ' ') {
					continue;
				}
				UndoInfo info = transaction.toUndoInfo();
				if (filter == null || filter.test(info)) {
					if (index >= first) {
						found.add(info);
					}
					index++;
				}
			}
			return found;
		});
	}

	/**
	 * Installs a committed transaction. The caller holds the commit lock.
	 * @param tid the transaction's tid, after the last one
	 * @param metaData user, description, extension
	 * @param staged the records to write
	 * @return the installed transaction
	 */
	CommittedTransaction commit(Tid tid, TransactionMetaData metaData, List<StagedRecord> staged) {
		Lock writeLock = this.lock.writeLock();
		writeLock.lock();
		try {
			List<Revision> revisions = new ArrayList<>(staged.size());
			for (StagedRecord record : staged) {
				Revision previous = this.current.get(record.oid().value());
				Revision revision = new Revision(record.oid(), tid, record.data(), record.dataTxn(), previous);
				revisions.add(revision);
				this.current.put(record.oid().value(), revision);
				if (previous == null) {
					this.oidOrder.add(record.oid().value());
				}
				this.objectCount += (revision.exists() ? 1 : 0) - ((previous != null && previous.exists()) ? 1 : 0);
				noteOid(record.oid());
			}
			CommittedTransaction transaction = new CommittedTransaction(tid, ' ', metaData.user(),
					metaData.description(), metaData.extension(), Collections.unmodifiableList(revisions));
			this.transactions.add(transaction);
			this.size += transaction.size();
			this.lastTid = tid;
			return transaction;
		}
		finally {
			writeLock.unlock();
		}
	}

	/**
	 * Replaces the whole content with the result of a pack. The caller holds the commit lock.
	 * @param transactions the transactions, in tid order
	 * @param current the current revision of every object
	 */
	void replace(List<CommittedTransaction> transactions, LongObjectMap<Revision> current) {
		Lock writeLock = this.lock.writeLock();
		writeLock.lock();
		try {
			this.transactions = new ArrayList<>(transactions);
			this.current = current;
			this.oidOrder.replace(current.values().stream().mapToLong((revision) -> revision.oid().value()).toArray());
			this.size = transactions.stream().mapToLong(CommittedTransaction::size).sum();
			this.objectCount = current.values().stream().filter(Revision::exists).count();
		}
		finally {
			writeLock.unlock();
		}
	}

	private void noteOid(Oid oid) {
		this.lastOid.accumulateAndGet(oid.value(), (last, stored) -> (Long.compareUnsigned(stored, last) > 0) ? stored : last);
	}

	private @Nullable CommittedTransaction findLocked(Tid tid) {
		int index = indexAtOrAfter(tid);
		if (index < this.transactions.size() && this.transactions.get(index).tid().equals(tid)) {
			return this.transactions.get(index);
		}
		return null;
	}

	private int indexAfter(Tid tid) {
		int low = 0;
		int high = this.transactions.size();
		while (low < high) {
			int middle = (low + high) >>> 1;
			if (this.transactions.get(middle).tid().compareTo(tid) <= 0) {
				low = middle + 1;
			}
			else {
				high = middle;
			}
		}
		return low;
	}

	private int indexAtOrAfter(Tid tid) {
		int low = 0;
		int high = this.transactions.size();
		while (low < high) {
			int middle = (low + high) >>> 1;
			if (this.transactions.get(middle).tid().isBefore(tid)) {
				low = middle + 1;
			}
			else {
				high = middle;
			}
		}
		return low;
	}

	private <T> T read(Supplier<T> reader) {
		Lock readLock = this.lock.readLock();
		readLock.lock();
		try {
			return reader.get();
		}
		finally {
			readLock.unlock();
		}
	}

}
