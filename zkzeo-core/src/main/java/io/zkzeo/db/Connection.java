package io.zkzeo.db;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.zkzeo.pickle.Global;
import io.zkzeo.pickle.ObjectRecord;
import io.zkzeo.pickle.PersistentReference;
import io.zkzeo.pickle.PickleBytes;
import io.zkzeo.pickle.PickleException;
import io.zkzeo.pickle.PickleTuple;
import io.zkzeo.pickle.PickleWriter;
import io.zkzeo.pickle.RecordCodec;
import io.zkzeo.storage.ConflictError;
import io.zkzeo.storage.DataRevision;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.POSKeyError;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A view of the database for one thread at a time, the counterpart of ZODB's {@code Connection}: it
 * loads objects into its own cache, tracks the changes made to them and writes them when its
 * transaction commits.
 *
 * <p>Each transaction sees one consistent snapshot: the database as of the last transaction committed
 * before it began. Objects are loaded with {@link Storage#loadBefore} at that point; changes committed by
 * others are applied to the cache (changed objects become ghosts) when the next transaction begins. Get a
 * connection from {@link DB#open()} and give it back with {@link #close()}.
 */
public final class Connection implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(Connection.class);

	private static final int MAX_RESOLUTION_ROUNDS = 100;

	private static final int MAX_QUEUED_INVALIDATIONS = 10_000;

	private final DB db;

	private final Storage storage;

	private final RecordCodec codec;

	/** Writes this connection's records, one at a time; made at the first. */
	private @Nullable PickleWriter recordWriter;

	private final TypeResolver types;

	final ObjectCache cache;

	private final Object invalidationLock = new Object();

	private final ArrayDeque<Invalidation> invalidations = new ArrayDeque<>();

	private boolean invalidateAll;

	private Tid invalidateAllThrough = Tid.ZERO;

	private TransactionManager transactionManager;

	private TransactionManager.@Nullable Slot synchronizerSlot;

	private @Nullable Transaction current;

	private @Nullable Transaction joined;

	private Tid snapshot = Tid.ZERO;

	private Tid before = Tid.ZERO.next();

	private final List<Persistent> modified = new ArrayList<>();

	private final List<Persistent> added = new ArrayList<>();

	private final Map<Oid, Tid> readCurrent = new LinkedHashMap<>();

	private @Nullable ArrayDeque<Persistent> commitStack;

	private @Nullable List<PendingStore> pending;

	private @Nullable TransactionMetaData storageTransaction;

	private boolean open;

	private final int prefetchLimit;

	/** While a state is being applied: the referenced objects not loaded yet, to fetch ahead; else {@code null}. */
	private @Nullable List<Oid> unloadedReferences;

	Connection(DB db, Storage storage, RecordCodec codec, TypeResolver types, int cacheSize, int prefetchLimit,
			TransactionManager transactionManager) {
		this.db = db;
		this.storage = storage;
		this.codec = codec;
		this.types = types;
		this.cache = new ObjectCache(cacheSize);
		this.prefetchLimit = prefetchLimit;
		this.transactionManager = transactionManager;
	}

	/**
	 * Returns the root object (oid 0), a {@link PersistentMap} in every ZODB database.
	 * @return the root
	 */
	@SuppressWarnings("unchecked")
	public PersistentMap<String, Object> root() {
		Persistent root = get(Oid.ROOT);
		if (!(root instanceof PersistentMap<?, ?> map)) {
			throw new IllegalStateException("Root object is a " + root.getClass().getName() + ", not a PersistentMap");
		}
		return (PersistentMap<String, Object>) map;
	}

	/**
	 * Returns the object with an oid, loaded, from the cache or the database.
	 * @param oid the object id
	 * @return the object
	 * @throws POSKeyError if no such object exists in this transaction's snapshot
	 */
	public Persistent get(Oid oid) {
		Objects.requireNonNull(oid, "'oid' must not be null");
		ensureTransaction();
		Persistent object = this.cache.get(oid.value());
		if (object == null) {
			DataRevision revision = loadRevision(oid);
			Global type = this.codec.decodeType(revision.data());
			object = newGhost(oid, type);
			apply(object, revision);
		}
		else if (object.persistentState == Persistent.GHOST) {
			activate(object);
		}
		return object;
	}

	/**
	 * Returns the object a reference points to, as {@link #get(Oid)} does.
	 * @param reference a reference read from a state (for example from a {@link GenericPersistent})
	 * @return the object
	 */
	public Persistent get(PersistentReference reference) {
		return get(reference.oid());
	}

	/**
	 * Adds a new object: it gets an oid now and is stored when the transaction commits. Objects
	 * reachable from a stored object are added at commit without this call.
	 * @param object a new object, or one already in this connection (then nothing happens)
	 * @throws IllegalArgumentException if the object belongs to another connection
	 */
	public void add(Persistent object) {
		Objects.requireNonNull(object, "'object' must not be null");
		requireOpen();
		if (object.jar == this) {
			return;
		}
		if (object.jar != null) {
			throw new IllegalArgumentException("Object " + object + " belongs to another connection");
		}
		ensureJoined();
		adopt(object);
	}

	/**
	 * Asks that the commit fail with {@link io.zkzeo.storage.ReadConflictError} unless the object is still
	 * current when the transaction commits (ZODB's {@code readCurrent}), for objects a decision depends on
	 * without changing them.
	 * @param object an object of this connection
	 */
	public void readCurrent(Persistent object) {
		Objects.requireNonNull(object, "'object' must not be null");
		if (object.jar != this || object.oid == null) {
			throw new IllegalArgumentException("Object " + object + " is not stored in this connection");
		}
		if (object.persistentState == Persistent.GHOST) {
			activate(object);
		}
		if (object.serial.value() != 0) {
			ensureJoined();
			this.readCurrent.putIfAbsent(object.oid, object.serial);
		}
	}

	/**
	 * Returns the transaction manager this connection's transactions come from.
	 * @return the manager
	 */
	public TransactionManager transactionManager() {
		return this.transactionManager;
	}

	/**
	 * Commits the current transaction of this connection's manager.
	 */
	public void commit() {
		this.transactionManager.commit();
	}

	/**
	 * Aborts the current transaction of this connection's manager.
	 */
	public void abort() {
		this.transactionManager.abort();
	}

	/**
	 * Returns the database.
	 * @return the database
	 */
	public DB db() {
		return this.db;
	}

	/**
	 * Returns the tid of the snapshot the current transaction reads.
	 * @return the last transaction visible, {@link Tid#ZERO} for an empty storage
	 */
	public Tid snapshotTid() {
		return this.snapshot;
	}

	/**
	 * Returns the number of loaded (non-ghost) objects in the cache.
	 * @return the count
	 */
	public int cacheLoadedCount() {
		return this.cache.loadedCount();
	}

	/**
	 * Turns every unchanged loaded object into a ghost ({@code cacheMinimize}).
	 */
	public void cacheMinimize() {
		this.cache.shrinkTo(0);
	}

	/**
	 * Tells whether the connection is open (not returned to the pool).
	 * @return {@code true} while open
	 */
	public boolean isOpen() {
		return this.open;
	}

	/**
	 * Gives the connection back to the database's pool. Its cache is kept for the next user.
	 * @throws IllegalStateException if the connection has uncommitted changes
	 */
	@Override
	public void close() {
		if (!this.open) {
			return;
		}
		if (this.joined != null && (!this.modified.isEmpty() || !this.added.isEmpty())) {
			throw new IllegalStateException("Cannot close a connection with uncommitted changes: commit or abort first");
		}
		if (this.joined != null) {
			this.joined.leave(this);
			clearTransactionState();
		}
		if (this.synchronizerSlot != null) {
			this.synchronizerSlot.unregister(this);
			this.synchronizerSlot = null;
		}
		this.current = null;
		this.open = false;
		this.db.release(this);
	}

	Storage storage() {
		return this.storage;
	}

	// ---- life cycle, called by DB and TransactionManager

	void opened(TransactionManager manager) {
		this.transactionManager = manager;
		this.synchronizerSlot = manager.registerSynchronizer(this);
		this.open = true;
		this.current = null;
		synchronize();
	}

	void newTransaction(Transaction transaction) {
		this.current = transaction;
		synchronize();
	}

	void afterCompletion(Transaction transaction) {
		if (this.joined == transaction) {
			this.joined = null;
		}
		synchronize();
		this.cache.shrink();
	}

	void invalidated(Tid tid, Set<Oid> oids) {
		synchronized (this.invalidationLock) {
			if (this.invalidateAll || this.invalidations.size() >= MAX_QUEUED_INVALIDATIONS) {
				this.invalidateAll = true;
				this.invalidateAllThrough = tid;
				this.invalidations.clear();
				return;
			}
			this.invalidations.add(new Invalidation(tid, oids));
		}
	}

	/**
	 * Moves to the newest snapshot: applies the invalidations up to it (entries of later transactions stay
	 * queued for the next snapshot, since objects may still be loaded as of this one).
	 */
	private void synchronize() {
		Tid last = this.db.lastSeenTid();
		List<Invalidation> due = new ArrayList<>();
		boolean all;
		synchronized (this.invalidationLock) {
			all = this.invalidateAll;
			if (all && this.invalidateAllThrough.compareTo(last) <= 0) {
				this.invalidateAll = false;
			}
			while (!this.invalidations.isEmpty() && this.invalidations.peekFirst().tid.compareTo(last) <= 0) {
				due.add(this.invalidations.pollFirst());
			}
		}
		if (all) {
			for (Persistent object : this.cache.loadedObjects()) {
				if (object.persistentState == Persistent.SAVED) {
					this.cache.ghostify(object);
				}
			}
		}
		for (Invalidation invalidation : due) {
			for (Oid oid : invalidation.oids) {
				Persistent object = this.cache.get(oid.value());
				if (object != null && object.persistentState == Persistent.SAVED
						&& !object.serial.equals(invalidation.tid)) {
					this.cache.ghostify(object);
				}
			}
		}
		this.snapshot = last;
		this.before = last.next();
	}

	private void ensureTransaction() {
		requireOpen();
		Transaction transaction = this.transactionManager.get();
		if (transaction != this.current) {
			newTransaction(transaction);
		}
	}

	private void ensureJoined() {
		requireOpen();
		Transaction transaction = this.transactionManager.get();
		if (transaction != this.current) {
			newTransaction(transaction);
		}
		if (this.joined != transaction) {
			transaction.join(this);
			this.joined = transaction;
		}
	}

	private void requireOpen() {
		if (!this.open) {
			throw new IllegalStateException("Connection is closed");
		}
	}

	// ---- loading

	void activate(Persistent object) {
		Oid oid = Objects.requireNonNull(object.oid);
		apply(object, loadRevision(oid));
	}

	private DataRevision loadRevision(Oid oid) {
		DataRevision revision = this.storage.loadBefore(oid, this.before);
		if (revision == null) {
			throw new POSKeyError(oid);
		}
		return revision;
	}

	private void apply(Persistent object, DataRevision revision) {
		ObjectRecord record = this.codec.decode(revision.data());
		object.persistentState = Persistent.SAVED;
		object.serial = revision.start();
		List<Oid> unloaded = (this.prefetchLimit > 0 && object.prefetchesReferences()) ? new ArrayList<>() : null;
		this.unloadedReferences = unloaded;
		try {
			if (object instanceof GenericPersistent generic) {
				generic.classMetadata(record.classMetadata());
			}
			object.applyState(resolve(record.state(), new IdentityHashMap<>(8)));
		}
		catch (RuntimeException ex) {
			object.persistentState = Persistent.GHOST;
			throw ex;
		}
		finally {
			this.unloadedReferences = null;
		}
		this.cache.touch(object);
		this.cache.shrinkIfFar();
		if (unloaded != null && !unloaded.isEmpty() && unloaded.size() <= this.prefetchLimit) {
			prefetch(unloaded);
		}
	}

	private void prefetch(List<Oid> oids) {
		try {
			this.storage.prefetch(oids, this.before);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not fetch {} objects ahead; they load when used", oids.size(), ex);
		}
	}

	private void noteUnloaded(Oid oid) {
		List<Oid> unloaded = this.unloadedReferences;
		if (unloaded != null && unloaded.size() <= this.prefetchLimit) {
			unloaded.add(oid);
		}
	}

	private Persistent newGhost(Oid oid, Global type) {
		Persistent object = this.types.newGhost(type);
		object.jar = this;
		object.oid = oid;
		object.persistentState = Persistent.GHOST;
		this.cache.put(oid.value(), object);
		return object;
	}

	private Object referenced(PersistentReference reference) {
		if (!reference.isFollowedByPack() || reference.database() != null) {
			return reference;
		}
		Oid oid = reference.oid();
		Persistent object = this.cache.get(oid.value());
		if (object != null) {
			if (object.persistentState == Persistent.GHOST) {
				noteUnloaded(oid);
			}
			return object;
		}
		noteUnloaded(oid);
		Global type = reference.type();
		if (type == null) {
			type = this.codec.decodeType(loadRevision(oid).data());
		}
		return newGhost(oid, type);
	}

	/** Replaces the references in a decoded state by persistent objects, keeping shared values shared. */
	@SuppressWarnings("unchecked")
	private @Nullable Object resolve(@Nullable Object value, IdentityHashMap<Object, Object> done) {
		if (value instanceof PersistentReference reference) {
			return referenced(reference);
		}
		if (value instanceof PickleTuple tuple) {
			Object known = done.get(tuple);
			if (known != null) {
				return known;
			}
			Object[] items = null;
			for (int i = 0; i < tuple.size(); i++) {
				Object item = tuple.get(i);
				Object resolved = resolve(item, done);
				if (resolved != item && items == null) {
					items = tuple.toArray();
				}
				if (items != null) {
					items[i] = resolved;
				}
			}
			Object result = (items != null) ? PickleTuple.of(items) : tuple;
			done.put(tuple, result);
			return result;
		}
		if (value instanceof ArrayList<?> list) {
			if (done.put(list, list) == null) {
				List<Object> items = (List<Object>) list;
				for (int i = 0; i < items.size(); i++) {
					items.set(i, resolve(items.get(i), done));
				}
			}
			return list;
		}
		if (value instanceof LinkedHashMap<?, ?> map) {
			Object known = done.get(map);
			if (known != null) {
				return known;
			}
			done.put(map, map);
			boolean keysChange = false;
			for (Object key : map.keySet()) {
				if (key instanceof PersistentReference) {
					keysChange = true;
					break;
				}
			}
			Map<Object, Object> entries = (Map<Object, Object>) map;
			if (!keysChange) {
				entries.replaceAll((key, item) -> resolve(item, done));
				return map;
			}
			LinkedHashMap<Object, Object> rebuilt = new LinkedHashMap<>();
			done.put(map, rebuilt);
			for (Map.Entry<Object, Object> entry : entries.entrySet()) {
				rebuilt.put(resolve(entry.getKey(), done), resolve(entry.getValue(), done));
			}
			return rebuilt;
		}
		return value;
	}

	// ---- changes and commit

	void register(Persistent object) {
		ensureJoined();
		this.modified.add(object);
	}

	private void adopt(Persistent object) {
		Oid oid = this.storage.newOid();
		object.jar = this;
		object.oid = oid;
		object.serial = Tid.ZERO;
		object.persistentState = Persistent.CHANGED;
		this.cache.put(oid.value(), object);
		this.added.add(object);
		if (this.commitStack != null) {
			this.commitStack.add(object);
		}
	}

	/**
	 * Stores the transaction's changes and votes, resolving conflicts where the objects allow it.
	 * @param transaction the transaction
	 * @param onePhase whether this connection is the transaction's only resource, so that a successful vote is
	 * followed by {@link #finish} at once (the storage is told, and may start finishing early)
	 */
	void prepare(Transaction transaction, boolean onePhase) {
		List<PendingStore> stores = encodeChanges();
		this.pending = stores;
		TransactionMetaData metaData = transaction.metaData();
		for (int round = 0;; round++) {
			this.storageTransaction = metaData;
			try {
				this.storage.tpcBegin(metaData);
				for (PendingStore store : stores) {
					storeResolving(store, metaData);
				}
				for (Map.Entry<Oid, Tid> read : this.readCurrent.entrySet()) {
					if (!isStored(stores, read.getKey())) {
						this.storage.checkCurrentSerialInTransaction(read.getKey(), read.getValue(), metaData);
					}
				}
				if (onePhase) {
					this.storage.finishAfterVote(metaData);
				}
				for (Oid resolved : this.storage.vote(metaData)) {
					for (PendingStore store : stores) {
						if (store.oid.equals(resolved)) {
							store.resolved = true;
						}
					}
				}
				return;
			}
			catch (ConflictError ex) {
				this.storage.tpcAbort(metaData);
				this.storageTransaction = null;
				if (round >= MAX_RESOLUTION_ROUNDS || !resolve(ex, stores)) {
					this.db.conflictSeen();
					throw ex;
				}
				metaData = transaction.metaData();
			}
		}
	}

	private static boolean isStored(List<PendingStore> stores, Oid oid) {
		for (PendingStore store : stores) {
			if (store.oid.equals(oid)) {
				return true;
			}
		}
		return false;
	}

	private void storeResolving(PendingStore store, TransactionMetaData metaData) {
		try {
			this.storage.store(store.oid, store.serial, store.data, metaData);
		}
		catch (ConflictError ex) {
			if (!resolve(ex, List.of(store))) {
				throw ex;
			}
			this.storage.store(store.oid, store.serial, store.data, metaData);
		}
	}

	private boolean resolve(ConflictError conflict, List<PendingStore> stores) {
		Oid oid = conflict.getOid();
		if (oid == null || conflict instanceof io.zkzeo.storage.ReadConflictError) {
			return false;
		}
		for (PendingStore store : stores) {
			if (store.oid.equals(oid) && store.object instanceof ConflictResolution resolver
					&& store.serial.value() != 0) {
				try {
					DataRevision committed = this.storage.load(oid);
					if (committed.serial().equals(store.serial)) {
						return false;
					}
					ObjectRecord old = this.codec.decode(this.storage.loadSerial(oid, store.serial));
					ObjectRecord theirs = this.codec.decode(committed.data());
					ObjectRecord ours = this.codec.decode(store.data);
					Object merged = resolver.resolveConflict(old.state(), theirs.state(), ours.state());
					store.data = this.codec.encode(ours.classMetadata(), merged);
					store.serial = committed.serial();
					store.resolved = true;
					logger.debug("Resolved conflict on {} in storage {}", oid, this.storage.getName());
					return true;
				}
				catch (ConflictError ex) {
					logger.debug("Cannot resolve conflict on {}: {}", oid, ex.getMessage());
					return false;
				}
			}
		}
		return false;
	}

	private List<PendingStore> encodeChanges() {
		ArrayDeque<Persistent> stack = new ArrayDeque<>(this.modified.size() + this.added.size());
		stack.addAll(this.modified);
		stack.addAll(this.added);
		this.commitStack = stack;
		List<PendingStore> stores = new ArrayList<>(stack.size());
		try {
			Persistent object;
			while ((object = stack.poll()) != null) {
				if (object.encoding || object.persistentState == Persistent.GHOST || object.jar != this) {
					continue;
				}
				byte[] data = encode(object);
				object.encoding = true;
				stores.add(new PendingStore(object, Objects.requireNonNull(object.oid), object.serial, data));
			}
		}
		finally {
			this.commitStack = null;
			for (PendingStore store : stores) {
				store.object.encoding = false;
			}
		}
		return stores;
	}

	/**
	 * Pickles an object's record. Persistent objects in its state are written as references, as Python's
	 * {@code persistent_id} writes them; new ones are added to the connection and get an oid.
	 */
	byte[] encode(Persistent object) {
		Object classMetadata = (object instanceof GenericPersistent generic) ? generic.classMetadata()
				: this.types.pythonClassOf(object);
		PickleWriter writer = this.recordWriter;
		if (writer == null) {
			writer = new PickleWriter(this.codec.registry(), this::referenceTo);
			this.recordWriter = writer;
		}
		try {
			return this.codec.encode(writer, classMetadata, object.stateForStorage());
		}
		catch (PickleException ex) {
			throw new IllegalArgumentException("Cannot store " + object + ": " + ex.getMessage()
					+ " (use values of the pickle value model or persistent objects)", ex);
		}
	}

	private @Nullable PersistentReference referenceTo(Object value) {
		if (!(value instanceof Persistent object)) {
			return null;
		}
		if (object.jar == null) {
			adopt(object);
		}
		else if (object.jar != this) {
			throw new IllegalArgumentException("Object " + object + " belongs to another connection");
		}
		Oid oid = Objects.requireNonNull(object.oid);
		if (object instanceof GenericPersistent generic) {
			// its class may change when it is loaded again, so its reference is made anew; the writer still
			// shares the oid bytes of references it is given this way within a record
			return (generic.classMetadata() instanceof Global)
					? PersistentReference.of(oid, this.types.pythonClassOf(object)) : PersistentReference.ofOid(oid);
		}
		PersistentReference reference = object.reference;
		if (reference == null || !reference.oid().equals(oid)) {
			reference = PersistentReference.fromPid(
					PickleTuple.of(PickleBytes.of(oid.toBytes()), this.types.pythonClassOf(object)));
			object.reference = reference;
		}
		return reference;
	}

	/** Records the changes made so far, for {@link Savepoint#rollback()}. */
	ConnectionSavepoint savepoint() {
		IdentityHashMap<Persistent, byte[]> states = new IdentityHashMap<>();
		List<Persistent> changed = new ArrayList<>(this.modified);
		changed.addAll(this.added);
		for (int i = 0; i < changed.size(); i++) {
			Persistent object = changed.get(i);
			if (object.jar == this && object.persistentState != Persistent.GHOST && !states.containsKey(object)) {
				int addedBefore = this.added.size();
				states.put(object, encode(object));
				changed.addAll(this.added.subList(addedBefore, this.added.size()));
			}
		}
		return new ConnectionSavepoint(this, List.copyOf(this.modified), List.copyOf(this.added), states,
				new LinkedHashMap<>(this.readCurrent));
	}

	/** Puts the changes back as they were at a savepoint. */
	void rollback(ConnectionSavepoint savepoint) {
		java.util.Set<Persistent> keptAdded = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
		keptAdded.addAll(savepoint.added);
		java.util.Set<Persistent> keptModified = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
		keptModified.addAll(savepoint.modified);
		for (Persistent object : this.added) {
			if (!keptAdded.contains(object) && object.oid != null && object.serial.value() == 0) {
				this.cache.remove(object.oid.value(), object);
				object.jar = null;
				object.oid = null;
				object.persistentState = Persistent.SAVED;
			}
		}
		for (Persistent object : this.modified) {
			if (!keptModified.contains(object) && !savepoint.states.containsKey(object) && object.jar == this
					&& object.serial.value() != 0) {
				this.cache.ghostify(object);
			}
		}
		for (Map.Entry<Persistent, byte[]> saved : savepoint.states.entrySet()) {
			Persistent object = saved.getKey();
			ObjectRecord record = this.codec.decode(saved.getValue());
			object.persistentState = Persistent.CHANGED;
			object.applyState(resolve(record.state(), new IdentityHashMap<>()));
			this.cache.touch(object);
		}
		this.modified.clear();
		this.modified.addAll(savepoint.modified);
		this.added.clear();
		this.added.addAll(savepoint.added);
		this.readCurrent.clear();
		this.readCurrent.putAll(savepoint.readCurrent);
	}

	void finish() {
		TransactionMetaData metaData = Objects.requireNonNull(this.storageTransaction);
		Tid tid = this.storage.tpcFinish(metaData);
		List<PendingStore> stores = (this.pending != null) ? this.pending : List.of();
		for (PendingStore store : stores) {
			Persistent object = store.object;
			object.serial = tid;
			if (store.resolved) {
				this.cache.ghostify(object);
			}
			else {
				object.persistentState = Persistent.SAVED;
				this.cache.touch(object);
			}
		}
		clearTransactionState();
		logger.debug("Committed {} objects in transaction {} of {}", stores.size(), tid, this.storage.getName());
	}

	void abortTransaction() {
		if (this.storageTransaction != null) {
			this.storage.tpcAbort(this.storageTransaction);
		}
		for (Persistent object : this.modified) {
			if (object.jar == this && object.serial.value() != 0) {
				this.cache.ghostify(object);
			}
		}
		for (Persistent object : this.added) {
			if (object.serial.value() == 0 && object.oid != null) {
				this.cache.remove(object.oid.value(), object);
				object.jar = null;
				object.oid = null;
				object.persistentState = Persistent.SAVED;
			}
		}
		clearTransactionState();
	}

	private void clearTransactionState() {
		this.modified.clear();
		this.added.clear();
		this.readCurrent.clear();
		this.pending = null;
		this.storageTransaction = null;
		this.joined = null;
	}

	private static final class PendingStore {

		final Persistent object;

		final Oid oid;

		Tid serial;

		byte[] data;

		boolean resolved;

		PendingStore(Persistent object, Oid oid, Tid serial, byte[] data) {
			this.object = object;
			this.oid = oid;
			this.serial = serial;
			this.data = data;
		}

	}

	private record Invalidation(Tid tid, Set<Oid> oids) {
	}

	/**
	 * One connection's part of a savepoint: what was changed and added, and the changed objects' states.
	 */
	static final class ConnectionSavepoint {

		final Connection connection;

		final List<Persistent> modified;

		final List<Persistent> added;

		final IdentityHashMap<Persistent, byte[]> states;

		final Map<Oid, Tid> readCurrent;

		ConnectionSavepoint(Connection connection, List<Persistent> modified, List<Persistent> added,
				IdentityHashMap<Persistent, byte[]> states, Map<Oid, Tid> readCurrent) {
			this.connection = connection;
			this.modified = modified;
			this.added = added;
			this.states = states;
			this.readCurrent = readCurrent;
		}

	}

}
