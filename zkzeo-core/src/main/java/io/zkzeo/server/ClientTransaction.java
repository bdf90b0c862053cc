package io.zkzeo.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import org.jspecify.annotations.Nullable;

/**
 * A client's transaction on one connection, from {@code tpc_begin} to {@code tpc_finish} or {@code tpc_abort}:
 * the client's id for it, the storage transaction it streams into, the first error to report at vote, and,
 * with client conflict resolution, the log of stores to replay after a conflict.
 */
final class ClientTransaction {

	final Object id;

	final byte[] user;

	final byte[] description;

	final byte[] extension;

	final @Nullable Tid forcedTid;

	final char status;

	TransactionMetaData metaData;

	boolean storageBegun;

	boolean voted;

	@Nullable RuntimeException deferredError;

	final List<Oid> undone = new ArrayList<>();

	/** With client conflict resolution: the latest store of each object, in first-store order. */
	final Map<Oid, Store> log = new LinkedHashMap<>();

	/** With client conflict resolution: the other logged operations, in order. */
	final List<Operation> operations = new ArrayList<>();

	@Nullable ScheduledFuture<?> timeout;

	ClientTransaction(Object id, byte[] user, byte[] description, byte[] extension, @Nullable Tid forcedTid,
			char status) {
		this.id = id;
		this.user = user;
		this.description = description;
		this.extension = extension;
		this.forcedTid = forcedTid;
		this.status = status;
		this.metaData = newMetaData();
	}

	/** @return fresh storage metadata, to begin the storage transaction again after a conflict */
	TransactionMetaData newMetaData() {
		return new TransactionMetaData(this.user, this.description, this.extension, this.forcedTid, this.status);
	}

	void defer(RuntimeException error) {
		if (this.deferredError == null) {
			this.deferredError = error;
		}
	}

	/**
	 * An operation of the transaction on the storage, logged to be replayed.
	 */
	@FunctionalInterface
	interface Operation {

		void apply(io.zkzeo.storage.Storage storage, TransactionMetaData metaData);

	}

	/**
	 * A logged store.
	 * @param oid the object
	 * @param serial the serial the data is based on
	 * @param data the record
	 */
	record Store(Oid oid, Tid serial, byte[] data) {
	}

}
