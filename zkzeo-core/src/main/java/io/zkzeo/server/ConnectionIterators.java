package io.zkzeo.server;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import io.zkzeo.protocol.PyValues;
import io.zkzeo.protocol.Tuple;
import io.zkzeo.protocol.ZeoCall;
import io.zkzeo.protocol.ZeoErrors;
import io.zkzeo.protocol.ZeoServerException;
import io.zkzeo.storage.DataRecord;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.StorageIterator;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage iterators a connection opened with {@code iterator_start} and {@code iterator_record_start}, by
 * id: ids count up from 0 per connection, shared by transaction and record iterators, as in Python. Used from
 * the connection's call queue only.
 */
final class ConnectionIterators {

	private static final Logger logger = LoggerFactory.getLogger(ConnectionIterators.class);

	private static final String KEY_ERROR = "builtins.KeyError";

	private final Map<Long, Object> iterators = new LinkedHashMap<>();

	private long nextId;

	Object start(Storage storage, ZeoCall call) {
		Tid start = (call.argCount() > 0) ? call.nullableTidArg(0) : null;
		Tid stop = (call.argCount() > 1) ? call.nullableTidArg(1) : null;
		long id = this.nextId++;
		this.iterators.put(id, new TransactionCursor(storage.iterator(start, stop)));
		return id;
	}

	@Nullable Object next(ZeoCall call) {
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

	Object recordStart(ZeoCall call) {
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
		long recordId = this.nextId++;
		this.iterators.put(recordId, current.records().iterator());
		return recordId;
	}

	@Nullable Object recordNext(ZeoCall call) {
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

	@Nullable Object forget(ZeoCall call) {
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

	/** Closes every open iterator. */
	void closeAll() {
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
