package io.zkzeo.protocol;

import java.util.Set;

/**
 * The ZEO 5 method names exactly as they appear on the wire. Java code uses these constants rather than string
 * literals.
 */
public final class ZeoMethods {

	// client -> server

	/** {@code register(storage_name, read_only) -> last_tid}, the first call of every connection. */
	public static final String REGISTER = "register";

	/** {@code get_info() -> dict}. */
	public static final String GET_INFO = "get_info";

	/** {@code lastTransaction() -> tid}. */
	public static final String LAST_TRANSACTION = "lastTransaction";

	/** {@code getInvalidations(tid) -> None | (tid, [oid])}. */
	public static final String GET_INVALIDATIONS = "getInvalidations";

	/** {@code new_oids(n=100) -> [oid]}. */
	public static final String NEW_OIDS = "new_oids";

	/** {@code new_oid}: whitelisted by Python servers but not implemented. */
	public static final String NEW_OID = "new_oid";

	/** {@code pack(t, wait=1) -> None}. */
	public static final String PACK = "pack";

	/** {@code loadBefore(oid, tid) -> None | (data, start_tid, end_tid)}. */
	public static final String LOAD_BEFORE = "loadBefore";

	/** {@code loadSerial(oid, serial) -> data}. */
	public static final String LOAD_SERIAL = "loadSerial";

	/** {@code getTid(oid) -> tid}. */
	public static final String GET_TID = "getTid";

	/** {@code history(oid, size=1) -> [dict]}. */
	public static final String HISTORY = "history";

	/** {@code record_iternext(next) -> (oid, tid, data, next)}. */
	public static final String RECORD_ITERNEXT = "record_iternext";

	/** Asynchronous {@code tpc_begin(txn, user, description, extension, tid, status)}. */
	public static final String TPC_BEGIN = "tpc_begin";

	/** Asynchronous {@code storea(oid, serial, data, txn)}. */
	public static final String STOREA = "storea";

	/** Asynchronous {@code checkCurrentSerialInTransaction(oid, serial, txn)}. */
	public static final String CHECK_CURRENT_SERIAL_IN_TRANSACTION = "checkCurrentSerialInTransaction";

	/** Asynchronous {@code restorea(oid, serial, data, prev_txn, txn)}. */
	public static final String RESTOREA = "restorea";

	/** Asynchronous {@code deleteObject(oid, serial, txn)}. */
	public static final String DELETE_OBJECT = "deleteObject";

	/** Asynchronous {@code undoa(undo_id, txn)}. */
	public static final String UNDOA = "undoa";

	/** Asynchronous {@code storeBlobStart()}. */
	public static final String STORE_BLOB_START = "storeBlobStart";

	/** Asynchronous {@code storeBlobChunk(chunk)}. */
	public static final String STORE_BLOB_CHUNK = "storeBlobChunk";

	/** Asynchronous {@code storeBlobEnd(oid, serial, data, txn)}. */
	public static final String STORE_BLOB_END = "storeBlobEnd";

	/** Asynchronous {@code storeBlobShared(oid, serial, data, filename, txn)}. */
	public static final String STORE_BLOB_SHARED = "storeBlobShared";

	/** {@code sendBlob(oid, serial) -> None}, preceded by the {@code receiveBlob*} calls. */
	public static final String SEND_BLOB = "sendBlob";

	/** {@code vote(txn) -> [oid] | [conflict dict]}. */
	public static final String VOTE = "vote";

	/** {@code tpc_finish(txn) -> tid}. */
	public static final String TPC_FINISH = "tpc_finish";

	/** {@code tpc_abort(txn) -> None}. */
	public static final String TPC_ABORT = "tpc_abort";

	/**
	 * {@code vote_and_finish(txn) -> ([oid], tid)}: a zkzeo extension, the vote and {@code tpc_finish} of a one-phase
	 * commit in one call, so the commit lock is not held across a network round trip. A zkzeo server offers it in
	 * {@code get_info} ({@link #INFO_VOTE_AND_FINISH}). Python's servers do not have it; Python's clients never call
	 * it.
	 */
	public static final String VOTE_AND_FINISH = "vote_and_finish";

	/** The {@code get_info} key with which a zkzeo server says it answers {@link #VOTE_AND_FINISH}. */
	public static final String INFO_VOTE_AND_FINISH = "zkzeo_vote_and_finish";

	/** {@code undoLog(first, last) -> [dict]}. */
	public static final String UNDO_LOG = "undoLog";

	/** {@code undoInfo(first, last, specification) -> [dict]}. */
	public static final String UNDO_INFO = "undoInfo";

	/** {@code iterator_start(start, stop) -> iid}. */
	public static final String ITERATOR_START = "iterator_start";

	/** {@code iterator_next(iid) -> None | (tid, status, user, description, extension)}. */
	public static final String ITERATOR_NEXT = "iterator_next";

	/** {@code iterator_record_start(txn_iid, tid) -> record_iid}. */
	public static final String ITERATOR_RECORD_START = "iterator_record_start";

	/** {@code iterator_record_next(record_iid) -> None | (oid, tid, data, data_txn)}. */
	public static final String ITERATOR_RECORD_NEXT = "iterator_record_next";

	/** Asynchronous {@code iterator_gc([iid])}. */
	public static final String ITERATOR_GC = "iterator_gc";

	/** {@code server_status() -> dict}. */
	public static final String SERVER_STATUS = "server_status";

	/** Asynchronous {@code set_client_label(label)}. */
	public static final String SET_CLIENT_LABEL = "set_client_label";

	/** {@code ping() -> None}. */
	public static final String PING = "ping";

	// server -> client (all asynchronous)

	/** {@code invalidateTransaction(tid, [oid])}. */
	public static final String INVALIDATE_TRANSACTION = "invalidateTransaction";

	/** {@code info({"length": n, "size": n})}. */
	public static final String INFO = "info";

	/** {@code receiveBlobStart(oid, serial)}. */
	public static final String RECEIVE_BLOB_START = "receiveBlobStart";

	/** {@code receiveBlobChunk(oid, serial, chunk)}. */
	public static final String RECEIVE_BLOB_CHUNK = "receiveBlobChunk";

	/** {@code receiveBlobStop(oid, serial)}. */
	public static final String RECEIVE_BLOB_STOP = "receiveBlobStop";

	/** The methods a Python server accepts after a successful {@code register} (not {@code register} itself). */
	public static final Set<String> REGISTERED_METHODS = Set.of(GET_INFO, LAST_TRANSACTION, GET_INVALIDATIONS,
			NEW_OIDS, PACK, LOAD_BEFORE, STOREA, CHECK_CURRENT_SERIAL_IN_TRANSACTION, RESTOREA, STORE_BLOB_START,
			STORE_BLOB_CHUNK, STORE_BLOB_END, STORE_BLOB_SHARED, DELETE_OBJECT, TPC_BEGIN, VOTE, TPC_FINISH, TPC_ABORT,
			HISTORY, RECORD_ITERNEXT, SEND_BLOB, GET_TID, LOAD_SERIAL, NEW_OID, UNDOA, UNDO_LOG, UNDO_INFO,
			ITERATOR_START, ITERATOR_NEXT, ITERATOR_RECORD_START, ITERATOR_RECORD_NEXT, ITERATOR_GC, SERVER_STATUS,
			SET_CLIENT_LABEL, PING);

	/** The methods a zkzeo server accepts after {@code register} besides {@link #REGISTERED_METHODS}. */
	public static final Set<String> EXTENSION_METHODS = Set.of(VOTE_AND_FINISH);

	/** The asynchronous calls a server makes to its clients. */
	public static final Set<String> CLIENT_METHODS = Set.of(INVALIDATE_TRANSACTION, INFO, RECEIVE_BLOB_START,
			RECEIVE_BLOB_CHUNK, RECEIVE_BLOB_STOP);

	private ZeoMethods() {
	}

}
