package io.zkzeo.storage.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

import io.zkzeo.storage.DataRecord;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.StorageIterator;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionRecord;
import io.zkzeo.storage.file.RecordReader.StoredRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Iterates over a file's committed transactions in file order with {@code start <= tid <= stop}, as
 * ZODB's {@code FileIterator} does. Opens its own read channel, so a pack swapping the file does not
 * disturb it. Back pointers are resolved to their data; {@link DataRecord#dataTxn()} is the tid of the
 * record the back pointer names directly.
 */
final class FileStorageIterator implements StorageIterator {

	private static final Logger logger = LoggerFactory.getLogger(FileStorageIterator.class);

	private final FileChannel channel;

	private final RecordReader reader;

	private final String name;

	private final long end;

	private final @Nullable Tid start;

	private final @Nullable Tid stop;

	private long position = FileStorageFormat.MAGIC_LENGTH;

	private @Nullable TransactionRecord next;

	private boolean done;

	FileStorageIterator(Path path, String name, long end, @Nullable Tid start, @Nullable Tid stop) {
		try {
			this.channel = FileChannel.open(path, StandardOpenOption.READ);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not open " + path, ex);
		}
		this.reader = new RecordReader(this.channel, name);
		this.name = name;
		this.end = end;
		this.start = start;
		this.stop = stop;
	}

	@Override
	public boolean hasNext() {
		if (this.next == null && !this.done) {
			this.next = advance();
			if (this.next == null) {
				this.done = true;
				close();
			}
		}
		return this.next != null;
	}

	@Override
	public TransactionRecord next() {
		if (!hasNext()) {
			throw new NoSuchElementException();
		}
		TransactionRecord record = this.next;
		this.next = null;
		return record;
	}

	private @Nullable TransactionRecord advance() {
		while (this.position < this.end) {
			TransactionHeader txn = TransactionHeader.read(this.channel, this.position);
			if (txn.status() == FileStorageFormat.STATUS_CHECKPOINT || txn.nextPosition() > this.end
					|| !txn.isLengthConsistent()) {
				logger.warn("Iteration over {} stops at an incomplete transaction at {}", this.name, this.position);
				return null;
			}
			this.position = txn.nextPosition();
			if (txn.status() == FileStorageFormat.STATUS_UNDONE) {
				continue;
			}
			if (this.start != null && Long.compareUnsigned(txn.tid(), this.start.value()) < 0) {
				continue;
			}
			if (this.stop != null && Long.compareUnsigned(txn.tid(), this.stop.value()) > 0) {
				return null;
			}
			return read(txn);
		}
		return null;
	}

	private TransactionRecord read(TransactionHeader txn) {
		List<DataRecord> records = new ArrayList<>();
		long at = txn.firstRecordPosition();
		while (at < txn.recordsEnd()) {
			DataRecordHeader header = DataRecordHeader.read(this.channel, at);
			byte[] data = header.hasData() ? header.readData(this.channel) : null;
			Tid dataTxn = null;
			if (header.plen() == 0) {
				if (header.back() != 0) {
					StoredRecord target = this.reader.read(header.back(), header.oid(), false);
					dataTxn = Tid.of(target.header().tid());
					StoredRecord withData = this.reader.resolve(target);
					data = (withData != null) ? withData.data() : null;
				}
			}
			records.add(new DataRecord(Oid.of(header.oid()), Tid.of(header.tid()), data, dataTxn));
			at = header.nextPosition();
		}
		return new TransactionRecord(Tid.of(txn.tid()), txn.statusChar(), txn.readUser(this.channel),
				txn.readDescription(this.channel), txn.readExtension(this.channel), List.copyOf(records));
	}

	@Override
	public void close() {
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			logger.debug("Could not close iterator channel of {}", this.name, ex);
		}
	}

}
