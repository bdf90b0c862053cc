package io.zkzeo.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.zkzeo.protocol.ZeoMethods;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import org.jspecify.annotations.Nullable;

/**
 * One transaction of a client storage, from {@code tpcBegin} to finish or abort. Every call is kept in order, so
 * the transaction can be put on the wire when it begins (as ZEO's client does) or later, at vote, if another
 * transaction of the same client holds the connection then; the stored records also update the cache after the
 * commit. Guarded by the client storage's commit monitor.
 */
final class ClientTransaction {

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

	volatile Set<Oid> resolved = Set.of();

	ClientTransaction(TransactionMetaData metadata, long id, byte[] user, byte[] description,
			Map<Object, @Nullable Object> extension) {
		this.metadata = metadata;
		this.id = id;
		this.user = user;
		this.description = description;
		this.extension = extension;
	}

	/**
	 * Adds a call and sends it at once if the transaction is on the wire.
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
			operation.send(connection, this.id);
		}
	}

	/**
	 * Sends {@code tpc_begin} and every call so far on a connection, which the transaction is on from then on.
	 */
	void sendOn(ServerConnection connection) {
		Tid forced = this.metadata.tid();
		connection.sendAsync(ZeoMethods.TPC_BEGIN, this.id, this.user, this.description, this.extension,
				(forced != null) ? forced.toBytes() : null, String.valueOf(this.metadata.status()));
		for (Operation operation : this.operations) {
			operation.send(connection, this.id);
		}
		this.sentOn = connection;
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

		void send(ServerConnection connection, long txn);

	}

	/** {@code storea(oid, serial, data, txn)}. */
	record Store(Oid oid, Tid serial, byte[] data) implements Operation {

		@Override
		public void send(ServerConnection connection, long txn) {
			connection.sendAsync(ZeoMethods.STOREA, this.oid.toBytes(), this.serial.toBytes(), this.data, txn);
		}

	}

	/** {@code checkCurrentSerialInTransaction(oid, serial, txn)}. */
	record CheckCurrent(Oid oid, Tid serial) implements Operation {

		@Override
		public void send(ServerConnection connection, long txn) {
			connection.sendAsync(ZeoMethods.CHECK_CURRENT_SERIAL_IN_TRANSACTION, this.oid.toBytes(),
					this.serial.toBytes(), txn);
		}

	}

	/** {@code restorea(oid, serial, data, prev_txn, txn)}. */
	record Restore(Oid oid, Tid serial, byte @Nullable [] data, @Nullable Tid prevTxn) implements Operation {

		@Override
		public void send(ServerConnection connection, long txn) {
			connection.sendAsync(ZeoMethods.RESTOREA, this.oid.toBytes(), this.serial.toBytes(), this.data,
					(this.prevTxn != null) ? this.prevTxn.toBytes() : null, txn);
		}

	}

	/** {@code undoa(undo_id, txn)}. */
	record Undo(byte[] undoId) implements Operation {

		@Override
		public void send(ServerConnection connection, long txn) {
			connection.sendAsync(ZeoMethods.UNDOA, this.undoId, txn);
		}

	}

}
