package io.zkzeo.server;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.zkzeo.pickle.RecordCodec;
import io.zkzeo.pickle.ReferenceScanner;
import io.zkzeo.protocol.PyValues;
import io.zkzeo.protocol.Tuple;
import io.zkzeo.protocol.ZeoCall;
import io.zkzeo.protocol.ZeoErrorReply;
import io.zkzeo.protocol.ZeoErrors;
import io.zkzeo.protocol.ZeoMessage;
import io.zkzeo.protocol.ZeoMethods;
import io.zkzeo.protocol.ZeoReply;
import io.zkzeo.protocol.ZeoServerException;
import io.zkzeo.storage.ConflictError;
import io.zkzeo.storage.DataRecord;
import io.zkzeo.storage.DataRevision;
import io.zkzeo.storage.HistoryEntry;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.POSKeyError;
import io.zkzeo.storage.ReadConflictError;
import io.zkzeo.storage.ReadOnlyError;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.StorageIterator;
import io.zkzeo.storage.StorageTransactionError;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionRecord;
import io.zkzeo.storage.UndoInfo;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ZEO state of one client connection and the dispatch of its calls, as Python's {@code ZEOStorage} does
 * it. Calls run one at a time, in arrival order, on the connection's {@link SerialExecutor}; storage calls may
 * block there (file I/O, the commit lock) without holding up the event loop or other connections.
 */
final class ZeoSession {

	private static final Logger logger = LoggerFactory.getLogger(ZeoSession.class);

	private static final int MAX_NEW_OIDS = 100;

	/** Calls queued on a connection at which it stops reading from the socket, so a fast client cannot flood memory. */
	private static final int PAUSE_READING_AT = 1024;

	/** Calls still queued when reading resumes. */
	private static final int RESUME_READING_AT = 64;

	private static final String KEY_ERROR = "builtins.KeyError";

	private static final String TYPE_ERROR = "builtins.TypeError";

	private static final String ATTRIBUTE_ERROR = "builtins.AttributeError";

	private static final String BLOBS_NOT_SUPPORTED = "Blobs are not supported by this server";

	/** Errors a Python server does not log: the ones clients expect in normal operation. */
	private static final Set<String> QUIET_ERRORS = Set.of(ZeoErrors.POS_KEY_ERROR, ZeoErrors.CONFLICT_ERROR,
			ZeoErrors.READ_CONFLICT_ERROR);

	private static final RecordCodec records = RecordCodec.generic();

	private final Channel channel;

	private final Map<String, StorageEndpoint> endpoints;

	private final ServerOptions options;

	private final SerialExecutor calls;

	private final Executor pool;

	private volatile @Nullable StorageEndpoint endpoint;

	private boolean readOnly;

	private volatile String label;

	private volatile @Nullable ClientTransaction transaction;

	private final Map<Long, Object> iterators = new LinkedHashMap<>();

	private long nextIteratorId;

	private @Nullable Tid revealed;

	private boolean closed;

	ZeoSession(Channel channel, Map<String, StorageEndpoint> endpoints, ServerOptions options, Executor pool) {
		this.channel = channel;
		this.endpoints = endpoints;
		this.options = options;
		this.pool = pool;
		this.calls = new SerialExecutor(pool);
		this.label = String.valueOf(channel.remoteAddress());
	}

	/**
	 * Queues a call from the client.
	 * @param call the call
	 */
	void received(ZeoCall call) {
		this.calls.execute(() -> {
			try {
				handle(call);
			}
			finally {
				resumeReadingIfDrained();
			}
		});
		if (this.calls.pending() >= PAUSE_READING_AT) {
			this.channel.config().setAutoRead(false);
		}
	}

	private void resumeReadingIfDrained() {
		if (!this.channel.config().isAutoRead() && this.calls.pending() <= RESUME_READING_AT) {
			this.channel.config().setAutoRead(true);
		}
	}

	/**
	 * Queues the clean-up after the connection closed: an open transaction is aborted and the connection
	 * leaves its storage.
	 */
	void disconnected() {
		this.calls.execute(this::cleanUp);
	}

	/**
	 * Sends a message to the client, from any thread. Messages sent from one thread arrive in order.
	 * @param message the message
	 */
	void send(ZeoMessage message) {
		this.channel.writeAndFlush(message);
	}

	@Override
	public String toString() {
		return "connection " + this.label;
	}

	private void handle(ZeoCall call) {
		if (this.closed) {
			return;
		}
		StorageEndpoint registered = this.endpoint;
		boolean allowed = (registered == null) ? ZeoMethods.REGISTER.equals(call.method())
				: ZeoMethods.REGISTERED_METHODS.contains(call.method());
		if (!allowed) {
			logger.warn("Invalid method {} from {}; closing the connection", call.method(), this);
			this.channel.close();
			return;
		}
		this.revealed = null;
		Object result;
		try {
			result = dispatch(call);
		}
		catch (AssertionError | StackOverflowError ex) {
			fail(call, new IllegalStateException(ex.toString(), ex));
			return;
		}
		catch (RuntimeException ex) {
			fail(call, ex);
			return;
		}
		if (!call.async()) {
			beforeReply();
			Object msgid = call.msgid();
			this.channel.writeAndFlush(new ZeoReply(msgid, result)).addListener((future) -> {
				if (!future.isSuccess() && this.channel.isActive()) {
					logger.error("Unencodable response to {} from {}", call.method(), this, future.cause());
					send(new ZeoErrorReply(msgid, ZeoErrors.VALUE_ERROR, Tuple.of("Couldn't pickle response")));
				}
			});
		}
	}

	private void fail(ZeoCall call, RuntimeException ex) {
		if (call.async()) {
			logger.warn("Asynchronous call {} from {} failed; closing the connection: {}", call.method(), this,
					ex.toString());
			this.channel.close();
			return;
		}
		logFailure(call, ex);
		beforeReply();
		send(ZeoErrorReply.of(call.msgid(), ex));
	}

	private void logFailure(ZeoCall call, RuntimeException ex) {
		String className = ZeoErrors.toRemote(ex).className();
		if (QUIET_ERRORS.contains(className)) {
			logger.debug("{} from {}: {}", call.method(), this, ex.toString());
		}
		else if (className.startsWith("builtins.") || ex instanceof ReadOnlyError
				|| ex instanceof StorageTransactionError || ex instanceof UnsupportedOperationException) {
			logger.info("{} from {} failed: {}", call.method(), this, ex.toString());
		}
		else {
			logger.warn("{} from {} failed", call.method(), this, ex);
		}
	}

	/**
	 * Holds the reply back until the invalidations of every transaction it may reveal have been queued to the
	 * client.
	 */
	private void beforeReply() {
		StorageEndpoint registered = this.endpoint;
		if (registered == null) {
			return;
		}
		Tid seen = registered.storage().lastTransaction();
		Tid loaded = this.revealed;
		if (loaded != null && loaded.compareTo(seen) > 0) {
			seen = loaded;
		}
		registered.awaitBroadcast(seen);
	}

	private @Nullable Object dispatch(ZeoCall call) {
		return switch (call.method()) {
			case ZeoMethods.REGISTER -> register(call);
			case ZeoMethods.GET_INFO -> info();
			case ZeoMethods.LAST_TRANSACTION -> storage().lastTransaction().toBytes();
			case ZeoMethods.LOAD_BEFORE -> loadBefore(call);
			case ZeoMethods.LOAD_SERIAL -> loadSerial(call);
			case ZeoMethods.GET_TID -> storage().load(call.oidArg(0)).serial().toBytes();
			case ZeoMethods.GET_INVALIDATIONS -> invalidations(call);
			case ZeoMethods.NEW_OIDS -> newOids(call);
			case ZeoMethods.TPC_BEGIN -> tpcBegin(call);
			case ZeoMethods.STOREA -> storea(call);
			case ZeoMethods.CHECK_CURRENT_SERIAL_IN_TRANSACTION -> checkCurrentSerial(call);
			case ZeoMethods.RESTOREA -> restorea(call);
			case ZeoMethods.UNDOA -> undoa(call);
			case ZeoMethods.DELETE_OBJECT -> deleteObject(call);
			case ZeoMethods.STORE_BLOB_START, ZeoMethods.STORE_BLOB_CHUNK -> blobPart();
			case ZeoMethods.STORE_BLOB_END -> deferToVote(call, 3, new UnsupportedOperationException(BLOBS_NOT_SUPPORTED));
			case ZeoMethods.STORE_BLOB_SHARED -> deferToVote(call, 4,
					new UnsupportedOperationException(BLOBS_NOT_SUPPORTED));
			case ZeoMethods.SEND_BLOB -> throw new UnsupportedOperationException(BLOBS_NOT_SUPPORTED);
			case ZeoMethods.VOTE -> vote(call);
			case ZeoMethods.TPC_FINISH -> tpcFinish(call);
			case ZeoMethods.TPC_ABORT -> tpcAbort(call);
			case ZeoMethods.HISTORY -> history(call);
			case ZeoMethods.UNDO_LOG -> undoLog(optionalInt(call, 0, 0), optionalInt(call, 1, -20), null);
			case ZeoMethods.UNDO_INFO -> undoLog(optionalInt(call, 0, 0), optionalInt(call, 1, -20),
					(call.argCount() > 2 && call.arg(2) != null) ? call.mapArg(2) : null);
			case ZeoMethods.PACK -> pack(call);
			case ZeoMethods.ITERATOR_START -> iteratorStart(call);
			case ZeoMethods.ITERATOR_NEXT -> iteratorNext(call);
			case ZeoMethods.ITERATOR_RECORD_START -> iteratorRecordStart(call);
			case ZeoMethods.ITERATOR_RECORD_NEXT -> iteratorRecordNext(call);
			case ZeoMethods.ITERATOR_GC -> iteratorGc(call);
			case ZeoMethods.SERVER_STATUS -> endpoint().status().toServerStatusMap();
			case ZeoMethods.SET_CLIENT_LABEL -> setLabel(call);
			case ZeoMethods.PING -> null;
			case ZeoMethods.RECORD_ITERNEXT -> throw new UnsupportedOperationException(
					"record_iternext is not supported by this server");
			default -> throw new ZeoServerException(ATTRIBUTE_ERROR,
					Tuple.of("'ZEOStorage' object has no attribute '" + call.method() + "'"));
		};
	}

	private StorageEndpoint endpoint() {
		StorageEndpoint registered = this.endpoint;
		if (registered == null) {
			throw new IllegalStateException("Not registered");
		}
		return registered;
	}

	private Storage storage() {
		return endpoint().storage();
	}

	private static int optionalInt(ZeoCall call, int index, int fallback) {
		return (call.argCount() > index) ? call.intArg(index) : fallback;
	}

	// connection

	private Object register(ZeoCall call) {
		if (call.argCount() != 2) {
			throw new ZeoServerException(TYPE_ERROR, Tuple.of(
					"register() takes 3 positional arguments but " + (call.argCount() + 1) + " were given"));
		}
		String name = call.strArg(0);
		boolean requestedReadOnly = call.booleanArg(1);
		StorageEndpoint target = this.endpoints.get(name);
		if (target == null) {
			throw new IllegalArgumentException("unknown storage: " + name);
		}
		boolean storageReadOnly = this.options.readOnly() || target.storage().isReadOnly();
		if (!requestedReadOnly && storageReadOnly) {
			throw new ReadOnlyError(name);
		}
		this.readOnly = requestedReadOnly || storageReadOnly;
		target.register(this);
		this.endpoint = target;
		logger.debug("{} registered for storage {}{}", this, name, this.readOnly ? " (read-only)" : "");
		return target.storage().lastTransaction().toBytes();
	}

	private Map<String, Object> info() {
		Storage storage = storage();
		Map<String, Object> info = new LinkedHashMap<>();
		info.put("length", storage.objectCount());
		info.put("size", storage.getSize());
		info.put("name", storage.getName());
		info.put("supportsUndo", storage.supportsUndo());
		info.put("supports_record_iternext", false);
		List<Object> interfaces = new ArrayList<>();
		interfaces.add(Tuple.of("ZODB.interfaces", "IStorageRestoreable"));
		interfaces.add(Tuple.of("ZODB.interfaces", "IStorageIteration"));
		if (storage.supportsUndo()) {
			interfaces.add(Tuple.of("ZODB.interfaces", "IStorageUndoable"));
		}
		interfaces.add(Tuple.of("ZODB.interfaces", "IStorage"));
		interfaces.add(Tuple.of("zope.interface", "Interface"));
		info.put("interfaces", Tuple.copyOf(interfaces));
		return info;
	}

	private @Nullable Object setLabel(ZeoCall call) {
		this.label = call.strArg(0) + " (" + this.channel.remoteAddress() + ")";
		return null;
	}

	// reads

	private @Nullable Object loadBefore(ZeoCall call) {
		endpoint().loads.increment();
		DataRevision revision = storage().loadBefore(call.oidArg(0), call.tidArg(1));
		if (revision == null) {
			return null;
		}
		Tid end = revision.end();
		this.revealed = (end != null && end.compareTo(revision.start()) > 0) ? end : revision.start();
		return Tuple.of(revision.data(), revision.start().toBytes(), (end != null) ? end.toBytes() : null);
	}

	private Object loadSerial(ZeoCall call) {
		endpoint().loads.increment();
		return storage().loadSerial(call.oidArg(0), call.tidArg(1));
	}

	private @Nullable Object invalidations(ZeoCall call) {
		InvalidationQueue.Invalidations found = endpoint().invalidationsSince(call.tidArg(0));
		if (found == null) {
			return null;
		}
		List<Object> oids = new ArrayList<>(found.oids().size());
		for (Oid oid : found.oids()) {
			oids.add(oid.toBytes());
		}
		return Tuple.of(found.latest().toBytes(), oids);
	}

	private Object newOids(ZeoCall call) {
		requireWritable();
		int count = Math.max(1, Math.min(optionalInt(call, 0, MAX_NEW_OIDS), MAX_NEW_OIDS));
		List<Object> oids = new ArrayList<>(count);
		for (Oid oid : storage().newOids(count)) {
			oids.add(oid.toBytes());
		}
		return oids;
	}

	private List<Object> history(ZeoCall call) {
		int size = optionalInt(call, 1, 1);
		List<Object> entries = new ArrayList<>();
		for (HistoryEntry entry : storage().history(call.oidArg(0), size)) {
			Map<String, Object> map = new LinkedHashMap<>();
			map.put("time", entry.time());
			map.put("user_name", entry.user());
			map.put("description", entry.description());
			map.put("tid", entry.tid().toBytes());
			map.put("size", (long) entry.size());
			entries.add(map);
		}
		return entries;
	}

	private List<Object> undoLog(int first, int last, @Nullable Map<Object, @Nullable Object> specification) {
		Storage storage = storage();
		List<Object> entries = new ArrayList<>();
		if (!storage.supportsUndo()) {
			return entries;
		}
		for (UndoInfo info : storage.undoLog(first, last, null)) {
			Map<Object, @Nullable Object> map = new LinkedHashMap<>();
			map.put("id", info.id());
			map.put("time", info.time());
			map.put("user_name", info.user());
			map.put("size", info.size());
			map.put("description", info.description());
			TransactionExtensions.toMap(info.extension()).forEach(map::putIfAbsent);
			if (specification == null || matches(map, specification)) {
				entries.add(map);
			}
		}
		return entries;
	}

	private static boolean matches(Map<Object, @Nullable Object> entry, Map<Object, @Nullable Object> specification) {
		for (Map.Entry<Object, @Nullable Object> wanted : specification.entrySet()) {
			if (!PyValues.deepEquals(entry.get(wanted.getKey()), wanted.getValue())) {
				return false;
			}
		}
		return true;
	}

	// iteration

	private Object iteratorStart(ZeoCall call) {
		Tid start = (call.argCount() > 0) ? call.nullableTidArg(0) : null;
		Tid stop = (call.argCount() > 1) ? call.nullableTidArg(1) : null;
		long id = this.nextIteratorId++;
		this.iterators.put(id, new TransactionCursor(storage().iterator(start, stop)));
		return id;
	}

	private @Nullable Object iteratorNext(ZeoCall call) {
		long id = call.longArg(0);
		if (!(this.iterators.get(id) instanceof TransactionCursor cursor)) {
			throw new ZeoServerException(KEY_ERROR, Tuple.of(id));
		}
		if (!cursor.transactions.hasNext()) {
			this.iterators.remove(id);
			closeQuietly(cursor.transactions);
			return null;
		}
		TransactionRecord transaction = cursor.transactions.next();
		cursor.current = transaction;
		return Tuple.of(transaction.tid().toBytes(), String.valueOf(transaction.status()), transaction.user(),
				transaction.description(), TransactionExtensions.toMap(transaction.extension()));
	}

	private Object iteratorRecordStart(ZeoCall call) {
		long id = call.longArg(0);
		Tid tid = call.tidArg(1);
		if (!(this.iterators.get(id) instanceof TransactionCursor cursor)) {
			throw new ZeoServerException(KEY_ERROR, Tuple.of(id));
		}
		TransactionRecord current = cursor.current;
		if (current == null || !current.tid().equals(tid)) {
			throw new ZeoServerException(ZeoErrors.EXCEPTION,
					Tuple.of("Out-of-order request for record iterator for transaction " + tid));
		}
		long recordId = this.nextIteratorId++;
		this.iterators.put(recordId, current.records().iterator());
		return recordId;
	}

	private @Nullable Object iteratorRecordNext(ZeoCall call) {
		long id = call.longArg(0);
		if (!(this.iterators.get(id) instanceof Iterator<?> records)) {
			throw new ZeoServerException(KEY_ERROR, Tuple.of(id));
		}
		if (!records.hasNext()) {
			this.iterators.remove(id);
			return null;
		}
		DataRecord record = (DataRecord) records.next();
		Tid dataTxn = record.dataTxn();
		return Tuple.of(record.oid().toBytes(), record.tid().toBytes(), record.data(),
				(dataTxn != null) ? dataTxn.toBytes() : null);
	}

	private @Nullable Object iteratorGc(ZeoCall call) {
		for (Object id : call.listArg(0)) {
			Object removed = this.iterators.remove(PyValues.toLong(id));
			if (removed instanceof TransactionCursor cursor) {
				closeQuietly(cursor.transactions);
			}
		}
		return null;
	}

	private static void closeQuietly(StorageIterator iterator) {
		try {
			iterator.close();
		}
		catch (Exception ex) {
			logger.debug("Could not close a storage iterator: {}", ex.toString());
		}
	}

	// pack

	private @Nullable Object pack(ZeoCall call) {
		double time = call.doubleArg(0);
		boolean wait = call.argCount() < 2 || call.booleanArg(1);
		StorageEndpoint target = endpoint();
		Instant packTime = Instant.ofEpochSecond(0, Math.round(time * 1e9));
		Runnable pack = () -> {
			target.storage().pack(packTime, new ReferenceScanner());
			ZeoCall info = target.infoCall();
			for (ZeoSession session : target.sessions()) {
				session.send(info);
			}
		};
		if (wait) {
			pack.run();
		}
		else {
			this.pool.execute(() -> {
				try {
					pack.run();
				}
				catch (RuntimeException ex) {
					logger.warn("Pack of {} to {} failed", target.name(), packTime, ex);
				}
			});
		}
		return null;
	}

	// transactions

	private void requireWritable() {
		if (this.readOnly) {
			throw new ReadOnlyError(endpoint().name());
		}
	}

	/**
	 * Checks a call's transaction id as Python's {@code _check_tid} does.
	 */
	private ClientTransaction checkTransaction(ZeoCall call, int index) {
		requireWritable();
		Object id = call.arg(index);
		ClientTransaction current = this.transaction;
		if (current == null) {
			throw new ZeoServerException(ZeoErrors.STORAGE_TRANSACTION_ERROR, Tuple.of(null, id));
		}
		if (!Objects.equals(current.id, id)) {
			throw new ZeoServerException(ZeoErrors.STORAGE_TRANSACTION_ERROR, Tuple.of(current.id, id));
		}
		return current;
	}

	private @Nullable Object tpcBegin(ZeoCall call) {
		requireWritable();
		Object id = Objects.requireNonNull(call.arg(0), "transaction id");
		ClientTransaction current = this.transaction;
		if (current != null) {
			if (Objects.equals(current.id, id)) {
				return null;
			}
			throw new StorageTransactionError("Multiple simultaneous tpc_begin requests from client.");
		}
		byte[] user = call.bytesOrStrArg(1);
		byte[] description = call.bytesOrStrArg(2);
		Map<Object, @Nullable Object> extension = (call.argCount() > 3 && call.arg(3) != null) ? call.mapArg(3) : null;
		Tid forced = (call.argCount() > 4) ? call.nullableTidArg(4) : null;
		String status = (call.argCount() > 5) ? call.strArg(5) : " ";
		ClientTransaction begun = new ClientTransaction(id, user, description, TransactionExtensions.toBytes(extension),
				forced, status.isEmpty() ? ' ' : status.charAt(0));
		StorageEndpoint target = endpoint();
		try {
			target.storage().tpcBegin(begun.metaData);
			begun.storageBegun = true;
		}
		catch (ReadOnlyError ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			begun.defer(ex);
		}
		target.activeTransactions.incrementAndGet();
		this.transaction = begun;
		return null;
	}

	private @Nullable Object storea(ZeoCall call) {
		ClientTransaction current = checkTransaction(call, 3);
		StorageEndpoint target = endpoint();
		target.stores.increment();
		Oid oid = call.oidArg(0);
		Tid serial = call.tidArg(1);
		byte[] data = call.bytesArg(2);
		if (this.options.clientConflictResolution()) {
			current.log.put(oid, new ClientTransaction.Store(oid, serial, data));
		}
		if (current.deferredError == null && current.storageBegun) {
			try {
				target.storage().store(oid, serial, data, current.metaData);
			}
			catch (RuntimeException ex) {
				current.defer(ex);
			}
		}
		return null;
	}

	private @Nullable Object checkCurrentSerial(ZeoCall call) {
		ClientTransaction current = checkTransaction(call, 2);
		Oid oid = call.oidArg(0);
		Tid serial = call.tidArg(1);
		if (this.options.clientConflictResolution()) {
			current.operations.add((storage, metaData) -> storage.checkCurrentSerialInTransaction(oid, serial, metaData));
		}
		streamed(current, (storage, metaData) -> storage.checkCurrentSerialInTransaction(oid, serial, metaData));
		return null;
	}

	private @Nullable Object restorea(ZeoCall call) {
		ClientTransaction current = checkTransaction(call, 4);
		endpoint().stores.increment();
		Oid oid = call.oidArg(0);
		Tid serial = call.tidArg(1);
		byte[] data = call.nullableBytesArg(2);
		Tid previous = call.nullableTidArg(3);
		ClientTransaction.Operation restore = (storage, metaData) -> storage.restore(oid, serial, data, previous,
				metaData);
		if (this.options.clientConflictResolution()) {
			current.operations.add(restore);
		}
		streamed(current, restore);
		return null;
	}

	private @Nullable Object undoa(ZeoCall call) {
		ClientTransaction current = checkTransaction(call, 1);
		Tid undone = undoId(call.bytesArg(0));
		ClientTransaction.Operation undo = (storage, metaData) -> current.undone.addAll(storage.undo(undone, metaData));
		if (this.options.clientConflictResolution()) {
			current.operations.add(undo);
		}
		streamed(current, undo);
		return null;
	}

	private static Tid undoId(byte[] id) {
		try {
			byte[] tid = Base64.getDecoder().decode(id);
			if (tid.length == 8) {
				return Tid.fromBytes(tid);
			}
		}
		catch (IllegalArgumentException ex) {
			// not base64: fall through
		}
		if (id.length == 8) {
			return Tid.fromBytes(id);
		}
		throw new IllegalArgumentException("Invalid undo id " + PyValues.repr(id));
	}

	private void streamed(ClientTransaction current, ClientTransaction.Operation operation) {
		if (current.deferredError != null || !current.storageBegun) {
			return;
		}
		try {
			operation.apply(storage(), current.metaData);
		}
		catch (RuntimeException ex) {
			current.defer(ex);
		}
	}

	private @Nullable Object deferToVote(ZeoCall call, int txnIndex, RuntimeException error) {
		checkTransaction(call, txnIndex).defer(error);
		return null;
	}

	private @Nullable Object deleteObject(ZeoCall call) {
		ClientTransaction current = checkTransaction(call, 2);
		endpoint().stores.increment();
		current.defer(new UnsupportedOperationException("deleteObject is not supported by this server"));
		return null;
	}

	private @Nullable Object blobPart() {
		ClientTransaction current = this.transaction;
		if (current != null) {
			current.defer(new UnsupportedOperationException(BLOBS_NOT_SUPPORTED));
		}
		return null;
	}

	private Object vote(ZeoCall call) {
		ClientTransaction current = checkTransaction(call, 0);
		if (current.voted) {
			throw new StorageTransactionError("Already voting (locked)");
		}
		StorageEndpoint target = endpoint();
		Storage storage = target.storage();
		Set<Oid> resolved;
		try {
			throwDeferred(current);
			if (!current.storageBegun) {
				replay(current);
				throwDeferred(current);
			}
			target.waiting.incrementAndGet();
			try {
				resolved = storage.vote(current.metaData);
			}
			finally {
				target.waiting.decrementAndGet();
			}
		}
		catch (ConflictError ex) {
			target.conflicts.increment();
			if (this.options.clientConflictResolution() && !(ex instanceof ReadConflictError)) {
				abortInStorage(current);
				current.deferredError = null;
				List<Object> conflicts = conflictsOf(current);
				if (!conflicts.isEmpty()) {
					return conflicts;
				}
			}
			discard(current);
			throw conflictReport(ex);
		}
		catch (RuntimeException ex) {
			discard(current);
			throw ex;
		}
		current.voted = true;
		target.lockAcquired(this);
		startTimeout(current);
		target.conflictsResolved.add(resolved.size());
		List<Object> oids = new ArrayList<>();
		for (Oid oid : resolved) {
			oids.add(oid.toBytes());
		}
		for (Oid oid : current.undone) {
			oids.add(oid.toBytes());
		}
		return oids;
	}

	private static void throwDeferred(ClientTransaction current) {
		RuntimeException deferred = current.deferredError;
		if (deferred != null) {
			throw deferred;
		}
	}

	/** Begins the storage transaction again and replays the logged operations, after a returned conflict. */
	private void replay(ClientTransaction current) {
		Storage storage = storage();
		current.metaData = current.newMetaData();
		current.undone.clear();
		storage.tpcBegin(current.metaData);
		current.storageBegun = true;
		for (ClientTransaction.Store store : current.log.values()) {
			streamed(current, (target, metaData) -> target.store(store.oid(), store.serial(), store.data(), metaData));
		}
		for (ClientTransaction.Operation operation : current.operations) {
			streamed(current, operation);
		}
	}

	/**
	 * Returns the error to report for a conflict, naming the object's class as FileStorage does; the class is
	 * read from the committed revision the transaction conflicted with.
	 */
	private RuntimeException conflictReport(ConflictError conflict) {
		Oid oid = conflict.getOid();
		Tid committed = conflict.getCommittedSerial();
		ZeoErrors.RemoteError remote = ZeoErrors.toRemote(conflict);
		if (conflict instanceof ReadConflictError || oid == null || committed == null
				|| !(remote.payload() instanceof Map<?, ?> payload)) {
			return conflict;
		}
		String className;
		try {
			className = records.decodeType(storage().loadSerial(oid, committed)).dottedName();
		}
		catch (RuntimeException ex) {
			return conflict;
		}
		Map<Object, @Nullable Object> dict = new LinkedHashMap<>(payload);
		dict.put("class_name", className);
		return new ZeoServerException(remote.className(), dict);
	}

	/**
	 * Lists every logged store whose object changed since the client read it, as the conflict maps a Python
	 * server returns from vote with client conflict resolution.
	 */
	private List<Object> conflictsOf(ClientTransaction current) {
		Storage storage = storage();
		List<Object> conflicts = new ArrayList<>();
		for (ClientTransaction.Store store : current.log.values()) {
			Tid committed;
			try {
				committed = storage.load(store.oid()).serial();
			}
			catch (POSKeyError ex) {
				committed = Tid.ZERO;
			}
			if (!committed.equals(store.serial())) {
				Map<String, Object> conflict = new LinkedHashMap<>();
				conflict.put("oid", store.oid().toBytes());
				conflict.put("serials", Tuple.of(committed.toBytes(), store.serial().toBytes()));
				conflict.put("data", store.data());
				conflicts.add(conflict);
			}
		}
		return conflicts;
	}

	private @Nullable Object tpcFinish(ZeoCall call) {
		ClientTransaction current = this.transaction;
		if (current == null || !Objects.equals(current.id, call.arg(0))) {
			return null;
		}
		if (!current.voted) {
			throw new StorageTransactionError("tpc_finish called before vote");
		}
		StorageEndpoint target = endpoint();
		Tid tid;
		target.finishing(this);
		try {
			tid = target.storage().tpcFinish(current.metaData);
		}
		catch (RuntimeException ex) {
			target.finishing(null);
			discard(current);
			throw ex;
		}
		target.finishing(null);
		release(current);
		target.commits.increment();
		send(target.infoCall());
		return tid.toBytes();
	}

	private @Nullable Object tpcAbort(ZeoCall call) {
		ClientTransaction current = this.transaction;
		if (current == null || !Objects.equals(current.id, call.arg(0))) {
			return null;
		}
		endpoint().aborts.increment();
		discard(current);
		return null;
	}

	/** Aborts the storage transaction and forgets the client's transaction. */
	private void discard(ClientTransaction current) {
		release(current);
		abortInStorage(current);
	}

	private void abortInStorage(ClientTransaction current) {
		if (current.storageBegun) {
			try {
				storage().tpcAbort(current.metaData);
			}
			catch (RuntimeException ex) {
				logger.warn("Could not abort the transaction of {} in {}", this, endpoint().name(), ex);
			}
			current.storageBegun = false;
		}
	}

	private void release(ClientTransaction current) {
		if (current.timeout != null) {
			current.timeout.cancel(false);
		}
		StorageEndpoint target = endpoint();
		target.lockReleased(this);
		target.activeTransactions.decrementAndGet();
		if (this.transaction == current) {
			this.transaction = null;
		}
	}

	private void startTimeout(ClientTransaction current) {
		Duration timeout = this.options.transactionTimeout();
		if (timeout == null) {
			return;
		}
		current.timeout = this.channel.eventLoop().schedule(() -> {
			if (this.transaction == current && current.voted) {
				logger.error("{} held the commit lock of storage {} longer than the transaction timeout {}; "
						+ "closing the connection", this, endpoint().name(), timeout);
				this.channel.close();
			}
		}, timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	private void cleanUp() {
		this.closed = true;
		logger.debug("{} closed", this);
		StorageEndpoint registered = this.endpoint;
		if (registered == null) {
			return;
		}
		registered.unregister(this);
		ClientTransaction current = this.transaction;
		if (current != null) {
			logger.info("{} disconnected with an open transaction; aborting it", this);
			registered.aborts.increment();
			discard(current);
		}
		for (Object iterator : this.iterators.values()) {
			if (iterator instanceof TransactionCursor cursor) {
				closeQuietly(cursor.transactions);
			}
		}
		this.iterators.clear();
	}

	/**
	 * A transaction iterator and the transaction it returned last.
	 */
	private static final class TransactionCursor {

		final StorageIterator transactions;

		@Nullable TransactionRecord current;

		TransactionCursor(StorageIterator transactions) {
			this.transactions = transactions;
		}

	}

}
