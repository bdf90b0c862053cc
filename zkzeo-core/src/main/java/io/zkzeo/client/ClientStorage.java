package io.zkzeo.client;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.zkzeo.protocol.ClientDisconnectedException;
import io.zkzeo.protocol.PyValues;
import io.zkzeo.protocol.ZeoErrors;
import io.zkzeo.protocol.ZeoMethods;
import io.zkzeo.protocol.ZeoServerException;
import io.zkzeo.storage.CurrentRecord;
import io.zkzeo.storage.CurrentRecordIteration;
import io.zkzeo.storage.DataRevision;
import io.zkzeo.storage.HistoryEntry;
import io.zkzeo.storage.InvalidationListener;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.POSKeyError;
import io.zkzeo.storage.ReadOnlyError;
import io.zkzeo.storage.ReferenceFinder;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.StorageError;
import io.zkzeo.storage.StorageIterator;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import io.zkzeo.storage.UndoError;
import io.zkzeo.storage.UndoInfo;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Storage} served by a ZEO 5 storage server (zkzeo's or Python's) over the network: ZODB's
 * {@code ZEO.ClientStorage}.
 *
 * <p>It connects to every address it is given, registers on the first server that answers (writable preferred;
 * with {@link ClientOptions#readOnlyFallback()} a read-only one is used until a writable one appears), and
 * reconnects with a bounded backoff when the connection is lost. {@link #setAddresses} replaces the address list at
 * run time, switching servers if the current one is no longer listed. While disconnected, calls wait up to
 * {@link ClientOptions#waitTimeout()} for a connection, then fail with {@link ClientDisconnectedException}, a
 * transient error; loads answered by the cache keep working.
 *
 * <p>Loads fill a cache of object revisions bounded in bytes; the server's invalidations end cached revisions, so
 * loads of current data are answered locally. After a reconnect the cache is verified: kept if the server is at
 * the same transaction, trimmed by the server's list of changed objects if it can give one, dropped otherwise
 * (listeners are then told with {@link InvalidationListener#invalidatedAll}). Invalidation listeners hear of every
 * commit, this client's own included, in tid order, on a thread of their own.
 *
 * <p>Several transactions may be open at once. The first is sent to the server as it goes, as ZEO's client does;
 * the others are kept locally and sent when they vote, once the connection is free. All methods are thread-safe.
 */
public class ClientStorage implements Storage, CurrentRecordIteration {

	private static final Logger logger = LoggerFactory.getLogger(ClientStorage.class);

	private static final int UNDO_LOG_BATCH = 100;

	private final ClientOptions options;

	private final String name;

	private final ObjectCache cache;

	private final RecentTransactions recent = new RecentTransactions();

	private final InvalidationDispatcher dispatcher;

	private final EventLoopGroup group;

	private final ScheduledExecutorService connector;

	private final ConnectionManager manager;

	private final TransactionCoordinator commits;

	private final ReentrantLock oidLock = new ReentrantLock();

	private final OidPool oids = new OidPool();

	private volatile long length;

	private volatile long size;

	private volatile boolean supportsUndo;

	private volatile boolean closed;

	/**
	 * Creates a client storage and starts connecting. With {@link ClientOptions#waitForConnection()} (the default)
	 * it returns once connected.
	 * @param options the settings
	 * @throws ClientDisconnectedException if it must wait and no server is ready within
	 * {@link ClientOptions#waitTimeout()}
	 * @throws IllegalStateException if the options ask for the epoll transport and it is not available here
	 */
	public ClientStorage(ClientOptions options) {
		this.options = Objects.requireNonNull(options, "'options' must not be null");
		this.name = (options.name() != null) ? options.name() : options.storageName();
		this.cache = new ObjectCache(options.cacheSize());
		this.dispatcher = new InvalidationDispatcher(this.name);
		this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("zkzeo-client-" + this.name, true),
				options.transport().ioHandlerFactory());
		this.connector = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "zkzeo-client-connect-" + this.name);
			thread.setDaemon(true);
			return thread;
		});
		this.manager = new ConnectionManager(options, this.name, this.group, this.connector, new Events(),
				this::activate);
		this.commits = new TransactionCoordinator(this.name, this.manager, this.cache, this.recent, this.dispatcher,
				options.waitTimeout());
		this.manager.start();
		if (options.waitForConnection()) {
			try {
				this.manager.awaitActive(options.waitTimeout());
			}
			catch (ClientDisconnectedException ex) {
				close();
				throw new ClientDisconnectedException("Timed out waiting for a connection to ZEO storage " + this.name
						+ " at " + options.addresses() + " (" + options.waitTimeout() + ")");
			}
		}
	}

	// Connection management

	/**
	 * Replaces the servers this storage may use, as a ZooKeeper watcher does when servers come and go. If the
	 * server in use is no longer listed, the storage disconnects from it and connects to a listed one.
	 * @param addresses the servers now serving the storage; may be empty (calls then wait for addresses)
	 */
	public void setAddresses(List<InetSocketAddress> addresses) {
		Objects.requireNonNull(addresses, "'addresses' must not be null");
		this.manager.setAddresses(addresses);
	}

	/**
	 * Returns the servers this storage may use.
	 * @return the addresses last set
	 */
	public List<InetSocketAddress> getAddresses() {
		return this.manager.addresses();
	}

	/**
	 * Returns the server in use.
	 * @return its address, or {@code null} while disconnected
	 */
	public @Nullable InetSocketAddress getServerAddress() {
		ServerConnection connection = this.manager.active();
		return (connection != null) ? connection.address() : null;
	}

	/**
	 * Tells whether a server connection is ready for use.
	 * @return {@code true} if connected
	 */
	public boolean isConnected() {
		return this.manager.active() != null;
	}

	/**
	 * Returns the settings this storage was created with.
	 * @return the options
	 */
	public ClientOptions getOptions() {
		return this.options;
	}

	/**
	 * Returns the counters of the object cache.
	 * @return a snapshot of them
	 */
	public CacheStatistics cacheStatistics() {
		return this.cache.statistics();
	}

	private void activate(ServerConnection connection, @Nullable Tid registered) {
		Tid serverTid = (registered != null) ? registered
				: awaitRegistration(connection.call(ZeoMethods.LAST_TRANSACTION, PyValues::toTid));
		Tid cacheTid = this.cache.lastTid();
		Object invalidations = null;
		if (cacheTid != null && serverTid.isBefore(cacheTid)) {
			logger.error("Client cache of ZEO storage {} is at {} but server {} is only at {}; not using that server",
					this.name, cacheTid, connection.address(), serverTid);
			throw new StorageError("Client cache is out of sync with the server (cache at " + cacheTid + ", server at "
					+ serverTid + ")");
		}
		boolean quick = cacheTid != null && cacheTid.isBefore(serverTid);
		if (quick) {
			invalidations = awaitRegistration(
					connection.call(ZeoMethods.GET_INVALIDATIONS, (value) -> value, cacheTid.toBytes()));
		}
		Map<Object, @Nullable Object> info = awaitRegistration(connection.call(ZeoMethods.GET_INFO, PyValues::toMap));
		applyInfo(info);
		connection.setVoteAndFinish(PyValues.toBoolean(info.get(ZeoMethods.INFO_VOTE_AND_FINISH)));
		this.supportsUndo = PyValues.toBoolean(info.get("supportsUndo"));
		String label = this.options.clientLabel();
		if (label != null) {
			connection.sendAsync(ZeoMethods.SET_CLIENT_LABEL, label);
			connection.flush();
		}
		askOidsAhead(connection);
		Object result = invalidations;
		awaitRegistration(connection.activate(() -> verifyCache(connection, cacheTid, serverTid, quick, result)));
	}

	/**
	 * Asks a writable server for new oids as the connection becomes ready, without waiting for them, unless enough
	 * are at hand already: the first transaction adding objects then finds them here instead of waiting for two
	 * {@code new_oids} round trips in a row.
	 */
	private void askOidsAhead(ServerConnection connection) {
		if (!this.options.oidsOnConnect() || this.options.readOnly() || connection.isReadOnly()
				|| !this.oidLock.tryLock()) {
			// A caller holding the lock is waiting for oids itself, from the connection being activated.
			return;
		}
		try {
			while (this.oids.wantsRefill()) {
				this.oids.refillWith(askNewOids(connection));
			}
		}
		finally {
			this.oidLock.unlock();
		}
	}

	/** Returns how many new oids are at hand or asked for; for tests. */
	int oidsAhead() {
		this.oidLock.lock();
		try {
			return this.oids.aheadCount();
		}
		finally {
			this.oidLock.unlock();
		}
	}

	/**
	 * Brings the cache up to the server's state, on the connection's event loop before any invalidation it sent.
	 */
	private void verifyCache(ServerConnection connection, @Nullable Tid cacheTid, Tid serverTid, boolean quick,
			@Nullable Object invalidations) {
		if (cacheTid == null) {
			this.cache.clear();
			this.cache.advance(serverTid);
			return;
		}
		if (!quick) {
			logger.debug("Cache of ZEO storage {} is up to date with server {} at {}", this.name,
					connection.address(), serverTid);
			return;
		}
		if (invalidations == null) {
			logger.warn("Cache of ZEO storage {} at {} is too old for server {} at {}; dropping it", this.name,
					cacheTid, connection.address(), serverTid);
			this.cache.clear();
			this.recent.clear();
			if (this.cache.advance(serverTid)) {
				this.dispatcher.invalidatedAll(serverTid);
			}
			return;
		}
		List<@Nullable Object> pair = PyValues.toList(invalidations);
		Tid latest = PyValues.toTid(pair.get(0));
		List<Oid> oids = WireValues.oids(pair.get(1));
		Tid upTo = serverTid.isBefore(latest) ? latest : serverTid;
		boolean advanced;
		synchronized (this.cache) {
			for (Oid oid : oids) {
				this.cache.drop(oid);
			}
			advanced = this.cache.advance(upTo);
		}
		logger.info("Cache of ZEO storage {} verified with server {}: {} objects changed since {}", this.name,
				connection.address(), oids.size(), cacheTid);
		if (advanced) {
			this.dispatcher.invalidated(upTo, oids);
		}
	}

	private <T> T awaitRegistration(CompletableFuture<T> reply) {
		return this.manager.await(reply);
	}

	private void applyInfo(Map<Object, @Nullable Object> info) {
		Object newLength = info.get("length");
		if (newLength != null) {
			this.length = PyValues.toLong(newLength);
		}
		Object newSize = info.get("size");
		if (newSize != null) {
			this.size = PyValues.toLong(newSize);
		}
	}

	/** What the connections report, on their event loop. */
	private final class Events implements ConnectionEvents {

		@Override
		public void invalidated(ServerConnection connection, Tid tid, List<Oid> oids) {
			if (!ClientStorage.this.cache.invalidate(tid, oids)) {
				logger.debug("Ignoring invalidation {} from {}: already at {}", tid, connection.address(),
						ClientStorage.this.cache.lastTid());
				return;
			}
			ClientStorage.this.recent.put(tid, oids);
			ClientStorage.this.dispatcher.invalidated(tid, oids);
		}

		@Override
		public void info(ServerConnection connection, Map<Object, @Nullable Object> info) {
			applyInfo(info);
		}

		@Override
		public void closed(ServerConnection connection) {
			ClientStorage.this.commits.connectionClosed(connection);
		}


	}

	// Calls

	private ServerConnection connection() {
		if (this.closed) {
			throw new ClientDisconnectedException("ZEO storage " + this.name + " is closed");
		}
		return this.manager.awaitActive(this.options.waitTimeout());
	}

	/**
	 * Makes an idempotent call, repeating it on the next connection if the connection is lost before the reply,
	 * for as long as the wait timeout allows.
	 */
	private <T> T read(Function<ServerConnection, CompletableFuture<T>> call) {
		long deadline = System.nanoTime() + this.options.waitTimeout().toNanos();
		while (true) {
			ServerConnection connection = connection();
			try {
				return Replies.await(call.apply(connection));
			}
			catch (ClientDisconnectedException ex) {
				if (this.closed || System.nanoTime() - deadline > 0 || Thread.currentThread().isInterrupted()) {
					throw ex;
				}
				logger.debug("Retrying a call to ZEO storage {} after: {}", this.name, ex.getMessage());
			}
		}
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public boolean isReadOnly() {
		if (this.options.readOnly()) {
			return true;
		}
		ServerConnection connection = this.manager.active();
		return connection != null && connection.isReadOnly();
	}

	private void checkWritable() {
		if (isReadOnly()) {
			throw new ReadOnlyError(this.name);
		}
	}

	@Override
	public boolean supportsUndo() {
		awaitFirstConnection();
		return this.supportsUndo;
	}

	@Override
	public long getSize() {
		awaitFirstConnection();
		return this.size;
	}

	@Override
	public long objectCount() {
		awaitFirstConnection();
		return this.length;
	}

	private void awaitFirstConnection() {
		if (this.cache.lastTid() == null) {
			connection();
		}
	}

	@Override
	public DataRevision load(Oid oid) {
		DataRevision revision = loadBefore(oid, Tid.MAX);
		if (revision == null) {
			throw new POSKeyError(oid);
		}
		return revision;
	}

	@Override
	public @Nullable DataRevision loadBefore(Oid oid, Tid before) {
		Objects.requireNonNull(oid, "'oid' must not be null");
		Objects.requireNonNull(before, "'before' must not be null");
		DataRevision cached = this.cache.loadBefore(oid, before);
		if (cached != null) {
			return cached;
		}
		DataRevision loaded;
		this.cache.loadStarting(oid);
		try {
			loaded = read((connection) -> connection.loadBefore(oid, before, (value) -> loaded(oid, value)));
		}
		finally {
			this.cache.loadFinished(oid);
		}
		return (loaded != null) ? new DataRevision(loaded.data().clone(), loaded.start(), loaded.end()) : null;
	}

	/** Reads a {@code loadBefore} reply and caches it, on the event loop, in order with invalidations. */
	private @Nullable DataRevision loaded(Oid oid, @Nullable Object value) {
		if (value == null) {
			return null;
		}
		List<@Nullable Object> fields = PyValues.toList(value);
		byte[] data = PyValues.toBytes(fields.get(0));
		Tid start = PyValues.toTid(fields.get(1));
		Tid end = PyValues.toNullableTid(fields.get(2));
		this.cache.storeLoaded(oid, data, start, end);
		return new DataRevision(data, start, end);
	}

	/**
	 * Loads many objects as of a tid into the cache in one round of pipelined calls, as ZEO's {@code prefetch}
	 * does: one {@code loadBefore} per object not already cached, all sent before any reply is awaited.
	 * @param oids the objects
	 * @param before the tid to load before ({@link Tid#MAX} for current data)
	 * @return done when every reply has arrived; objects that do not exist are skipped
	 */
	@Override
	public CompletableFuture<Void> prefetch(Collection<Oid> oids, Tid before) {
		Objects.requireNonNull(oids, "'oids' must not be null");
		Objects.requireNonNull(before, "'before' must not be null");
		ServerConnection connection = connection();
		List<Oid> missing = new ArrayList<>();
		for (Oid oid : new LinkedHashSet<>(oids)) {
			if (!this.cache.contains(oid, before)) {
				this.cache.loadStarting(oid);
				missing.add(oid);
			}
		}
		List<CompletableFuture<@Nullable DataRevision>> replies = connection.loadBefore(missing, before,
				(oid) -> (value) -> loaded(oid, value),
				(oid) -> this.cache.contains(oid, before) ? this.cache.loadBefore(oid, before) : null);
		CompletableFuture<?>[] loads = new CompletableFuture<?>[replies.size()];
		for (int i = 0; i < loads.length; i++) {
			Oid oid = missing.get(i);
			loads[i] = replies.get(i).whenComplete((value, ex) -> this.cache.loadFinished(oid)).exceptionally((ex) -> null);
		}
		return CompletableFuture.allOf(loads);
	}

	@Override
	public byte[] loadSerial(Oid oid, Tid serial) {
		Objects.requireNonNull(oid, "'oid' must not be null");
		Objects.requireNonNull(serial, "'serial' must not be null");
		return read((connection) -> connection.call(ZeoMethods.LOAD_SERIAL, PyValues::toBytes, oid.toBytes(),
				serial.toBytes()));
	}

	@Override
	public List<HistoryEntry> history(Oid oid, int size) {
		Objects.requireNonNull(oid, "'oid' must not be null");
		if (size < 0) {
			throw new IllegalArgumentException("History size must not be negative, not " + size);
		}
		return read((connection) -> connection.call(ZeoMethods.HISTORY, WireValues::history, oid.toBytes(),
				(long) size));
	}

	/**
	 * {@inheritDoc}
	 * <p>Asks the server ({@code record_iternext}); the {@code ValueError} a server answers past the last
	 * object reads as {@code null}.
	 * @throws UnsupportedOperationException if the server's storage cannot walk its current records
	 */
	@Override
	public @Nullable CurrentRecord recordIterNext(@Nullable Oid next) {
		try {
			return read((connection) -> connection.call(ZeoMethods.RECORD_ITERNEXT, WireValues::currentRecord,
					(next != null) ? next.toBytes() : null));
		}
		catch (ZeoServerException ex) {
			if (ZeoErrors.VALUE_ERROR.equals(ex.getClassName())) {
				return null;
			}
			if (ZeoErrors.ATTRIBUTE_ERROR.equals(ex.getClassName())) {
				throw new UnsupportedOperationException(
						"The storage of ZEO server " + this.name + " does not support record_iternext", ex);
			}
			throw ex;
		}
	}

	/**
	 * Returns the tid of the current revision of an object, asking the server (ZEO's {@code getTid}).
	 * @param oid the object
	 * @return its current serial
	 * @throws POSKeyError if it does not exist
	 */
	public Tid getTid(Oid oid) {
		Objects.requireNonNull(oid, "'oid' must not be null");
		return read((connection) -> connection.call(ZeoMethods.GET_TID, PyValues::toTid, oid.toBytes()));
	}

	/**
	 * Returns the server's statistics for this storage ({@code server_status}).
	 * @return the counters by name, as the server sent them
	 */
	public Map<String, @Nullable Object> serverStatus() {
		Map<Object, @Nullable Object> status = read(
				(connection) -> connection.call(ZeoMethods.SERVER_STATUS, PyValues::toMap));
		Map<String, @Nullable Object> byName = new LinkedHashMap<>();
		status.forEach((key, value) -> byName.put(String.valueOf(key), value));
		return byName;
	}

	/**
	 * Makes a round trip to the server ({@code ping}) and waits until every invalidation it sent before the reply
	 * has reached the listeners.
	 */
	public void sync() {
		read((connection) -> connection.call(ZeoMethods.PING, (value) -> value));
		this.dispatcher.awaitDelivery(this.dispatcher.barrier(), this.options.waitTimeout());
	}

	/**
	 * Returns the last transaction this client knows of: from the server when it connected, then from
	 * invalidations and its own commits (ZEO answers it from the cache too).
	 */
	@Override
	public Tid lastTransaction() {
		Tid last = this.cache.lastTid();
		if (last == null) {
			connection();
			last = this.cache.lastTid();
		}
		return (last != null) ? last : Tid.ZERO;
	}

	@Override
	public Oid newOid() {
		checkWritable();
		this.oidLock.lock();
		try {
			Oid oid = this.oids.take(() -> read(ClientStorage::askNewOids));
			if (this.oids.wantsRefill()) {
				ServerConnection connection = this.manager.active();
				if (connection != null) {
					this.oids.refillWith(askNewOids(connection));
				}
			}
			return oid;
		}
		finally {
			this.oidLock.unlock();
		}
	}

	private static CompletableFuture<List<Oid>> askNewOids(ServerConnection connection) {
		return connection.call(ZeoMethods.NEW_OIDS, WireValues::oids);
	}

	@Override
	public List<Oid> newOids(int count) {
		if (count < 0) {
			throw new IllegalArgumentException("Oid count must not be negative, not " + count);
		}
		return Storage.super.newOids(count);
	}

	// Two-phase commit

	@Override
	public void tpcBegin(TransactionMetaData txn) {
		Objects.requireNonNull(txn, "'txn' must not be null");
		checkWritable();
		this.commits.begin(txn);
	}

	@Override
	public void store(Oid oid, Tid serial, byte[] data, TransactionMetaData txn) {
		Objects.requireNonNull(oid, "'oid' must not be null");
		Objects.requireNonNull(serial, "'serial' must not be null");
		Objects.requireNonNull(data, "'data' must not be null");
		Objects.requireNonNull(txn, "'txn' must not be null");
		checkWritable();
		if (data.length == 0) {
			throw new IllegalArgumentException("Empty record for oid " + oid);
		}
		this.commits.add(txn, "store", new ClientTransaction.Store(oid, serial, data.clone()));
	}

	@Override
	public void restore(Oid oid, Tid serial, byte @Nullable [] data, @Nullable Tid prevTxn, TransactionMetaData txn) {
		Objects.requireNonNull(oid, "'oid' must not be null");
		Objects.requireNonNull(serial, "'serial' must not be null");
		Objects.requireNonNull(txn, "'txn' must not be null");
		checkWritable();
		this.commits.add(txn, "restore",
				new ClientTransaction.Restore(oid, serial, (data != null) ? data.clone() : null, prevTxn));
	}

	@Override
	public void checkCurrentSerialInTransaction(Oid oid, Tid serial, TransactionMetaData txn) {
		Objects.requireNonNull(oid, "'oid' must not be null");
		Objects.requireNonNull(serial, "'serial' must not be null");
		Objects.requireNonNull(txn, "'txn' must not be null");
		checkWritable();
		this.commits.add(txn, "checkCurrentSerialInTransaction", new ClientTransaction.CheckCurrent(oid, serial));
	}

	/**
	 * Undoes a transaction. The objects it changed come from this client's record of recent transactions (its
	 * own commits and invalidations), or else from the server's iterator; the undo itself is checked at vote.
	 */
	@Override
	public List<Oid> undo(Tid transactionId, TransactionMetaData txn) {
		Objects.requireNonNull(transactionId, "'transactionId' must not be null");
		Objects.requireNonNull(txn, "'txn' must not be null");
		checkWritable();
		return this.commits.undo(transactionId, txn, this::lookUpChangedOids);
	}

	private List<Oid> lookUpChangedOids(Tid transactionId) {
		try (StorageIterator transactions = iterator(transactionId, transactionId)) {
			if (!transactions.hasNext()) {
				throw new UndoError("Undo of unknown transaction " + transactionId, null);
			}
			List<Oid> oids = new ArrayList<>();
			transactions.next().records().forEach((record) -> oids.add(record.oid()));
			return oids;
		}
	}

	@Override
	public Set<Oid> vote(TransactionMetaData txn) {
		Objects.requireNonNull(txn, "'txn' must not be null");
		checkWritable();
		return this.commits.vote(txn);
	}

	/**
	 * {@inheritDoc}
	 * <p>Where the server offers zkzeo's {@code vote_and_finish}, the vote is that call, and the transaction is
	 * committed when {@link #vote} returns. Otherwise the client sends {@code tpc_finish} from the connection's
	 * I/O thread the moment the vote's reply arrives, instead of waking the caller to send it.
	 */
	@Override
	public void finishAfterVote(TransactionMetaData txn) {
		Objects.requireNonNull(txn, "'txn' must not be null");
		this.commits.finishAfterVote(txn);
	}

	@Override
	public Tid tpcFinish(TransactionMetaData txn) {
		Objects.requireNonNull(txn, "'txn' must not be null");
		checkWritable();
		return this.commits.finish(txn);
	}

	@Override
	public void tpcAbort(TransactionMetaData txn) {
		Objects.requireNonNull(txn, "'txn' must not be null");
		this.commits.abort(txn);
	}

	// Iteration, undo log, pack

	@Override
	public StorageIterator iterator(@Nullable Tid start, @Nullable Tid stop) {
		ServerConnection connection = connection();
		long iteratorId = Replies.await(connection.call(ZeoMethods.ITERATOR_START, PyValues::toLong,
				(start != null) ? start.toBytes() : null, (stop != null) ? stop.toBytes() : null));
		return new ClientIterator(connection, iteratorId);
	}

	@Override
	public List<UndoInfo> undoLog(int first, int last, @Nullable Predicate<UndoInfo> filter) {
		int end = (last < 0) ? first - last : last;
		if (filter == null) {
			return read((connection) -> connection.call(ZeoMethods.UNDO_LOG, WireValues::undoInfos, (long) first,
					(long) end));
		}
		int wanted = end - first;
		List<UndoInfo> matching = new ArrayList<>();
		int skipped = 0;
		long offset = 0;
		while (matching.size() < wanted) {
			long from = offset;
			List<UndoInfo> page = read((connection) -> connection.call(ZeoMethods.UNDO_LOG, WireValues::undoInfos,
					from, from + UNDO_LOG_BATCH));
			for (UndoInfo info : page) {
				if (filter.test(info)) {
					if (skipped < first) {
						skipped++;
					}
					else if (matching.size() < wanted) {
						matching.add(info);
					}
				}
			}
			if (page.size() < UNDO_LOG_BATCH) {
				break;
			}
			offset += UNDO_LOG_BATCH;
		}
		return matching;
	}

	/**
	 * Asks the server to pack and waits for it. The reference finder is not used: the server scans with its own.
	 * Cached history is dropped afterwards, since pack may have removed it.
	 */
	@Override
	public void pack(Instant packTime, ReferenceFinder references) {
		Objects.requireNonNull(packTime, "'packTime' must not be null");
		checkWritable();
		double time = WireValues.packTime(packTime);
		read((connection) -> connection.call(ZeoMethods.PACK, (value) -> value, time, 1L));
		this.cache.clear();
	}

	// Listeners and lifecycle

	@Override
	public void addInvalidationListener(InvalidationListener listener) {
		this.dispatcher.add(Objects.requireNonNull(listener, "'listener' must not be null"));
	}

	@Override
	public void removeInvalidationListener(InvalidationListener listener) {
		this.dispatcher.remove(listener);
	}

	/**
	 * Aborts open transactions, closes the connections and stops the storage's threads.
	 */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		for (TransactionMetaData txn : this.commits.openTransactions()) {
			try {
				tpcAbort(txn);
			}
			catch (RuntimeException ex) {
				logger.debug("Could not abort {} while closing: {}", txn, ex.getMessage());
			}
		}
		this.closed = true;
		this.manager.close();
		this.connector.shutdownNow();
		this.group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
		this.dispatcher.close();
	}

	@Override
	public String toString() {
		return "ClientStorage[" + this.name + ", " + (isConnected() ? "connected to " + getServerAddress()
				: "disconnected") + "]";
	}

}
