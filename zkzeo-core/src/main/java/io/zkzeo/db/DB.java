package io.zkzeo.db;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.zkzeo.pickle.Global;
import io.zkzeo.pickle.RecordCodec;
import io.zkzeo.pickle.ReferenceScanner;
import io.zkzeo.storage.ConflictError;
import io.zkzeo.storage.InvalidationListener;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.POSKeyError;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An object database over a {@link Storage}, the counterpart of ZODB's {@code DB}: a pool of
 * {@link Connection}s, each with its own object cache, the invalidations that keep those caches current,
 * and {@link #transaction} to run work with retries on conflict.
 *
 * <p>On a storage without a root object, the database creates it (oid 0, an empty
 * {@code PersistentMapping}) in a transaction described {@code "initial database creation"}, as ZODB
 * does. Thread-safe.
 */
public final class DB implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(DB.class);

	private static final String ROOT_CREATION = "initial database creation";

	private final Storage storage;

	private final DbOptions options;

	private final RecordCodec codec = RecordCodec.generic();

	private final TypeResolver types;

	private final TransactionManager transactionManager = TransactionManager.threadBound();

	private final Semaphore permits;

	private final ArrayDeque<Connection> idle = new ArrayDeque<>();

	private final List<Connection> connections = new ArrayList<>();

	private final Object lock = new Object();

	private final InvalidationListener listener = new InvalidationListener() {

		@Override
		public void invalidated(Tid tid, Set<Oid> oids) {
			DB.this.invalidated(tid, oids);
		}

		@Override
		public boolean isNonBlocking() {
			return true;
		}

	};

	private final AtomicLong conflicts = new AtomicLong();

	private final AtomicLong retries = new AtomicLong();

	private volatile Tid lastSeen = Tid.ZERO;

	private volatile boolean closed;

	/**
	 * Opens a database with the default options.
	 * @param storage the storage, closed with the database
	 */
	public DB(Storage storage) {
		this(storage, DbOptions.defaults());
	}

	/**
	 * Opens a database.
	 * @param storage the storage, closed with the database
	 * @param options the options
	 */
	public DB(Storage storage, DbOptions options) {
		this.storage = Objects.requireNonNull(storage, "'storage' must not be null");
		this.options = Objects.requireNonNull(options, "'options' must not be null");
		this.types = new TypeResolver(options.types());
		this.permits = new Semaphore(options.poolSize(), true);
		storage.addInvalidationListener(this.listener);
		// asked without the lock: the listener takes it, and may be told on the thread this call waits for
		seen(storage.lastTransaction());
		createRootIfMissing();
		logger.info("Opened database on storage {}", storage.getName());
	}

	private void createRootIfMissing() {
		if (this.storage.isReadOnly()) {
			return;
		}
		try {
			this.storage.load(Oid.ROOT);
			return;
		}
		catch (POSKeyError ex) {
			// a new database
		}
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("data", new LinkedHashMap<>());
		byte[] record = this.codec.encode(new Global("persistent.mapping", "PersistentMapping"), state);
		TransactionMetaData transaction = TransactionMetaData.of("", ROOT_CREATION);
		this.storage.tpcBegin(transaction);
		try {
			this.storage.store(Oid.ROOT, Tid.ZERO, record, transaction);
			this.storage.vote(transaction);
			this.storage.tpcFinish(transaction);
		}
		catch (RuntimeException ex) {
			this.storage.tpcAbort(transaction);
			throw ex;
		}
		logger.info("Created the root object of storage {}", this.storage.getName());
	}

	/**
	 * Opens a connection whose transactions come from this database's thread-bound manager
	 * ({@link #transactionManager()}).
	 * @return the connection; close it to give it back
	 * @throws PoolExhaustedException if no connection becomes free within the pool timeout
	 */
	public Connection open() {
		return open(this.transactionManager);
	}

	/**
	 * Opens a connection whose transactions come from a given manager.
	 * @param manager the transaction manager
	 * @return the connection; close it to give it back
	 * @throws PoolExhaustedException if no connection becomes free within the pool timeout
	 */
	public Connection open(TransactionManager manager) {
		Objects.requireNonNull(manager, "'manager' must not be null");
		requireOpen();
		acquirePermit();
		Connection connection;
		synchronized (this.lock) {
			connection = this.idle.pollFirst();
			if (connection == null) {
				connection = new Connection(this, this.storage, this.codec, this.types, this.options.cacheSize(),
						this.options.prefetchLimit(), manager);
				this.connections.add(connection);
			}
		}
		try {
			connection.opened(manager);
		}
		catch (RuntimeException ex) {
			release(connection);
			throw ex;
		}
		return connection;
	}

	private void acquirePermit() {
		try {
			long timeout = this.options.poolTimeout().toNanos();
			if (!this.permits.tryAcquire(timeout, TimeUnit.NANOSECONDS)) {
				throw new PoolExhaustedException("All " + this.options.poolSize() + " connections to storage "
						+ this.storage.getName() + " stayed in use for " + this.options.poolTimeout());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PoolExhaustedException("Interrupted while waiting for a connection to " + this.storage.getName());
		}
	}

	void release(Connection connection) {
		synchronized (this.lock) {
			this.idle.addFirst(connection);
		}
		this.permits.release();
	}

	/**
	 * Runs work in a transaction on a connection of the pool and commits it. When the commit (or the work)
	 * fails with a {@link ConflictError}, the transaction is aborted and the work runs again, up to
	 * {@link DbOptions#conflictRetries()} times.
	 * @param <T> the result type
	 * @param work the work; it may run more than once
	 * @return what the work returned in the transaction that committed
	 * @throws ConflictError if the last retry conflicted too
	 */
	public <T extends @Nullable Object> T transaction(TransactionWork<T> work) {
		Objects.requireNonNull(work, "'work' must not be null");
		TransactionManager manager = new TransactionManager();
		try (Connection connection = open(manager)) {
			for (int attempt = 0;; attempt++) {
				manager.begin();
				try {
					T result = work.run(connection);
					manager.commit();
					return result;
				}
				catch (ConflictError ex) {
					manager.abort();
					if (attempt >= this.options.conflictRetries()) {
						throw ex;
					}
					this.retries.incrementAndGet();
					logger.debug("Retrying transaction after conflict on {}: {}", ex.getOid(), ex.getMessage());
				}
				catch (RuntimeException | Error ex) {
					manager.abort();
					throw ex;
				}
			}
		}
	}

	/**
	 * Packs the storage to a time: history before it is removed and objects no longer reachable from the
	 * root then are deleted, using the record codec's reference scanner.
	 * @param packTime the time to pack to
	 */
	public void pack(Instant packTime) {
		Objects.requireNonNull(packTime, "'packTime' must not be null");
		requireOpen();
		this.storage.pack(packTime, new ReferenceScanner());
	}

	/**
	 * Packs the storage to now.
	 */
	public void pack() {
		pack(Instant.now());
	}

	/**
	 * Returns the thread-bound transaction manager used by {@link #open()}.
	 * @return the manager
	 */
	public TransactionManager transactionManager() {
		return this.transactionManager;
	}

	/**
	 * Returns the storage.
	 * @return the storage
	 */
	public Storage storage() {
		return this.storage;
	}

	/**
	 * Returns the options.
	 * @return the options
	 */
	public DbOptions options() {
		return this.options;
	}

	/**
	 * Returns how many commits failed with a conflict that could not be resolved.
	 * @return the count since the database opened
	 */
	public long conflictCount() {
		return this.conflicts.get();
	}

	/**
	 * Returns how many times {@link #transaction} ran its work again after a conflict.
	 * @return the count since the database opened
	 */
	public long retryCount() {
		return this.retries.get();
	}

	/**
	 * Returns the number of connections currently open (not in the pool).
	 * @return the count
	 */
	public int openConnectionCount() {
		return this.options.poolSize() - this.permits.availablePermits();
	}

	/**
	 * Closes the database and its storage. Open connections must not be used afterwards.
	 */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.storage.removeInvalidationListener(this.listener);
		this.storage.close();
		logger.info("Closed database on storage {}", this.storage.getName());
	}

	Tid lastSeenTid() {
		return this.lastSeen;
	}

	void conflictSeen() {
		this.conflicts.incrementAndGet();
	}

	private void invalidated(Tid tid, Set<Oid> oids) {
		synchronized (this.lock) {
			for (Connection connection : this.connections) {
				connection.invalidated(tid, oids);
			}
			seen(tid);
		}
	}

	private void seen(Tid tid) {
		synchronized (this.lock) {
			if (tid.compareTo(this.lastSeen) > 0) {
				this.lastSeen = tid;
			}
		}
	}

	private void requireOpen() {
		if (this.closed) {
			throw new IllegalStateException("Database on storage " + this.storage.getName() + " is closed");
		}
	}

}
