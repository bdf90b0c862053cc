package io.zkzeo.server;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
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
import io.zkzeo.storage.CurrentRecord;
import io.zkzeo.storage.CurrentRecordIteration;
import io.zkzeo.storage.DataRevision;
import io.zkzeo.storage.ExternalGC;
import io.zkzeo.storage.HistoryEntry;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.ReadOnlyError;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.StorageTransactionError;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.UndoInfo;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ZEO state of one client connection and the dispatch of its calls, as Python's {@code ZEOStorage} does
 * it. Calls run one at a time, in arrival order, on the connection's {@link SerialExecutor}; storage calls may
 * block there (file I/O, the commit lock) without holding up the event loop or other connections. Quick calls
 * of an idle connection (reads, a transaction's begin and stores) run on the event loop itself ({@link #received}).
 */
final class ZeoSession {

	private static final Logger logger = LoggerFactory.getLogger(ZeoSession.class);

	private static final int MAX_NEW_OIDS = 100;

	/** Calls queued on a connection at which it stops reading from the socket, so a fast client cannot flood memory. */
	private static final int PAUSE_READING_AT = 1024;

	/** Calls still queued when reading resumes. */
	private static final int RESUME_READING_AT = 64;

	/**
	 * Calls run on the event loop when the connection is idle: reads, {@code new_oids} (a counter), and the start of
	 * a transaction ({@code tpc_begin} and the stores, which a storage only notes until the vote), none of which
	 * waits for a lock held long. Each spares a hand-off to a worker thread and back, which costs more than the
	 * call itself.
	 */
	private static final Set<String> INLINE_METHODS = Set.of(ZeoMethods.LOAD_BEFORE, ZeoMethods.LAST_TRANSACTION,
			ZeoMethods.PING, ZeoMethods.GET_TID, ZeoMethods.LOAD_SERIAL, ZeoMethods.NEW_OIDS, ZeoMethods.TPC_BEGIN,
			ZeoMethods.STOREA, ZeoMethods.CHECK_CURRENT_SERIAL_IN_TRANSACTION);

	private static final String TYPE_ERROR = "builtins.TypeError";

	/** Errors a Python server does not log: the ones clients expect in normal operation. */
	private static final Set<String> QUIET_ERRORS = Set.of(ZeoErrors.POS_KEY_ERROR, ZeoErrors.CONFLICT_ERROR,
			ZeoErrors.READ_CONFLICT_ERROR);

	private final Channel channel;

	private final Map<String, StorageEndpoint> endpoints;

	private final ServerOptions options;

	private final SerialExecutor calls;

	private final Executor pool;

	private volatile @Nullable StorageEndpoint endpoint;

	private boolean readOnly;

	private volatile String label;

	private final ConnectionTransactions transactions;

	private final ConnectionIterators iterators = new ConnectionIterators();

	private @Nullable Tid revealed;

	/** Whether the call being handled runs on the event loop ({@link #received}); only touched by that call. */
	private boolean onEventLoop;

	private boolean closed;

	private final Object invalidationMonitor = new Object();

	/** Invalidations held back while this connection's {@code tpc_finish} is under way, else {@code null}. */
	private @Nullable List<HeldInvalidation> heldInvalidations;

	ZeoSession(Channel channel, Map<String, StorageEndpoint> endpoints, ServerOptions options, Executor pool) {
		this.channel = channel;
		this.endpoints = endpoints;
		this.options = options;
		this.pool = pool;
		this.calls = new SerialExecutor(pool);
		this.label = String.valueOf(channel.remoteAddress());
		this.transactions = new ConnectionTransactions(this, options);
	}

	/**
	 * Queues a call from the client, or runs it at once on the calling event loop when it is a quick one and
	 * the connection has nothing else running or queued: this saves two thread hand-offs per load, as Python's
	 * server answers loads on its I/O thread. Such a call blocks the event loop only for a page-cache read (a load,
	 * or the serial check of a store) or, rarely, for the swap at the end of a pack.
	 * @param call the call
	 */
	void received(ZeoCall call) {
		if (this.endpoint != null && INLINE_METHODS.contains(call.method()) && this.calls.runIfIdle(() -> {
			this.onEventLoop = true;
			try {
				handle(call);
			}
			finally {
				this.onEventLoop = false;
			}
		})) {
			return;
		}
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

	/** @return whether the connection may only read */
	boolean isReadOnly() {
		return this.readOnly;
	}

	/** @return the connection's channel */
	Channel channel() {
		return this.channel;
	}

	/**
	 * Sends a message to the client, from any thread. Messages sent from one thread arrive in order.
	 * @param message the message
	 */
	void send(ZeoMessage message) {
		writeReply(message);
	}

	/**
	 * Writes a reply. A call answered on the event loop queues its write as a task, behind invalidations that
	 * other threads queued before: written at once, the reply could overtake an invalidation it must follow.
	 */
	private ChannelFuture writeReply(ZeoMessage reply) {
		if (!this.onEventLoop) {
			return this.channel.writeAndFlush(reply);
		}
		ChannelPromise promise = this.channel.newPromise();
		this.channel.eventLoop().execute(() -> this.channel.writeAndFlush(reply, promise));
		return promise;
	}

	/**
	 * Sends another client's commit to this client, from any thread. While this client's own {@code tpc_finish} is
	 * under way the invalidation is held back, so that the client hears of its commit and of later ones in tid
	 * order: with group commit a later transaction may be published before this client's finish reply is sent.
	 * @param tid the committed transaction
	 * @param call its {@code invalidateTransaction} call
	 */
	void sendInvalidation(Tid tid, ZeoCall call) {
		synchronized (this.invalidationMonitor) {
			if (this.heldInvalidations != null) {
				this.heldInvalidations.add(new HeldInvalidation(tid, call));
				return;
			}
			this.channel.writeAndFlush(call);
		}
	}

	private void holdInvalidations() {
		synchronized (this.invalidationMonitor) {
			if (this.heldInvalidations == null) {
				this.heldInvalidations = new ArrayList<>();
			}
		}
	}

	/**
	 * Sends the invalidations held back during a {@code tpc_finish} and its reply in tid order: those of earlier
	 * transactions, then the reply, then those of later ones.
	 * @param committed the tid the reply reveals, or {@code null} if it reveals none
	 */
	private void releaseInvalidations(@Nullable Tid committed, ZeoMessage reply, Runnable onReplyFailure) {
		synchronized (this.invalidationMonitor) {
			List<HeldInvalidation> held = this.heldInvalidations;
			this.heldInvalidations = null;
			if (held == null) {
				held = List.of();
			}
			for (HeldInvalidation invalidation : held) {
				if (committed == null || invalidation.tid.compareTo(committed) < 0) {
					this.channel.write(invalidation.call);
				}
			}
			this.channel.write(reply).addListener((future) -> {
				if (!future.isSuccess() && this.channel.isActive()) {
					onReplyFailure.run();
				}
			});
			for (HeldInvalidation invalidation : held) {
				if (committed != null && invalidation.tid.compareTo(committed) >= 0) {
					this.channel.write(invalidation.call);
				}
			}
			this.channel.flush();
		}
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
				: ZeoMethods.REGISTERED_METHODS.contains(call.method())
						|| ZeoMethods.EXTENSION_METHODS.contains(call.method());
		if (!allowed) {
			logger.warn("Invalid method {} from {}; closing the connection", call.method(), this);
			this.channel.close();
			return;
		}
		this.revealed = null;
		boolean finishing = (ZeoMethods.TPC_FINISH.equals(call.method())
				|| ZeoMethods.VOTE_AND_FINISH.equals(call.method())) && !call.async();
		if (finishing) {
			holdInvalidations();
		}
		Object result;
		try {
			result = dispatch(call);
		}
		catch (AssertionError | StackOverflowError ex) {
			fail(call, new IllegalStateException(ex.toString(), ex), finishing);
			return;
		}
		catch (RuntimeException ex) {
			fail(call, ex, finishing);
			return;
		}
		if (result instanceof DeferredReply deferred) {
			deferred.work.whenComplete((value, ex) -> {
				if (ex != null) {
					Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
					fail(call, (cause instanceof RuntimeException runtime) ? runtime
							: new IllegalStateException(cause.toString(), cause), false);
				}
				else {
					reply(call, value, false);
				}
			});
			return;
		}
		reply(call, result, finishing);
	}

	private void reply(ZeoCall call, @Nullable Object result, boolean finishing) {
		if (!call.async()) {
			beforeReply();
			Object msgid = call.msgid();
			Runnable unencodable = () -> {
				logger.error("Unencodable response to {} from {}", call.method(), this);
				send(new ZeoErrorReply(msgid, ZeoErrors.VALUE_ERROR, Tuple.of("Couldn't pickle response")));
			};
			if (finishing) {
				releaseInvalidations(committedTid(result), new ZeoReply(msgid, result), unencodable);
				return;
			}
			if (result instanceof CurrentRevision current) {
				synchronized (this.invalidationMonitor) {
					writeReplyOrError(call, new ZeoReply(msgid, currentRevisionReply(current)));
				}
				return;
			}
			writeReplyOrError(call, new ZeoReply(msgid, result));
		}
	}

	/**
	 * Reads the tid a finishing call's result reveals: {@code tpc_finish}'s tid, or the second item of
	 * {@code vote_and_finish}'s pair.
	 */
	private static @Nullable Tid committedTid(@Nullable Object result) {
		Object tid = (result instanceof Tuple pair && pair.size() == 2) ? pair.get(1) : result;
		return (tid instanceof byte[] bytes && bytes.length == 8) ? Tid.fromBytes(bytes) : null;
	}

	private void writeReplyOrError(ZeoCall call, ZeoReply reply) {
		writeReply(reply).addListener((future) -> {
			if (!future.isSuccess() && this.channel.isActive()) {
				logger.error("Unencodable response to {} from {}", call.method(), this, future.cause());
				send(new ZeoErrorReply(reply.msgid(), ZeoErrors.VALUE_ERROR, Tuple.of("Couldn't pickle response")));
			}
		});
	}

	private void fail(ZeoCall call, RuntimeException ex, boolean finishing) {
		if (call.async()) {
			logger.warn("Asynchronous call {} from {} failed; closing the connection: {}", call.method(), this,
					ex.toString());
			this.channel.close();
			return;
		}
		logFailure(call, ex);
		beforeReply();
		if (finishing) {
			releaseInvalidations(null, ZeoErrorReply.of(call.msgid(), ex), () -> {
			});
			return;
		}
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
			case ZeoMethods.TPC_BEGIN -> this.transactions.tpcBegin(call);
			case ZeoMethods.STOREA -> this.transactions.storea(call);
			case ZeoMethods.CHECK_CURRENT_SERIAL_IN_TRANSACTION -> this.transactions.checkCurrentSerial(call);
			case ZeoMethods.RESTOREA -> this.transactions.restorea(call);
			case ZeoMethods.UNDOA -> this.transactions.undoa(call);
			case ZeoMethods.DELETE_OBJECT -> this.transactions.deleteObject(call);
			case ZeoMethods.STORE_BLOB_START, ZeoMethods.STORE_BLOB_CHUNK -> this.transactions.blobPart();
			case ZeoMethods.STORE_BLOB_END -> this.transactions.deferToVote(call, 3, new UnsupportedOperationException(ConnectionTransactions.BLOBS_NOT_SUPPORTED));
			case ZeoMethods.STORE_BLOB_SHARED -> this.transactions.deferToVote(call, 4,
					new UnsupportedOperationException(ConnectionTransactions.BLOBS_NOT_SUPPORTED));
			case ZeoMethods.SEND_BLOB -> throw new UnsupportedOperationException(ConnectionTransactions.BLOBS_NOT_SUPPORTED);
			case ZeoMethods.VOTE -> this.transactions.vote(call);
			case ZeoMethods.TPC_FINISH -> this.transactions.tpcFinish(call);
			case ZeoMethods.VOTE_AND_FINISH -> this.transactions.voteAndFinish(call);
			case ZeoMethods.TPC_ABORT -> this.transactions.tpcAbort(call);
			case ZeoMethods.HISTORY -> history(call);
			case ZeoMethods.UNDO_LOG -> undoLog(optionalInt(call, 0, 0), optionalInt(call, 1, -20), null);
			case ZeoMethods.UNDO_INFO -> undoLog(optionalInt(call, 0, 0), optionalInt(call, 1, -20),
					(call.argCount() > 2 && call.arg(2) != null) ? call.mapArg(2) : null);
			case ZeoMethods.PACK -> pack(call);
			case ZeoMethods.ITERATOR_START -> this.iterators.start(storage(), call);
			case ZeoMethods.ITERATOR_NEXT -> this.iterators.next(call);
			case ZeoMethods.ITERATOR_RECORD_START -> this.iterators.recordStart(call);
			case ZeoMethods.ITERATOR_RECORD_NEXT -> this.iterators.recordNext(call);
			case ZeoMethods.ITERATOR_GC -> this.iterators.forget(call);
			case ZeoMethods.SERVER_STATUS -> endpoint().status().toServerStatusMap();
			case ZeoMethods.SET_CLIENT_LABEL -> setLabel(call);
			case ZeoMethods.PING -> null;
			case ZeoMethods.RECORD_ITERNEXT -> recordIterNext(call);
			default -> throw noSuchMethod(call.method());
		};
	}

	/** @return the storage the connection registered with */
	StorageEndpoint endpoint() {
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

	/**
	 * Describes the storage as Python's {@code ZEOStorage.get_info} does: {@code interfaces} is the
	 * {@code __iro__} of what the storage provides, in the order Python's FileStorage declares them, without
	 * the ones this storage does not support.
	 */
	private Map<String, Object> info() {
		Storage storage = storage();
		Map<String, Object> info = new LinkedHashMap<>();
		info.put("length", storage.objectCount());
		info.put("size", storage.getSize());
		info.put("name", storage.getName());
		info.put("supportsUndo", storage.supportsUndo());
		info.put("supports_record_iternext", storage instanceof CurrentRecordIteration);
		info.put("interfaces", interfaces(storage));
		if (this.transactions.offersVoteAndFinish()) {
			info.put(ZeoMethods.INFO_VOTE_AND_FINISH, true);
		}
		return info;
	}

	private static Tuple interfaces(Storage storage) {
		List<Object> interfaces = new ArrayList<>();
		interfaces.add(zodbInterface("IStorageRestoreable"));
		interfaces.add(zodbInterface("IStorageIteration"));
		if (storage.supportsUndo()) {
			interfaces.add(zodbInterface("IStorageUndoable"));
		}
		if (storage instanceof CurrentRecordIteration) {
			interfaces.add(zodbInterface("IStorageCurrentRecordIteration"));
		}
		if (storage instanceof ExternalGC) {
			interfaces.add(zodbInterface("IExternalGC"));
		}
		interfaces.add(zodbInterface("IStorage"));
		interfaces.add(Tuple.of("zope.interface", "Interface"));
		return Tuple.copyOf(interfaces);
	}

	private static Tuple zodbInterface(String name) {
		return Tuple.of("ZODB.interfaces", name);
	}

	private @Nullable Object setLabel(ZeoCall call) {
		this.label = call.strArg(0) + " (" + this.channel.remoteAddress() + ")";
		return null;
	}

	// reads

	private @Nullable Object loadBefore(ZeoCall call) {
		StorageEndpoint target = endpoint();
		target.loads.increment();
		Oid oid = call.oidArg(0);
		Tid loadStarted = target.newestInvalidation();
		DataRevision revision = target.storage().loadBefore(oid, call.tidArg(1));
		if (revision == null) {
			return null;
		}
		Tid end = revision.end();
		this.revealed = (end != null && end.compareTo(revision.start()) > 0) ? end : revision.start();
		if (end == null) {
			return new CurrentRevision(oid, revision, loadStarted);
		}
		return Tuple.of(revision.data(), revision.start().toBytes(), end.toBytes());
	}

	/**
	 * The reply to a load that read an object's current revision. A commit may change the object after the read
	 * and have its invalidation sent before this reply; a client would then keep the old revision as current.
	 * So the reply is written under the invalidation monitor, with the revision ended at such a commit.
	 */
	private Tuple currentRevisionReply(CurrentRevision current) {
		DataRevision revision = current.revision;
		Tid end = endpoint().firstChange(current.oid, revision.start(), current.loadStarted);
		return Tuple.of(revision.data(), revision.start().toBytes(), (end != null) ? end.toBytes() : null);
	}

	/**
	 * Answers {@code record_iternext(next=None)} with {@code (oid, tid, data, next_oid)}, as Python's server
	 * passes it to FileStorage; past the last object the answer is the {@code ValueError} Python's oid index
	 * raises.
	 */
	private Object recordIterNext(ZeoCall call) {
		Storage storage = storage();
		if (!(storage instanceof CurrentRecordIteration iteration)) {
			throw noSuchMethod(ZeoMethods.RECORD_ITERNEXT);
		}
		Oid next = (call.argCount() > 0 && call.arg(0) != null) ? call.oidArg(0) : null;
		CurrentRecord record = iteration.recordIterNext(next);
		if (record == null) {
			throw new ZeoServerException(ZeoErrors.VALUE_ERROR,
					Tuple.of((storage.objectCount() == 0) ? "empty tree" : "no key satisfies the conditions"));
		}
		Oid following = record.next();
		return Tuple.of(record.oid().toBytes(), record.serial().toBytes(), record.data(),
				(following != null) ? following.toBytes() : null);
	}

	/** The {@code AttributeError} Python's {@code ZEOStorage} raises for a method it does not have. */
	private static ZeoServerException noSuchMethod(String method) {
		return new ZeoServerException(ZeoErrors.ATTRIBUTE_ERROR,
				Tuple.of("'ZEOStorage' object has no attribute '" + method + "'"));
	}

	private Object loadSerial(ZeoCall call) {
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
		this.transactions.requireWritable();
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
		Predicate<UndoInfo> filter = (specification != null) ? (info) -> matches(undoEntry(info), specification)
				: null;
		for (UndoInfo info : storage.undoLog(first, last, filter)) {
			entries.add(undoEntry(info));
		}
		return entries;
	}

	private static Map<Object, @Nullable Object> undoEntry(UndoInfo info) {
		Map<Object, @Nullable Object> map = new LinkedHashMap<>();
		map.put("id", info.id());
		map.put("time", info.time());
		map.put("user_name", info.user());
		map.put("size", info.size());
		map.put("description", info.description());
		TransactionExtensions.toMap(info.extension()).forEach(map::putIfAbsent);
		return map;
	}

	private static boolean matches(Map<Object, @Nullable Object> entry, Map<Object, @Nullable Object> specification) {
		for (Map.Entry<Object, @Nullable Object> wanted : specification.entrySet()) {
			if (!PyValues.deepEquals(entry.get(wanted.getKey()), wanted.getValue())) {
				return false;
			}
		}
		return true;
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
			// Runs beside this connection's later calls, as Python's server does: another thread of the same
			// client may hold the commit lock the pack waits for and need its tpc_finish handled meanwhile.
			return new DeferredReply(CompletableFuture.supplyAsync(() -> {
				pack.run();
				return null;
			}, this.pool));
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

	private void cleanUp() {
		this.closed = true;
		logger.debug("{} closed", this);
		StorageEndpoint registered = this.endpoint;
		if (registered == null) {
			return;
		}
		registered.unregister(this);
		this.transactions.abortOnDisconnect(registered);
		this.iterators.closeAll();
	}

	private record HeldInvalidation(Tid tid, ZeoCall call) {
	}

	/** A load's current revision, with the newest transaction recorded for broadcast when the load began. */
	private record CurrentRevision(Oid oid, DataRevision revision, Tid loadStarted) {
	}

	/**
	 * A call's result that arrives later, from work running beside the connection's later calls; the reply is
	 * sent when the work completes.
	 */
	private record DeferredReply(CompletableFuture<@Nullable Object> work) {
	}

}
