package io.zkzeo.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.zkzeo.pickle.RecordCodec;
import io.zkzeo.protocol.PyValues;
import io.zkzeo.protocol.Tuple;
import io.zkzeo.protocol.ZeoCall;
import io.zkzeo.protocol.ZeoErrors;
import io.zkzeo.protocol.ZeoMethods;
import io.zkzeo.protocol.ZeoServerException;
import io.zkzeo.storage.ConflictError;
import io.zkzeo.storage.ExternalGC;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.POSKeyError;
import io.zkzeo.storage.ReadConflictError;
import io.zkzeo.storage.ReadOnlyError;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.StorageTransactionError;
import io.zkzeo.storage.Tid;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two-phase commit calls of one connection, as Python's {@code ZEOStorage} answers them, on top of the
 * storage SPI: {@code tpc_begin} begins a storage transaction at once and stores stream into it as they arrive;
 * their errors are kept for {@code vote}, which takes the storage's commit lock. With client conflict resolution
 * the stores are also logged, so that after a conflict the transaction can be begun again and replayed with the
 * client's resolved records. zkzeo's own {@code vote_and_finish} votes and finishes in one call. Used from the
 * connection's call queue only, except the transaction timeout, which runs on the event loop.
 */
final class ConnectionTransactions {

	private static final Logger logger = LoggerFactory.getLogger(ConnectionTransactions.class);

	static final String BLOBS_NOT_SUPPORTED = "Blobs are not supported by this server";

	private static final RecordCodec records = RecordCodec.generic();

	private final ZeoSession session;

	private final ServerOptions options;

	private volatile @Nullable ClientTransaction transaction;

	ConnectionTransactions(ZeoSession session, ServerOptions options) {
		this.session = session;
		this.options = options;
	}

	private StorageEndpoint endpoint() {
		return this.session.endpoint();
	}

	private Storage storage() {
		return this.session.endpoint().storage();
	}

	/**
	 * Aborts the open transaction, if any, after the connection closed.
	 * @param endpoint the storage the connection was registered with
	 */
	void abortOnDisconnect(StorageEndpoint endpoint) {
		ClientTransaction current = this.transaction;
		if (current != null) {
			logger.info("{} disconnected with an open transaction; aborting it", this.session);
			endpoint.aborts.increment();
			discard(current);
		}
	}

	void requireWritable() {
		if (this.session.isReadOnly()) {
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

	@Nullable Object tpcBegin(ZeoCall call) {
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

	@Nullable Object storea(ZeoCall call) {
		ClientTransaction current = checkTransaction(call, 3);
		StorageEndpoint target = endpoint();
		target.stores.increment();
		Oid oid = call.oidArg(0);
		Tid serial = storeSerial(call.arg(1));
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

	/**
	 * Reads the serial of a store. Python's storages look at it only when the object already exists, so ZEO's
	 * clients may send {@code None} or a {@code str} for a new object (ZODB's and ZEO's own tests do). Anything
	 * other than eight bytes reads as {@link Tid#ZERO}: a new object is stored, and an existing one conflicts,
	 * as Python's comparison with the committed serial does.
	 */
	private static Tid storeSerial(@Nullable Object value) {
		return (value instanceof byte[] bytes && bytes.length == 8) ? PyValues.toTid(bytes) : Tid.ZERO;
	}

	@Nullable Object checkCurrentSerial(ZeoCall call) {
		ClientTransaction current = checkTransaction(call, 2);
		Oid oid = call.oidArg(0);
		Tid serial = call.tidArg(1);
		if (this.options.clientConflictResolution()) {
			current.operations.add((storage, metaData) -> storage.checkCurrentSerialInTransaction(oid, serial, metaData));
		}
		streamed(current, (storage, metaData) -> storage.checkCurrentSerialInTransaction(oid, serial, metaData));
		return null;
	}

	@Nullable Object restorea(ZeoCall call) {
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

	@Nullable Object undoa(ZeoCall call) {
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

	@Nullable Object deferToVote(ZeoCall call, int txnIndex, RuntimeException error) {
		checkTransaction(call, txnIndex).defer(error);
		return null;
	}

	@Nullable Object deleteObject(ZeoCall call) {
		ClientTransaction current = checkTransaction(call, 2);
		endpoint().stores.increment();
		Oid oid = call.oidArg(0);
		Tid serial = call.tidArg(1);
		ClientTransaction.Operation delete = (storage, metaData) -> {
			if (!(storage instanceof ExternalGC gc)) {
				throw new UnsupportedOperationException("deleteObject is not supported by storage " + storage.getName());
			}
			gc.deleteObject(oid, serial, metaData);
		};
		if (this.options.clientConflictResolution()) {
			current.operations.add(delete);
		}
		streamed(current, delete);
		return null;
	}

	@Nullable Object blobPart() {
		ClientTransaction current = this.transaction;
		if (current != null) {
			current.defer(new UnsupportedOperationException(BLOBS_NOT_SUPPORTED));
		}
		return null;
	}

	Object vote(ZeoCall call) {
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
			awaitConflictingTransaction(target, ex);
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
		target.lockAcquired(this.session);
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

	/**
	 * Holds a conflict back until the transaction it conflicts with has been broadcast: with group commit
	 * that transaction may still be on its way to disk, and the client must hold its invalidation before it
	 * retries or resolves the conflict.
	 */
	private static void awaitConflictingTransaction(StorageEndpoint target, ConflictError conflict) {
		Tid committed = conflict.getCommittedSerial();
		if (committed != null) {
			target.awaitBroadcast(committed);
		}
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

	@Nullable Object tpcFinish(ZeoCall call) {
		ClientTransaction current = this.transaction;
		if (current == null || !Objects.equals(current.id, call.arg(0))) {
			return null;
		}
		if (!current.voted) {
			throw new StorageTransactionError("tpc_finish called before vote");
		}
		StorageEndpoint target = endpoint();
		Tid tid;
		target.finishing(current.metaData, this.session);
		try {
			tid = target.storage().tpcFinish(current.metaData);
		}
		catch (RuntimeException ex) {
			discard(current);
			throw ex;
		}
		finally {
			target.finished(current.metaData);
		}
		release(current);
		target.commits.increment();
		this.session.send(target.infoCall());
		return tid.toBytes();
	}

	/**
	 * Tells whether this server answers zkzeo's {@code vote_and_finish}: not with client conflict resolution, where
	 * a vote may hand conflicts back to the client to resolve.
	 * @return whether {@code get_info} offers the call and {@link #voteAndFinish} accepts it
	 */
	boolean offersVoteAndFinish() {
		return !this.options.clientConflictResolution();
	}

	/**
	 * Votes and, if the vote succeeds, finishes at once: zkzeo's {@code vote_and_finish}, for a one-phase commit.
	 * Refused where it is not offered ({@link #offersVoteAndFinish}).
	 * @return the vote's result and the transaction's tid
	 */
	Tuple voteAndFinish(ZeoCall call) {
		if (!offersVoteAndFinish()) {
			throw new StorageTransactionError(
					ZeoMethods.VOTE_AND_FINISH + " is not offered with client conflict resolution");
		}
		Object voted = vote(call);
		return Tuple.of(voted, tpcFinish(call));
	}

	@Nullable Object tpcAbort(ZeoCall call) {
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
				logger.warn("Could not abort the transaction of {} in {}", this.session, endpoint().name(), ex);
			}
			current.storageBegun = false;
		}
	}

	private void release(ClientTransaction current) {
		if (current.timeout != null) {
			current.timeout.cancel(false);
		}
		StorageEndpoint target = endpoint();
		target.lockReleased(this.session);
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
		current.timeout = this.session.channel().eventLoop().schedule(() -> {
			if (this.transaction == current && current.voted) {
				logger.error("{} held the commit lock of storage {} longer than the transaction timeout {}; "
						+ "closing the connection", this.session, endpoint().name(), timeout);
				this.session.channel().close();
			}
		}, timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

}
