package io.zkzeo.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.zkzeo.protocol.ZeoCall;
import io.zkzeo.protocol.ZeoMethods;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import org.jspecify.annotations.Nullable;

/**
 * One transaction of a client storage, from {@code tpcBegin} to finish or abort. Every call is kept in order, so
 * the transaction can be put on the wire when it begins (as ZEO's client does) or later, at vote, if another
 * transaction of the same client holds the connection then; the stored records also update the cache after the
 * commit. Calls on the wire go out in batches of {@link #BATCH_CALLS} or {@link #BATCH_BYTES}, the rest just
 * before the vote: the server sees the frames Python's client sends, in the same order, for one write through
 * the connection's pipeline per batch instead of one per call. Guarded by the client storage's commit monitor.
 */
final class ClientTransaction {

	/** How many calls go out together at most. */
	static final int BATCH_CALLS = 1000;

	/** How many bytes of record data go out together at most. */
	static final int BATCH_BYTES = 256 * 1024;

	/** Where the transaction is in the two-phase commit. */
	enum State {

		/** Begun; calls may be added. */
		OPEN,

		/** Vote in progress. */
		VOTING,

		/** Voted successfully; may finish. */
		VOTED,

		/** The vote failed; only an abort is left. */
		VOTE_FAILED

	}

	final TransactionMetaData metadata;

	final long id;

	private final byte[] user;

	private final byte[] description;

	private final Map<Object, @Nullable Object> extension;

	private final List<Operation> operations = new ArrayList<>();

	final Map<Oid, byte[]> stored = new LinkedHashMap<>();

	final Set<Oid> undone = new LinkedHashSet<>();

	volatile State state = State.OPEN;

	/** The connection the transaction has been sent on, or {@code null} if it is only held here. */
	volatile @Nullable ServerConnection sentOn;

	/** How many of the calls have been written to {@link #sentOn}. */
	private int written;

	/** Bytes of record data in the calls not written yet. */
	private int unwrittenBytes;

	volatile Set<Oid> resolved = Set.of();

	/** Whether {@code tpc_finish} is to follow a successful vote at once, sent from the I/O thread. */
	boolean finishAfterVote;

	/** The {@code tpc_finish} call sent after the vote, if it was. */
	volatile @Nullable CompletableFuture<TransactionCoordinator.Finished> finishing;

	ClientTransaction(TransactionMetaData metadata, long id, byte[] user, byte[] description,
			Map<Object, @Nullable Object> extension) {
		this.metadata = metadata;
		this.id = id;
		this.user = user;
		this.description = description;
		this.extension = extension;
	}

	/**
	 * Adds a call; if the transaction is on the wire, the calls not written yet go out once they make a batch.
	 */
	void add(Operation operation) {
		this.operations.add(operation);
		if (operation instanceof Store store) {
			this.stored.put(store.oid(), store.data());
		}
		else if (operation instanceof Restore restore) {
			this.stored.remove(restore.oid());
			this.undone.add(restore.oid());
		}
		ServerConnection connection = this.sentOn;
		if (connection != null) {
			this.unwrittenBytes += operation.dataLength();
			if (this.operations.size() - this.written >= BATCH_CALLS || this.unwrittenBytes >= BATCH_BYTES) {
				writeUnwritten(connection, true);
			}
		}
	}

	/**
	 * Sends {@code tpc_begin} and every call so far on a connection, which the transaction is on from then on.
	 */
	void sendOn(ServerConnection connection) {
		Tid forced = this.metadata.tid();
		connection.sendAsync(ZeoMethods.TPC_BEGIN, this.id, this.user, this.description, this.extension,
				(forced != null) ? forced.toBytes() : null, String.valueOf(this.metadata.status()));
		this.sentOn = connection;
		this.written = 0;
		writeUnwritten(connection, false);
	}

	/**
	 * Writes the calls that have not gone out yet on the connection the transaction is on; done before the vote.
	 * @param connection the connection
	 * @param flush whether to send them now rather than with the next call that flushes
	 */
	void writeUnwritten(ServerConnection connection, boolean flush) {
		int count = this.operations.size() - this.written;
		if (count > 0) {
			List<ZeoCall> calls = new ArrayList<>(count);
			for (Operation operation : this.operations.subList(this.written, this.operations.size())) {
				calls.add(operation.call(this.id));
			}
			connection.sendAsync(calls, flush);
			this.written = this.operations.size();
		}
		this.unwrittenBytes = 0;
	}

	/**
	 * Returns every object the commit changes: those stored, restored or undone, and those the server resolved.
	 */
	Set<Oid> changedOids() {
		Set<Oid> oids = new LinkedHashSet<>(this.stored.keySet());
		oids.addAll(this.undone);
		oids.addAll(this.resolved);
		return oids;
	}

	/** A call of the transaction after {@code tpc_begin}. */
	sealed interface Operation permits Store, CheckCurrent, Restore, Undo {

		/** Returns the asynchronous call that puts this on the wire in transaction {@code txn}. */
		ZeoCall call(long txn);

		/** Returns how many bytes of record data the call carries. */
		default int dataLength() {
			return 0;
		}

	}

	/** {@code storea(oid, serial, data, txn)}. */
	record Store(Oid oid, Tid serial, byte[] data) implements Operation {

		@Override
		public ZeoCall call(long txn) {
			return ZeoCall.async(ZeoMethods.STOREA, this.oid.toBytes(), this.serial.toBytes(), this.data, txn);
		}

		@Override
		public int dataLength() {
			return this.data.length;
		}

	}

	/** {@code checkCurrentSerialInTransaction(oid, serial, txn)}. */
	record CheckCurrent(Oid oid, Tid serial) implements Operation {

		@Override
		public ZeoCall call(long txn) {
			return ZeoCall.async(ZeoMethods.CHECK_CURRENT_SERIAL_IN_TRANSACTION, this.oid.toBytes(),
					this.serial.toBytes(), txn);
		}

	}

	/** {@code restorea(oid, serial, data, prev_txn, txn)}. */
	record Restore(Oid oid, Tid serial, byte @Nullable [] data, @Nullable Tid prevTxn) implements Operation {

		@Override
		public ZeoCall call(long txn) {
			return ZeoCall.async(ZeoMethods.RESTOREA, this.oid.toBytes(), this.serial.toBytes(), this.data,
					(this.prevTxn != null) ? this.prevTxn.toBytes() : null, txn);
		}

		@Override
		public int dataLength() {
			return (this.data != null) ? this.data.length : 0;
		}

	}

	/** {@code undoa(undo_id, txn)}. */
	record Undo(byte[] undoId) implements Operation {

		@Override
		public ZeoCall call(long txn) {
			return ZeoCall.async(ZeoMethods.UNDOA, this.undoId, txn);
		}

	}

}
