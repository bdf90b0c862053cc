package io.zkzeo.storage.memory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import io.zkzeo.storage.CommitLock;
import io.zkzeo.storage.ConflictError;
import io.zkzeo.storage.CurrentRecord;
import io.zkzeo.storage.CurrentRecordIteration;
import io.zkzeo.storage.DataRevision;
import io.zkzeo.storage.ExternalGC;
import io.zkzeo.storage.HistoryEntry;
import io.zkzeo.storage.InvalidationListener;
import io.zkzeo.storage.InvalidationListeners;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.POSKeyError;
import io.zkzeo.storage.ReadConflictError;
import io.zkzeo.storage.ReadOnlyError;
import io.zkzeo.storage.ReferenceFinder;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.StorageError;
import io.zkzeo.storage.StorageIterator;
import io.zkzeo.storage.StorageTransactionError;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TimeStamp;
import io.zkzeo.storage.TransactionMetaData;
import io.zkzeo.storage.TransactionRecord;
import io.zkzeo.storage.UndoError;
import io.zkzeo.storage.UndoInfo;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Storage} kept in memory, with FileStorage's semantics: every revision is kept until pack, so
 * {@link #loadBefore}, {@link #history}, {@link #iterator}, {@link #undo} and {@link #pack} behave as they
 * do on a {@code Data.fs}, with ZODB's MappingStorage as the model for the rest.
 *
 * <p>Several transactions may be open at once. Serials are checked when storing and again at
 * {@link #vote}, which takes the storage's {@link CommitLock} and chooses the tid; {@link #tpcFinish} or
 * {@link #tpcAbort} releases it. Safe for use by many threads.
 */
public final class MemoryStorage implements Storage, CurrentRecordIteration, ExternalGC {

	private static final Logger logger = LoggerFactory.getLogger(MemoryStorage.class);

	private static final int MAX_METADATA_LENGTH = 0xFFFF;

	private final MemoryStorageOptions options;

	private final InvalidationListeners invalidationListeners = new InvalidationListeners();

	private final MemoryData data;

	private final Clock clock;

	private final Map<TransactionMetaData, PendingTransaction> pending = new ConcurrentHashMap<>();

	private volatile boolean closed;

	/**
	 * Creates an empty storage.
	 * @param options the settings
	 */
	public MemoryStorage(MemoryStorageOptions options) {
		this(options, new MemoryData(), Clock.systemUTC());
	}

	MemoryStorage(MemoryStorageOptions options, MemoryData data, Clock clock) {
		this.options = Objects.requireNonNull(options, "'options' must not be null");
		this.data = data;
		this.clock = clock;
		logger.debug("Memory storage {} created{}", options.name(), options.readOnly() ? " (read-only)" : "");
	}

	/**
	 * Returns a read-only storage that shows this storage's committed data as it changes. Closing it
	 * leaves this storage open.
	 * @return the read-only view
	 */
	public MemoryStorage readOnlyView() {
		return new MemoryStorage(this.options.withReadOnly(true), this.data, this.clock);
	}

	/** @return the lock that serialises commits from vote to finish, for status reports */
	public CommitLock getCommitLock() {
		return this.data.commitLock();
	}

	@Override
	public String getName() {
		return this.options.name();
	}

	@Override
	public boolean isReadOnly() {
		return this.options.readOnly();
	}

	@Override
	public boolean supportsUndo() {
		return true;
	}

	@Override
	public long getSize() {
		return this.data.size();
	}

	@Override
	public long objectCount() {
		return this.data.objectCount();
	}

	@Override
	public DataRevision load(Oid oid) {
		requireOpen();
		return this.data.load(notNull(oid, "oid"));
	}

	@Override
	public @Nullable DataRevision loadBefore(Oid oid, Tid before) {
		requireOpen();
		return this.data.loadBefore(notNull(oid, "oid"), notNull(before, "before"));
	}

	@Override
	public byte[] loadSerial(Oid oid, Tid serial) {
		requireOpen();
		return this.data.loadSerial(notNull(oid, "oid"), notNull(serial, "serial"));
	}

	@Override
	public List<HistoryEntry> history(Oid oid, int size) {
		requireOpen();
		notNull(oid, "oid");
		if (size < 0) {
			throw new IllegalArgumentException("History size must not be negative, not " + size);
		}
		return this.data.history(oid, size);
	}

	/**
	 * {@inheritDoc}
	 * <p>Objects without current data (deleted, or whose creation was undone) are skipped.
	 */
	@Override
	public @Nullable CurrentRecord recordIterNext(@Nullable Oid next) {
		requireOpen();
		return this.data.recordIterNext(next);
	}

	@Override
	public Tid lastTransaction() {
		return this.data.lastTid();
	}

	@Override
	public Oid newOid() {
		requireWritable();
		return this.data.newOid();
	}

	@Override
	public void tpcBegin(TransactionMetaData txn) {
		requireWritable();
		notNull(txn, "txn");
		checkLength(txn.user(), "user");
		checkLength(txn.description(), "description");
		checkLength(txn.extension(), "extension");
		if (this.pending.putIfAbsent(txn, new PendingTransaction(txn)) != null) {
			throw new StorageTransactionError("Transaction " + txn + " has already begun in " + getName());
		}
	}

	@Override
	public void store(Oid oid, Tid serial, byte[] data, TransactionMetaData txn) {
		requireWritable();
		notNull(oid, "oid");
		notNull(serial, "serial");
		notNull(data, "data");
		if (data.length == 0) {
			throw new IllegalArgumentException("Record for " + oid + " is empty");
		}
		PendingTransaction transaction = requirePending(txn);
		checkStagingSerial(transaction, oid, serial, this.data.currentSerial(oid));
		transaction.stage(new StagedRecord(oid, serial, data.clone(), null));
	}

	@Override
	public void restore(Oid oid, Tid serial, byte @Nullable [] data, @Nullable Tid prevTxn, TransactionMetaData txn) {
		requireWritable();
		notNull(oid, "oid");
		notNull(serial, "serial");
		PendingTransaction transaction = requirePending(txn);
		if (!serial.equals(txn.tid())) {
			throw new StorageTransactionError(
					"Restore of " + oid + " with serial " + serial + " needs that tid forced at tpcBegin, not " + txn.tid());
		}
		Tid dataTxn = null;
		if (data != null && prevTxn != null) {
			Revision current = this.data.currentRevision(oid);
			Revision previous = (current != null) ? current.find(prevTxn) : null;
			if (previous != null && Arrays.equals(previous.data(), data)) {
				dataTxn = prevTxn;
			}
		}
		transaction.stage(new StagedRecord(oid, null, (data != null) ? data.clone() : null, dataTxn));
	}

	/**
	 * {@inheritDoc}
	 * <p>The deletion is a revision with no data, as an undone creation is.
	 */
	@Override
	public void deleteObject(Oid oid, Tid serial, TransactionMetaData txn) {
		requireWritable();
		notNull(oid, "oid");
		notNull(serial, "serial");
		PendingTransaction transaction = requirePending(txn);
		Revision current = this.data.currentRevision(oid);
		if (current == null) {
			throw new POSKeyError(oid);
		}
		checkStagingSerial(transaction, oid, serial, current.tid());
		transaction.stage(new StagedRecord(oid, serial, null, null));
	}

	/**
	 * Refuses a change of an object based on a serial that is neither its committed one nor the one this
	 * transaction already staged a change with.
	 */
	private static void checkStagingSerial(PendingTransaction transaction, Oid oid, Tid serial, Tid committed) {
		StagedRecord staged = transaction.staged(oid);
		boolean basedOnStagedSerial = staged != null && serial.equals(staged.expectedSerial());
		if (!serial.equals(committed) && !basedOnStagedSerial) {
			throw new ConflictError(oid, committed, serial);
		}
	}

	@Override
	public void checkCurrentSerialInTransaction(Oid oid, Tid serial, TransactionMetaData txn) {
		requireWritable();
		notNull(oid, "oid");
		notNull(serial, "serial");
		requirePending(txn).addReadSerial(oid, serial);
	}

	@Override
	public Set<Oid> vote(TransactionMetaData txn) {
		requireWritable();
		PendingTransaction transaction = requirePending(txn);
		transaction.checkCanVote();
		CommitLock commitLock = this.data.commitLock();
		commitLock.acquire();
		boolean voted = false;
		try {
			checkSerials(transaction);
			Tid tid = chooseTid(txn);
			voted = transaction.voted(tid);
			if (!voted) {
				throw new StorageTransactionError("Transaction " + txn + " was aborted while voting");
			}
			return Set.of();
		}
		finally {
			if (!voted) {
				commitLock.release();
			}
		}
	}

	private void checkSerials(PendingTransaction transaction) {
		for (StagedRecord record : transaction.stagedRecords()) {
			Tid expected = record.expectedSerial();
			if (expected != null) {
				Tid committed = this.data.currentSerial(record.oid());
				if (!committed.equals(expected)) {
					throw new ConflictError(record.oid(), committed, expected);
				}
			}
		}
		for (Map.Entry<Oid, Tid> read : transaction.readSerials().entrySet()) {
			Tid committed = this.data.currentSerial(read.getKey());
			if (!committed.equals(read.getValue())) {
				throw new ReadConflictError(read.getKey(), committed, read.getValue());
			}
		}
	}

	private Tid chooseTid(TransactionMetaData txn) {
		Tid last = this.data.lastTid();
		Tid forced = txn.tid();
		if (forced == null) {
			return TimeStamp.newTid(last, this.clock.instant());
		}
		if (forced.compareTo(last) <= 0) {
			throw new StorageTransactionError(
					"Forced tid " + forced + " is not after the last transaction " + last + " of " + getName());
		}
		return forced;
	}

	@Override
	public Tid tpcFinish(TransactionMetaData txn) {
		requireWritable();
		PendingTransaction transaction = requirePending(txn);
		Tid tid = transaction.finish();
		try {
			this.data.commit(tid, txn, transaction.stagedRecords());
			this.invalidationListeners.fire(tid, changedOids(transaction.stagedRecords()), txn);
		}
		finally {
			this.pending.remove(txn);
			this.data.commitLock().release();
		}
		logger.debug("Committed transaction {} in {}", tid, getName());
		return tid;
	}

	private static Set<Oid> changedOids(List<StagedRecord> records) {
		Set<Oid> oids = new LinkedHashSet<>();
		for (StagedRecord record : records) {
			oids.add(record.oid());
		}
		return oids;
	}

	@Override
	public void addInvalidationListener(InvalidationListener listener) {
		this.invalidationListeners.add(listener);
	}

	@Override
	public void removeInvalidationListener(InvalidationListener listener) {
		this.invalidationListeners.remove(listener);
	}

	@Override
	public void tpcAbort(TransactionMetaData txn) {
		notNull(txn, "txn");
		PendingTransaction transaction = this.pending.remove(txn);
		if (transaction != null && transaction.abort()) {
			this.data.commitLock().release();
		}
	}

	@Override
	public StorageIterator iterator(@Nullable Tid start, @Nullable Tid stop) {
		requireOpen();
		Iterator<CommittedTransaction> transactions = this.data.between(start, stop).iterator();
		return new StorageIterator() {

			@Override
			public boolean hasNext() {
				return transactions.hasNext();
			}

			@Override
			public TransactionRecord next() {
				if (!transactions.hasNext()) {
					throw new NoSuchElementException("No more transactions in " + getName());
				}
				return transactions.next().toRecord();
			}

			@Override
			public void close() {
			}

		};
	}

	@Override
	public List<UndoInfo> undoLog(int first, int last, @Nullable Predicate<UndoInfo> filter) {
		requireOpen();
		return this.data.undoLog(first, last, filter);
	}

	@Override
	public List<Oid> undo(Tid transactionId, TransactionMetaData txn) {
		requireWritable();
		notNull(transactionId, "transactionId");
		PendingTransaction transaction = requirePending(txn);
		CommittedTransaction target = this.data.find(transactionId);
		if (target == null) {
			throw new UndoError("Invalid transaction id " + transactionId, null);
		}
		if (target.status() != ' ') {
			throw new UndoError("non-undoable transaction " + transactionId, null);
		}
		List<StagedRecord> records = new ArrayList<>();
		for (Revision undone : target.revisions()) {
			records.add(undoRecord(undone, transaction));
		}
		transaction.stageAll(records);
		return records.stream().map(StagedRecord::oid).toList();
	}

	private StagedRecord undoRecord(Revision undone, PendingTransaction transaction) {
		Oid oid = undone.oid();
		StagedRecord staged = transaction.staged(oid);
		Revision committed = this.data.currentRevision(oid);
		Tid expected = (staged != null) ? staged.expectedSerial() : Objects.requireNonNull(committed).tid();
		boolean undoneIsCurrent = staged == null && committed == undone;
		byte[] currentData = (staged != null) ? staged.data() : Objects.requireNonNull(committed).data();
		if (!undoneIsCurrent && !Arrays.equals(currentData, undone.data())) {
			String reason = (undone.previous() == null)
					? "Can't undo an add transaction followed by conflicting transactions"
					: "Some data were modified by a later transaction";
			throw new UndoError(reason, oid);
		}
		Revision before = undone.previous();
		if (before == null) {
			return new StagedRecord(oid, expected, null, null);
		}
		return new StagedRecord(oid, expected, before.data(), before.tid());
	}

	@Override
	public void pack(Instant packTime, ReferenceFinder references) {
		requireWritable();
		notNull(packTime, "packTime");
		notNull(references, "references");
		Tid packTid = packTid(packTime);
		CommitLock commitLock = this.data.commitLock();
		commitLock.acquire();
		try {
			MemoryPack.Result result = new MemoryPack(packTid, references, getName())
				.pack(this.data.transactions(), this.data.currentRevisions());
			if (result != null) {
				this.data.replace(result.transactions(), result.current());
			}
		}
		finally {
			commitLock.release();
		}
	}

	private static Tid packTid(Instant packTime) {
		if (packTime.isBefore(Instant.parse("1900-01-01T00:00:00Z"))) {
			throw new IllegalArgumentException("Invalid pack time " + packTime + " (before 1900)");
		}
		Tid packTid = TimeStamp.of(packTime).toTid();
		if (packTid.equals(Tid.ZERO)) {
			throw new IllegalArgumentException("Invalid pack time " + packTime);
		}
		return packTid;
	}

	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		for (TransactionMetaData txn : List.copyOf(this.pending.keySet())) {
			tpcAbort(txn);
		}
		logger.debug("Memory storage {} closed", getName());
	}

	private PendingTransaction requirePending(TransactionMetaData txn) {
		notNull(txn, "txn");
		PendingTransaction transaction = this.pending.get(txn);
		if (transaction == null) {
			throw new StorageTransactionError("Transaction " + txn + " is not in progress in " + getName());
		}
		return transaction;
	}

	private void requireWritable() {
		requireOpen();
		if (this.options.readOnly()) {
			throw new ReadOnlyError(getName());
		}
	}

	private void requireOpen() {
		if (this.closed) {
			throw new StorageError("Storage " + getName() + " is closed");
		}
	}

	private static void checkLength(byte[] bytes, String what) {
		if (bytes.length > MAX_METADATA_LENGTH) {
			throw new IllegalArgumentException(
					"Transaction " + what + " is " + bytes.length + " bytes long (max " + MAX_METADATA_LENGTH + ")");
		}
	}

	private static <T> T notNull(@Nullable T value, String name) {
		return Objects.requireNonNull(value, () -> "'" + name + "' must not be null");
	}

	@Override
	public String toString() {
		return "MemoryStorage[" + getName() + (isReadOnly() ? ", read-only" : "") + "]";
	}

}
