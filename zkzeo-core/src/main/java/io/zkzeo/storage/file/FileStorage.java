package io.zkzeo.storage.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
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
import io.zkzeo.storage.UndoError;
import io.zkzeo.storage.UndoInfo;
import io.zkzeo.storage.file.PendingTransaction.PendingRecord;
import io.zkzeo.storage.file.PendingTransaction.Phase;
import io.zkzeo.storage.file.RecordReader.StoredRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Storage} kept in a ZODB 5 {@code Data.fs} file, byte-compatible with Python's FileStorage:
 * Python reads and packs what this writes, and this reads what Python writes ({@code FS30}, and
 * {@code FS21} from Python 2).
 *
 * <p>The file is an append-only log of transactions. An in-memory {@link OidIndex} maps each oid to its
 * current record; earlier revisions are reached through each record's {@code prev} pointer. A commit is
 * buffered until vote, which takes the {@link CommitLock}, checks every serial, and writes the whole
 * transaction in one write with status {@code 'c'}; finish flips the status byte and releases the lock,
 * then waits until the file is forced to disk (one fsync serves every transaction finished meanwhile, see
 * the group commit) and the transaction is published to readers; when it returns the commit is on
 * disk. Reads are positional and run concurrently with commits.
 *
 * <p>A read-write open takes the lock file {@code <file>.lock} (an {@code flock}, as Python does),
 * truncates a torn last transaction (saving it to {@code <file>.trN}), and refuses any other damage with a
 * {@link FileStorageFormatError}, leaving the file untouched. The index is saved at close to
 * {@code <file>.zkzeo-index} so the next open need not scan the whole file.
 */
public final class FileStorage implements Storage, CurrentRecordIteration, ExternalGC {

	private static final Logger logger = LoggerFactory.getLogger(FileStorage.class);

	private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

	/** A scan at open longer than this saves a snapshot at once, so a crash does not mean another scan. */
	private static final long SNAPSHOT_AFTER_SCAN_BYTES = 16L << 20;

	private final Path path;

	private final String name;

	private final FileStorageOptions options;

	private final CommitLock commitLock = new CommitLock();

	private final InvalidationListeners invalidationListeners = new InvalidationListeners();

	private final ReentrantReadWriteLock fileLock = new ReentrantReadWriteLock();

	private final @Nullable LockFile lockFile;

	private final byte[] magic;

	private final ConcurrentHashMap<TransactionMetaData, PendingTransaction> transactions = new ConcurrentHashMap<>();

	private final AtomicLong maxOid;

	private final AtomicBoolean packing = new AtomicBoolean();

	private FileChannel channel;

	private RecordReader reader;

	private OidIndex index;

	private volatile long end;

	private volatile long lastTid;

	private long tidFloor;

	/** End of every finished transaction, durable or not; guarded by the commit lock. */
	private long writeEnd;

	/** Positions written by finished transactions not yet published; guarded by the commit lock. */
	private final LongLongHashMap unpublished = new LongLongHashMap();

	private final GroupCommit groupCommit = new GroupCommit();

	private final CurrentRecordCache currentRecords;

	private volatile long generation;

	private volatile boolean closed;

	private volatile boolean broken;

	private FileStorage(Path path, FileStorageOptions options) {
		this.path = path.toAbsolutePath();
		this.options = options;
		this.currentRecords = new CurrentRecordCache(options.recordCacheSize());
		this.name = (options.name() != null) ? options.name() : this.path.toString();
		this.lockFile = options.readOnly() ? null : LockFile.acquire(siblingPath(".lock"));
		try {
			this.channel = openChannel();
			boolean empty = size(this.channel) == 0;
			this.magic = empty ? FileStorageFormat.MAGIC_FS30.clone() : FileStorageFormat.readMagic(this.channel);
			this.reader = new RecordReader(this.channel, this.name);
			OidIndex loaded = null;
			long start = FileStorageFormat.MAGIC_LENGTH;
			long startTid = 0;
			IndexSnapshot.Loaded snapshot = (options.indexSnapshot() && !empty)
					? IndexSnapshot.read(this.path, this.channel, this.magic) : null;
			if (snapshot != null) {
				loaded = snapshot.index();
				start = snapshot.position();
				startTid = snapshot.lastTid();
			}
			this.index = (loaded != null) ? loaded : new OidIndex();
			FileScanner.ScanResult scan = empty ? FileScanner.ScanResult.complete(start, 0)
					: new FileScanner(this.channel, this.name).scan(start, startTid, this.index);
			if (scan.isTorn()) {
				new TailRecovery(this.channel, this.path, this.name).recover(scan, options.readOnly());
			}
			this.end = scan.end();
			this.writeEnd = scan.end();
			this.lastTid = scan.tidFloor();
			this.tidFloor = scan.tidFloor();
			this.maxOid = new AtomicLong(this.index.maxOid());
			if (!options.readOnly() && options.indexSnapshot() && this.end - start > SNAPSHOT_AFTER_SCAN_BYTES) {
				writeSnapshot();
			}
			logger.info("Opened {} storage {}: {} objects, {} bytes, last transaction {}{}",
					options.readOnly() ? "read-only" : "read-write", this.name, this.index.size(), this.end,
					Tid.of(this.lastTid), (snapshot != null) ? " (index snapshot at " + start + ")" : "");
		}
		catch (RuntimeException ex) {
			closeAfterFailedOpen(ex);
			throw ex;
		}
	}

	/**
	 * Opens a storage read-write with the default options, creating the file if it does not exist.
	 * @param path the data file
	 * @return the open storage
	 * @throws FileStorageLockedError if another process has it open read-write
	 * @throws FileStorageFormatError if the file is damaged
	 */
	public static FileStorage open(Path path) {
		return open(path, FileStorageOptions.defaults());
	}

	/**
	 * Opens a storage.
	 * @param path the data file
	 * @param options the options
	 * @return the open storage
	 * @throws FileStorageLockedError if opened read-write while another process has it open read-write
	 * @throws FileStorageFormatError if the file is damaged
	 */
	public static FileStorage open(Path path, FileStorageOptions options) {
		Objects.requireNonNull(path, "'path' must not be null");
		Objects.requireNonNull(options, "'options' must not be null");
		return new FileStorage(path, options);
	}

	private FileChannel openChannel() {
		try {
			if (this.options.readOnly()) {
				return FileChannel.open(this.path, StandardOpenOption.READ);
			}
			FileChannel opened = FileChannel.open(this.path, StandardOpenOption.READ, StandardOpenOption.WRITE,
					StandardOpenOption.CREATE);
			if (opened.size() == 0) {
				FileStorageFormat.writeFully(opened, ByteBuffer.wrap(FileStorageFormat.MAGIC_FS30), 0);
				opened.force(true);
				logger.info("Created storage file {}", this.path);
			}
			return opened;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not open " + this.path, ex);
		}
	}

	private void closeAfterFailedOpen(RuntimeException failure) {
		try {
			if (this.channel != null) {
				this.channel.close();
			}
		}
		catch (IOException ex) {
			failure.addSuppressed(ex);
		}
		if (this.lockFile != null) {
			this.lockFile.close();
		}
	}

	Path siblingPath(String suffix) {
		return this.path.resolveSibling(this.path.getFileName() + suffix);
	}

	/** @return the data file */
	public Path getPath() {
		return this.path;
	}

	/** @return the options the storage was opened with */
	public FileStorageOptions getOptions() {
		return this.options;
	}

	/** @return the commit lock, for status reports */
	public CommitLock getCommitLock() {
		return this.commitLock;
	}

	/** @return the file's magic, {@code FS30} or {@code FS21} */
	public byte[] getMagic() {
		return this.magic.clone();
	}

	/**
	 * Returns the options the storage was opened with.
	 * @return the options
	 */
	public FileStorageOptions options() {
		return this.options;
	}

	@Override
	public String getName() {
		return this.name;
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
		return this.end;
	}

	/**
	 * Returns the memory the oid index takes, for status reports and capacity planning.
	 * @return an estimate in bytes (about eight bytes per object for ZODB's dense oids)
	 */
	public long indexMemoryBytes() {
		this.fileLock.readLock().lock();
		try {
			return this.index.footprintBytes();
		}
		finally {
			this.fileLock.readLock().unlock();
		}
	}

	@Override
	public long objectCount() {
		this.fileLock.readLock().lock();
		try {
			return this.index.size();
		}
		finally {
			this.fileLock.readLock().unlock();
		}
	}

	@Override
	public Tid lastTransaction() {
		return Tid.of(this.lastTid);
	}

	// ---- reads

	@Override
	public DataRevision load(Oid oid) {
		this.fileLock.readLock().lock();
		try {
			checkOpen();
			long position = this.index.get(oid.value());
			if (position == 0) {
				throw new POSKeyError(oid);
			}
			CurrentRecordCache.Entry cached = this.currentRecords.get(oid.value(), position);
			if (cached != null) {
				return cached.currentRevision();
			}
			StoredRecord record = this.reader.read(position, oid.value(), true);
			StoredRecord withData = this.reader.resolve(record);
			if (withData == null) {
				throw new POSKeyError(oid);
			}
			return new DataRevision(dataOf(withData), Tid.of(record.header().tid()), null);
		}
		finally {
			this.fileLock.readLock().unlock();
		}
	}

	@Override
	public @Nullable DataRevision loadBefore(Oid oid, Tid before) {
		this.fileLock.readLock().lock();
		try {
			checkOpen();
			long position = this.index.get(oid.value());
			if (position == 0) {
				throw new POSKeyError(oid);
			}
			// the current revision is the usual answer: take it from the cache or read its data in the same call
			CurrentRecordCache.Entry cached = this.currentRecords.get(oid.value(), position);
			if (cached != null && Long.compareUnsigned(cached.tid(), before.value()) < 0) {
				return cached.currentRevision();
			}
			StoredRecord record = this.reader.read(position, oid.value(), true);
			long endTid = 0;
			while (Long.compareUnsigned(record.header().tid(), before.value()) >= 0) {
				endTid = record.header().tid();
				position = record.header().prev();
				if (position == 0) {
					return null;
				}
				record = this.reader.read(position, oid.value(), false);
			}
			StoredRecord withData = this.reader.resolve(record);
			if (withData == null) {
				throw new POSKeyError(oid);
			}
			return new DataRevision(dataOf(withData), Tid.of(record.header().tid()),
					(endTid != 0) ? Tid.of(endTid) : null);
		}
		finally {
			this.fileLock.readLock().unlock();
		}
	}

	@Override
	public byte[] loadSerial(Oid oid, Tid serial) {
		this.fileLock.readLock().lock();
		try {
			checkOpen();
			long position = this.index.get(oid.value());
			while (position != 0) {
				StoredRecord record = this.reader.read(position, oid.value(), false);
				int order = Long.compareUnsigned(record.header().tid(), serial.value());
				if (order == 0) {
					StoredRecord withData = this.reader.resolve(record);
					if (withData == null) {
						break;
					}
					return dataOf(withData);
				}
				if (order < 0) {
					break;
				}
				position = record.header().prev();
			}
			throw new POSKeyError(oid, serial);
		}
		finally {
			this.fileLock.readLock().unlock();
		}
	}

	@Override
	public List<HistoryEntry> history(Oid oid, int size) {
		if (size < 0) {
			throw new IllegalArgumentException("History size must not be negative, got " + size);
		}
		this.fileLock.readLock().lock();
		try {
			checkOpen();
			long position = this.index.get(oid.value());
			if (position == 0) {
				throw new POSKeyError(oid);
			}
			List<HistoryEntry> entries = new ArrayList<>();
			while (position != 0 && entries.size() < size) {
				StoredRecord record = this.reader.read(position, oid.value(), false);
				TransactionHeader txn = TransactionHeader.read(this.channel, record.header().tloc());
				entries.add(new HistoryEntry(Tid.of(record.header().tid()), txn.readUser(this.channel),
						txn.readDescription(this.channel), (int) record.header().plen()));
				position = record.header().prev();
			}
			return entries;
		}
		finally {
			this.fileLock.readLock().unlock();
		}
	}

	/**
	 * {@inheritDoc}
	 * <p>Walks the oid index forward from {@code next}. Python's FileStorage raises {@link POSKeyError} when
	 * the next object in its index has no current data (deleted, or its creation undone); this storage skips
	 * such objects, so an iteration always reaches every object that has data.
	 */
	@Override
	public @Nullable CurrentRecord recordIterNext(@Nullable Oid next) {
		this.fileLock.readLock().lock();
		try {
			checkOpen();
			StoredRecord record = liveRecordAtOrAfter((next != null) ? next.value() : 0, true);
			if (record == null) {
				return null;
			}
			long oid = record.header().oid();
			StoredRecord following = (oid != -1L) ? liveRecordAtOrAfter(oid + 1, false) : null;
			return new CurrentRecord(Oid.of(oid), Tid.of(record.header().tid()),
					dataOf(Objects.requireNonNull(this.reader.resolve(record))),
					(following != null) ? Oid.of(following.header().oid()) : null);
		}
		finally {
			this.fileLock.readLock().unlock();
		}
	}

	/**
	 * Returns the current record of the first object at or after an oid whose current record has data, or
	 * {@code null}; the caller holds the read lock.
	 * @param from the oid to start at
	 * @param withData whether to read the record's data too, or only its header
	 */
	private @Nullable StoredRecord liveRecordAtOrAfter(long from, boolean withData) {
		OptionalLong candidate = this.index.nextOid(from);
		while (candidate.isPresent()) {
			long oid = candidate.getAsLong();
			long position = this.index.get(oid);
			if (position != 0) {
				StoredRecord record = this.reader.read(position, oid, withData);
				if (record.header().plen() > 0 || this.reader.resolve(record) != null) {
					return record;
				}
			}
			candidate = (oid != -1L) ? this.index.nextOid(oid + 1) : OptionalLong.empty();
		}
		return null;
	}

	private static byte[] dataOf(StoredRecord record) {
		byte[] data = record.data();
		if (data == null) {
			throw new IllegalStateException("Record at " + record.header().position() + " has no data");
		}
		return data;
	}

	/** Returns the position and serial of an oid's current record, zeros if it has none. */
	private long[] currentRecord(long oid) {
		this.fileLock.readLock().lock();
		try {
			long position = this.index.get(oid);
			if (position == 0) {
				return new long[2];
			}
			long cachedTid = this.currentRecords.tid(oid, position);
			if (cachedTid != 0) {
				return new long[] { position, cachedTid };
			}
			return new long[] { position, this.reader.read(position, oid, false).header().tid() };
		}
		finally {
			this.fileLock.readLock().unlock();
		}
	}

	/**
	 * Returns the position of an oid's latest finished record, published or not; the caller holds the
	 * commit lock.
	 */
	private long writerPosition(long oid) {
		long position = this.unpublished.get(oid);
		return (position != 0) ? position : this.index.get(oid);
	}

	/**
	 * Returns the serial of an oid's latest finished record, or 0, reading the file only if that record
	 * is no longer the one seen before; the caller holds the commit lock.
	 */
	private long writerSerialUnlessUnchanged(long oid, long seenPosition, long seenSerial, boolean packedSince) {
		long position = writerPosition(oid);
		if (!packedSince && position == seenPosition) {
			return seenSerial;
		}
		if (position == 0) {
			return 0;
		}
		this.fileLock.readLock().lock();
		try {
			return this.reader.read(position, oid, false).header().tid();
		}
		finally {
			this.fileLock.readLock().unlock();
		}
	}

	// ---- commits

	@Override
	public Oid newOid() {
		checkWritable();
		return Oid.of(this.maxOid.incrementAndGet());
	}

	private void raiseMaxOid(long oid) {
		this.maxOid.accumulateAndGet(oid, (current, candidate) -> (Long.compareUnsigned(candidate, current) > 0)
				? candidate : current);
	}

	@Override
	public void tpcBegin(TransactionMetaData txn) {
		checkWritable();
		checkFieldLength(txn.user().length, "user name");
		checkFieldLength(txn.description().length, "description");
		checkFieldLength(txn.extension().length, "extension");
		PendingTransaction pending = new PendingTransaction(txn, this.generation);
		if (this.transactions.putIfAbsent(txn, pending) != null) {
			throw new StorageTransactionError("Transaction " + txn + " has already begun in " + this.name);
		}
	}

	private void checkFieldLength(int length, String what) {
		if (length > FileStorageFormat.MAX_FIELD_LENGTH) {
			throw new StorageError("Transaction " + what + " too long (" + length + " bytes, at most "
					+ FileStorageFormat.MAX_FIELD_LENGTH + ")");
		}
	}

	@Override
	public void store(Oid oid, Tid serial, byte[] data, TransactionMetaData txn) {
		PendingTransaction pending = storing(txn);
		if (data.length == 0) {
			throw new IllegalArgumentException("Refusing to store an empty record for oid " + oid);
		}
		long[] current = currentRecord(oid.value());
		if (current[1] != serial.value()) {
			throw new ConflictError(oid, Tid.of(current[1]), serial);
		}
		pending.add(new PendingRecord(oid.value(), serial.value(), current[0], -1, data.clone(), 0));
		raiseMaxOid(oid.value());
	}

	@Override
	public void restore(Oid oid, Tid serial, byte @Nullable [] data, @Nullable Tid prevTxn, TransactionMetaData txn) {
		PendingTransaction pending = storing(txn);
		if (txn.tid() == null) {
			throw new StorageTransactionError("restore needs a transaction begun with a forced tid");
		}
		if (data == null) {
			pending.add(new PendingRecord(oid.value(), PendingTransaction.NO_SERIAL_CHECK, 0, -1, null, 0));
		}
		else {
			long back = (prevTxn != null) ? findIdenticalRecord(oid.value(), prevTxn.value(), data) : 0;
			pending.add(new PendingRecord(oid.value(), PendingTransaction.NO_SERIAL_CHECK, 0, -1,
					(back != 0) ? null : data.clone(), back));
		}
		raiseMaxOid(oid.value());
	}

	/**
	 * {@inheritDoc}
	 * <p>Writes a record with no data and a zero back pointer, as Python's FileStorage does; the object stays
	 * in the index (and in {@link #objectCount()}) until a pack removes it.
	 */
	@Override
	public void deleteObject(Oid oid, Tid serial, TransactionMetaData txn) {
		PendingTransaction pending = storing(txn);
		long[] current = currentRecord(oid.value());
		if (current[0] == 0) {
			throw new POSKeyError(oid);
		}
		if (current[1] != serial.value()) {
			throw new ConflictError(oid, Tid.of(current[1]), serial);
		}
		pending.add(new PendingRecord(oid.value(), serial.value(), current[0], -1, null, 0));
	}

	/** Returns the position of a record of the oid with this data in the transaction, or 0. */
	private long findIdenticalRecord(long oid, long tid, byte[] data) {
		this.fileLock.readLock().lock();
		try {
			TransactionHeader txn = TransactionFinder.find(this.channel, this.end, tid);
			if (txn == null) {
				return 0;
			}
			for (DataRecordHeader record : FileWalker.of(this.channel).records(txn)) {
				if (record.oid() == oid) {
					StoredRecord withData = this.reader.resolve(new StoredRecord(record, null));
					return (withData != null && Arrays.equals(withData.data(), data)) ? record.position() : 0;
				}
			}
			return 0;
		}
		finally {
			this.fileLock.readLock().unlock();
		}
	}

	@Override
	public void checkCurrentSerialInTransaction(Oid oid, Tid serial, TransactionMetaData txn) {
		PendingTransaction pending = storing(txn);
		long[] current = currentRecord(oid.value());
		if (current[1] != serial.value()) {
			throw new ReadConflictError(oid, Tid.of(current[1]), serial);
		}
		pending.addReadCheck(oid.value(), serial.value(), current[0]);
	}

	@Override
	public Set<Oid> vote(TransactionMetaData txn) {
		PendingTransaction pending = storing(txn);
		this.commitLock.acquire();
		pending.phase(Phase.VOTING);
		boolean written = false;
		try {
			checkOpen();
			if (!this.unpublished.isEmpty() && this.groupCommit.isIdle()) {
				this.unpublished.clear();
			}
			checkSerialsAtVote(pending);
			long tid = assignTid(pending);
			ByteBuffer buffer = pending.encode(tid, this.writeEnd, this::writerPosition);
			written = true;
			FileStorageFormat.writeFully(this.channel, buffer, pending.position);
			pending.phase(Phase.VOTED);
			return Set.of();
		}
		catch (IOException | RuntimeException ex) {
			if (written) {
				truncateTo(this.writeEnd);
			}
			pending.phase(Phase.STORING);
			this.commitLock.release();
			if (ex instanceof IOException io) {
				throw new StorageError("Could not write transaction to " + this.name, io);
			}
			throw (RuntimeException) ex;
		}
	}

	private void checkSerialsAtVote(PendingTransaction pending) {
		boolean packedSince = pending.generation != this.generation;
		for (PendingRecord record : pending.records()) {
			Oid oid = Oid.of(record.oid());
			if (record.expectedSerial() != PendingTransaction.NO_SERIAL_CHECK) {
				long committed = writerSerialUnlessUnchanged(record.oid(), record.seenPosition(),
						record.expectedSerial(), packedSince);
				if (committed != record.expectedSerial()) {
					throw new ConflictError(oid, Tid.of(committed), Tid.of(record.expectedSerial()));
				}
			}
			if (record.expectedPosition() != -1 && writerPosition(record.oid()) != record.expectedPosition()) {
				throw new ConflictError("Object changed after its undo was prepared", oid, null, null);
			}
			if (packedSince && record.data() == null && record.back() != 0) {
				throw new ConflictError("Storage was packed while the transaction was open", oid, null, null);
			}
		}
		for (long[] check : pending.readChecks()) {
			long committed = writerSerialUnlessUnchanged(check[0], check[2], check[1], packedSince);
			if (committed != check[1]) {
				throw new ReadConflictError(Oid.of(check[0]), Tid.of(committed), Tid.of(check[1]));
			}
		}
	}

	private long assignTid(PendingTransaction pending) {
		Tid forced = pending.metadata.tid();
		if (forced != null) {
			if (Long.compareUnsigned(forced.value(), this.tidFloor) <= 0) {
				throw new StorageTransactionError("Forced tid " + forced + " is not after the last transaction "
						+ Tid.of(this.tidFloor) + " of " + this.name);
			}
			return forced.value();
		}
		return TimeStamp.newTid(Tid.of(this.tidFloor), Instant.now()).value();
	}

	@Override
	public Tid tpcFinish(TransactionMetaData txn) {
		checkWritable();
		PendingTransaction pending = this.transactions.get(txn);
		if (pending == null || pending.phase() != Phase.VOTED) {
			throw new StorageTransactionError("tpcFinish for a transaction that has not voted in " + this.name);
		}
		try {
			ByteBuffer status = ByteBuffer.wrap(new byte[] { (byte) pending.metadata.status() });
			FileStorageFormat.writeFully(this.channel, status, pending.position + 16);
		}
		catch (IOException ex) {
			truncateTo(pending.position);
			this.transactions.remove(txn);
			this.commitLock.release();
			throw new StorageError("Could not finish transaction in " + this.name, ex);
		}
		this.transactions.remove(txn);
		this.tidFloor = pending.tid;
		this.writeEnd = pending.end();
		if (!this.options.fsync()) {
			publish(pending);
			this.commitLock.release();
			return Tid.of(pending.tid);
		}
		long[] positions = Objects.requireNonNull(pending.recordPositions);
		int i = 0;
		for (PendingRecord record : pending.records()) {
			this.unpublished.put(record.oid(), positions[i++]);
		}
		this.groupCommit.add(pending);
		this.commitLock.release();
		try {
			this.groupCommit.awaitDurable(pending, this::forceToDisk, this::publish);
		}
		catch (StorageError ex) {
			logger.error("Storage {} could not force a commit to disk and refuses further work", this.name, ex);
			this.broken = true;
			throw ex;
		}
		return Tid.of(pending.tid);
	}

	private void forceToDisk() throws IOException {
		this.channel.force(false);
	}

	/** Makes a finished (and, with fsync, durable) transaction visible to readers. */
	private void publish(PendingTransaction pending) {
		long[] positions = Objects.requireNonNull(pending.recordPositions);
		Set<Oid> changed = new LinkedHashSet<>();
		int i = 0;
		for (PendingRecord record : pending.records()) {
			long position = positions[i++];
			this.index.put(record.oid(), position);
			byte[] data = record.data();
			if (data != null) {
				this.currentRecords.put(record.oid(), position, pending.tid, data);
			}
			changed.add(Oid.of(record.oid()));
		}
		this.end = pending.end();
		this.lastTid = pending.tid;
		this.invalidationListeners.fire(Tid.of(pending.tid), changed, pending.metadata);
	}

	/**
	 * Waits until every finished transaction is durable and published; the caller holds the commit lock.
	 */
	void awaitFinishedCommits() {
		this.groupCommit.drain(this::forceToDisk, this::publish);
		this.unpublished.clear();
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
		PendingTransaction pending = this.transactions.remove(txn);
		if (pending == null) {
			return;
		}
		if (pending.phase() != Phase.STORING) {
			truncateTo(this.writeEnd);
			this.commitLock.release();
		}
	}

	private void truncateTo(long position) {
		try {
			if (this.channel.isOpen() && this.channel.size() > position) {
				this.channel.truncate(position);
			}
		}
		catch (IOException ex) {
			logger.error("Could not truncate {} back to {} after a failed commit", this.name, position, ex);
		}
	}

	private PendingTransaction storing(TransactionMetaData txn) {
		checkWritable();
		PendingTransaction pending = this.transactions.get(txn);
		if (pending == null) {
			throw new StorageTransactionError("Transaction " + txn + " is not in progress in " + this.name);
		}
		if (pending.phase() != Phase.STORING) {
			throw new StorageTransactionError("Transaction " + txn + " has already voted in " + this.name);
		}
		return pending;
	}

	// ---- iteration and undo

	@Override
	public StorageIterator iterator(@Nullable Tid start, @Nullable Tid stop) {
		this.fileLock.readLock().lock();
		try {
			checkOpen();
			return new FileStorageIterator(this.path, this.name, this.end, start, stop);
		}
		finally {
			this.fileLock.readLock().unlock();
		}
	}

	@Override
	public List<UndoInfo> undoLog(int first, int last, @Nullable Predicate<UndoInfo> filter) {
		this.fileLock.readLock().lock();
		try {
			checkOpen();
			if (this.packing.get()) {
				throw new UndoError("Undo is not possible while packing", null);
			}
			return new Undoer(this.channel, this.reader, this.index, this.name).undoLog(this.end, first, last, filter);
		}
		finally {
			this.fileLock.readLock().unlock();
		}
	}

	@Override
	public List<Oid> undo(Tid transactionId, TransactionMetaData txn) {
		PendingTransaction pending = storing(txn);
		this.fileLock.readLock().lock();
		try {
			checkOpen();
			if (this.packing.get()) {
				throw new UndoError("Undo is not possible while packing", null);
			}
			return new Undoer(this.channel, this.reader, this.index, this.name).undo(this.end, transactionId.value(),
					pending);
		}
		finally {
			this.fileLock.readLock().unlock();
		}
	}

	// ---- pack

	@Override
	public void pack(Instant packTime, ReferenceFinder references) {
		checkWritable();
		if (!this.packing.compareAndSet(false, true)) {
			throw new StorageError("Already packing " + this.name);
		}
		try {
			new Packer(this, references).pack(TimeStamp.of(packTime).toTid().value());
		}
		finally {
			this.packing.set(false);
		}
	}

	// ---- used by Packer

	/** A consistent view of the committed file for the packer, taken under the read lock. */
	PackView packView() {
		this.fileLock.readLock().lock();
		try {
			return new PackView(this.channel, this.reader, this.end, this.lastTid);
		}
		finally {
			this.fileLock.readLock().unlock();
		}
	}

	long committedEnd() {
		return this.end;
	}

	String fileName() {
		return this.name;
	}

	/**
	 * Installs a packed file in place of the current one; the caller holds the commit lock.
	 * @param packed the packed file, to become the data file
	 * @param newIndex its index
	 * @param newEnd its end
	 */
	void swapIn(Path packed, OidIndex newIndex, long newEnd) throws IOException {
		this.fileLock.writeLock().lock();
		try {
			Path old = siblingPath(".old");
			this.channel.close();
			Files.move(this.path, old, StandardCopyOption.REPLACE_EXISTING);
			try {
				Files.move(packed, this.path);
			}
			catch (IOException ex) {
				Files.move(old, this.path);
				this.channel = FileChannel.open(this.path, StandardOpenOption.READ, StandardOpenOption.WRITE);
				this.reader = new RecordReader(this.channel, this.name);
				throw ex;
			}
			syncDirectory(this.path.getParent());
			this.channel = FileChannel.open(this.path, StandardOpenOption.READ, StandardOpenOption.WRITE);
			this.reader = new RecordReader(this.channel, this.name);
			this.currentRecords.clear();
			this.index = newIndex;
			this.end = newEnd;
			this.writeEnd = newEnd;
			this.generation++;
			Files.deleteIfExists(siblingPath(".index"));
			if (!this.options.keepOldOnPack()) {
				Files.deleteIfExists(old);
			}
			if (this.options.indexSnapshot()) {
				IndexSnapshot.write(this.path, this.channel, this.magic, this.end, this.index);
			}
		}
		finally {
			this.fileLock.writeLock().unlock();
		}
	}

	private void writeSnapshot() {
		try {
			IndexSnapshot.write(this.path, this.channel, this.magic, this.end, this.index);
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Could not write the index snapshot of {}", this.name, ex);
		}
	}

	private static void syncDirectory(@Nullable Path directory) {
		if (directory == null) {
			return;
		}
		try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException ex) {
			logger.debug("Could not sync directory {}", directory, ex);
		}
	}

	byte[] magic() {
		return this.magic;
	}

	// ---- lifecycle

	private void checkOpen() {
		if (this.closed) {
			throw new StorageError("Storage " + this.name + " is closed");
		}
		if (this.broken) {
			throw new StorageError("Storage " + this.name + " failed to write to disk and must be reopened");
		}
	}

	private void checkWritable() {
		checkOpen();
		if (this.options.readOnly()) {
			throw new ReadOnlyError(this.name);
		}
	}

	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		for (TransactionMetaData txn : List.copyOf(this.transactions.keySet())) {
			tpcAbort(txn);
		}
		boolean locked = this.commitLock.tryAcquire(CLOSE_WAIT);
		if (locked && !this.broken) {
			try {
				awaitFinishedCommits();
			}
			catch (StorageError ex) {
				logger.error("Storage {} could not force its last commits to disk at close", this.name, ex);
			}
		}
		this.fileLock.writeLock().lock();
		try {
			if (this.closed) {
				return;
			}
			this.closed = true;
			if (!this.options.readOnly() && this.options.indexSnapshot()) {
				writeSnapshot();
			}
			try {
				this.channel.close();
			}
			catch (IOException ex) {
				logger.warn("Could not close {}", this.name, ex);
			}
			if (this.lockFile != null) {
				this.lockFile.close();
			}
			logger.info("Closed storage {}", this.name);
		}
		finally {
			this.fileLock.writeLock().unlock();
			if (locked) {
				this.commitLock.release();
			}
		}
	}

	private static long size(FileChannel channel) {
		try {
			return channel.size();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public String toString() {
		return "FileStorage[" + this.name + "]";
	}

	/**
	 * What the packer reads from: the channel, a reader on it, and the committed end and last tid.
	 *
	 * @param channel the data file
	 * @param reader reads records from it
	 * @param end the end of committed data
	 * @param lastTid the last committed tid
	 */
	record PackView(FileChannel channel, RecordReader reader, long end, long lastTid) {
	}

}
