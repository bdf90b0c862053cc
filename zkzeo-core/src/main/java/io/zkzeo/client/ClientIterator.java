package io.zkzeo.client;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

import io.zkzeo.protocol.ClientDisconnectedException;
import io.zkzeo.protocol.PyValues;
import io.zkzeo.protocol.Tuple;
import io.zkzeo.protocol.ZeoMethods;
import io.zkzeo.storage.DataRecord;
import io.zkzeo.storage.StorageIterator;
import io.zkzeo.storage.TransactionRecord;
import org.jspecify.annotations.Nullable;

/**
 * Iterates over a server's transactions with ZEO's iterator calls: {@code iterator_next} for each transaction,
 * then {@code iterator_record_start} and {@code iterator_record_next} for its records, in the order Python's
 * client makes them. The server-side iterator lives on one connection; if that connection is lost the iterator
 * fails with {@link ClientDisconnectedException}. Closing it early releases the server's iterator with
 * {@code iterator_gc}. Not thread-safe.
 */
final class ClientIterator implements StorageIterator {

	private final ServerConnection connection;

	private final long iteratorId;

	private @Nullable TransactionRecord next;

	private boolean exhausted;

	ClientIterator(ServerConnection connection, long iteratorId) {
		this.connection = connection;
		this.iteratorId = iteratorId;
	}

	@Override
	public boolean hasNext() {
		if (this.next == null && !this.exhausted) {
			this.next = fetch();
			this.exhausted = (this.next == null);
		}
		return this.next != null;
	}

	@Override
	public TransactionRecord next() {
		if (!hasNext()) {
			throw new NoSuchElementException("No more transactions");
		}
		TransactionRecord result = this.next;
		this.next = null;
		return result;
	}

	private @Nullable TransactionRecord fetch() {
		checkConnection();
		Object value = Replies.await(this.connection.call(ZeoMethods.ITERATOR_NEXT, (reply) -> reply, this.iteratorId));
		if (value == null) {
			return null;
		}
		TransactionRecord header = WireValues.transactionHeader(PyValues.toList(value));
		long recordIterator = Replies.await(this.connection.call(ZeoMethods.ITERATOR_RECORD_START, PyValues::toLong,
				this.iteratorId, header.tid().toBytes()));
		List<DataRecord> records = new ArrayList<>();
		while (true) {
			Object record = Replies.await(this.connection.call(ZeoMethods.ITERATOR_RECORD_NEXT, (reply) -> reply,
					recordIterator));
			if (record == null) {
				break;
			}
			records.add(WireValues.dataRecord(PyValues.toList(record)));
		}
		return new TransactionRecord(header.tid(), header.status(), header.user(), header.description(),
				header.extension(), List.copyOf(records));
	}

	private void checkConnection() {
		if (!this.connection.isOpen()) {
			throw new ClientDisconnectedException(
					"The connection to ZEO server " + this.connection.address() + " this iterator used was lost");
		}
	}

	@Override
	public void close() {
		if (!this.exhausted) {
			this.exhausted = true;
			this.next = null;
			if (this.connection.isOpen()) {
				this.connection.sendAsync(ZeoMethods.ITERATOR_GC, Tuple.of(this.iteratorId));
				this.connection.flush();
			}
		}
	}

}
