package io.zkzeo.storage.file;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;

import io.zkzeo.storage.StorageError;
import io.zkzeo.storage.TransactionMetaData;
import org.jspecify.annotations.Nullable;

/**
 * A transaction between {@code tpcBegin} and its end: the records it will write, in store order, and the
 * serials it must find unchanged at vote.
 */
final class PendingTransaction {

	/** Marks a record whose serial is not checked at vote (restore). */
	static final long NO_SERIAL_CHECK = -1;

	final TransactionMetaData metadata;

	final byte[] user;

	final byte[] description;

	final byte[] extension;

	final long generation;

	private final List<PendingRecord> records = new ArrayList<>();

	private final Map<Long, Integer> recordIndex = new HashMap<>();

	private final List<long[]> readChecks = new ArrayList<>();

	private Phase phase = Phase.STORING;

	long tid;

	long position;

	long tlen;

	long @Nullable [] recordPositions;

	/** Set once the transaction is on disk and published; guarded by {@link GroupCommit}. */
	boolean durable;

	PendingTransaction(TransactionMetaData metadata, long generation) {
		this.metadata = metadata;
		this.user = metadata.user();
		this.description = metadata.description();
		this.extension = metadata.extension();
		this.generation = generation;
	}

	void add(PendingRecord record) {
		Integer existing = this.recordIndex.get(record.oid());
		if (existing != null) {
			this.records.set(existing, record);
		}
		else {
			this.recordIndex.put(record.oid(), this.records.size());
			this.records.add(record);
		}
	}

	@Nullable PendingRecord recordFor(long oid) {
		Integer existing = this.recordIndex.get(oid);
		return (existing != null) ? this.records.get(existing) : null;
	}

	/**
	 * Records a serial to check at vote.
	 * @param oid the object
	 * @param serial the serial read
	 * @param seenPosition the position of the current record when checked, 0 for none
	 */
	void addReadCheck(long oid, long serial, long seenPosition) {
		this.readChecks.add(new long[] { oid, serial, seenPosition });
	}

	List<PendingRecord> records() {
		return this.records;
	}

	List<long[]> readChecks() {
		return this.readChecks;
	}

	Phase phase() {
		return this.phase;
	}

	void phase(Phase phase) {
		this.phase = phase;
	}

	/**
	 * Lays out the whole transaction with status {@code 'c'}, as vote writes it, and remembers its tid,
	 * position, length and record positions for finish.
	 * @param tid the transaction's tid
	 * @param position where the transaction will start (the end of committed data)
	 * @param currentPosition gives each record's {@code prev}: the position of the object's latest record
	 * @return the bytes, ready to write
	 */
	ByteBuffer encode(long tid, long position, LongUnaryOperator currentPosition) {
		long tlen = headerLength();
		for (PendingRecord record : this.records) {
			tlen += record.length();
		}
		if (tlen + 8 > Integer.MAX_VALUE - 16) {
			throw new StorageError("Transaction of " + tlen + " bytes is too large");
		}
		ByteBuffer buffer = ByteBuffer.allocate((int) tlen + 8);
		TransactionHeader.encode(buffer, tid, tlen, FileStorageFormat.STATUS_CHECKPOINT, this.user.length,
				this.description.length, this.extension.length);
		buffer.put(this.user).put(this.description).put(this.extension);
		long[] positions = new long[this.records.size()];
		int i = 0;
		for (PendingRecord record : this.records) {
			positions[i++] = position + buffer.position();
			byte[] data = record.data();
			DataRecordHeader.encode(buffer, record.oid(), tid, currentPosition.applyAsLong(record.oid()), position,
					(data != null) ? data.length : 0);
			if (data != null) {
				buffer.put(data);
			}
			else {
				buffer.putLong(record.back());
			}
		}
		buffer.putLong(tlen);
		buffer.flip();
		this.tid = tid;
		this.position = position;
		this.tlen = tlen;
		this.recordPositions = positions;
		return buffer;
	}

	/** @return where the transaction ends, redundant length included */
	long end() {
		return this.position + this.tlen + FileStorageFormat.REDUNDANT_LENGTH_SIZE;
	}

	long headerLength() {
		return FileStorageFormat.TRANSACTION_HEADER_LENGTH + (long) this.user.length + this.description.length
				+ this.extension.length;
	}

	/**
	 * Where a transaction is in the commit protocol.
	 */
	enum Phase {

		/** Begun; stores and checks are buffered. */
		STORING,

		/** Voting: holds the commit lock, being written. */
		VOTING,

		/** Voted: written with status 'c', holds the commit lock. */
		VOTED

	}

	/**
	 * One record to write.
	 *
	 * @param oid the object
	 * @param expectedSerial the serial the object must have at vote, or {@link #NO_SERIAL_CHECK}
	 * @param seenPosition the position of the object's current record when its serial was checked at
	 * store (0 for none): if it is still current at vote, the serial need not be read again
	 * @param expectedPosition for undo, the current record's position the undo was computed against, or
	 * -1
	 * @param data the payload, or {@code null} for a back pointer record
	 * @param back the back pointer when {@code data} is {@code null} (0: the object does not exist)
	 */
	record PendingRecord(long oid, long expectedSerial, long seenPosition, long expectedPosition, byte @Nullable [] data, long back) {

		long length() {
			return DataRecordHeader.recordLength((this.data != null) ? this.data.length : 0);
		}

	}

}
