package io.zkzeo.storage.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scans transactions forward from a position, checking each one's structure and entering its records in
 * an index, as ZODB's {@code read_index} does.
 *
 * <p>The scan stops at the end of the file or at a torn tail: a last transaction that is incomplete (too
 * short for its header or its length), or a transaction that was voted but never finished (status
 * {@code 'c'}): nothing written after one can have been acknowledged, since a commit returns only once
 * its status is on disk. Damage anywhere else (a length that does not match, a record outside its
 * transaction, an unknown status, a transaction claiming to run past the end while a complete
 * transaction ends the file) is an error naming the position; the file is never changed here.
 */
final class FileScanner {

	private static final Logger logger = LoggerFactory.getLogger(FileScanner.class);

	private final FileChannel channel;

	private final String fileName;

	FileScanner(FileChannel channel, String fileName) {
		this.channel = channel;
		this.fileName = fileName;
	}

	/**
	 * Scans from {@code start} to the end of the file.
	 * @param start the position of the first transaction to scan
	 * @param lastTid the tid of the transaction before {@code start}, or 0
	 * @param index receives each record's position
	 * @return where valid data ends, the last tid, and the torn tail if there is one
	 */
	ScanResult scan(long start, long lastTid, OidIndex index) {
		long fileSize = size();
		if (start > fileSize) {
			throw new FileStorageFormatError(this.fileName + " is shorter than its index says (" + fileSize
					+ " bytes)", start);
		}
		ChannelWindow window = new ChannelWindow(this.channel, fileSize);
		long pos = start;
		long ltid = lastTid;
		long[] oids = new long[64];
		long[] positions = new long[64];
		while (pos < fileSize) {
			if (fileSize - pos < FileStorageFormat.TRANSACTION_HEADER_LENGTH) {
				return ScanResult.torn(pos, ltid, ltid, "incomplete transaction header");
			}
			TransactionHeader txn = TransactionHeader.decode(window.at(pos, FileStorageFormat.TRANSACTION_HEADER_LENGTH),
					pos);
			if (Long.compareUnsigned(txn.tid(), ltid) <= 0) {
				logger.warn("Time-stamp reduction in {} at {}: {} after {}", this.fileName, pos, Tid.of(txn.tid()),
						Tid.of(ltid));
			}
			if (txn.status() == FileStorageFormat.STATUS_CHECKPOINT) {
				return ScanResult.torn(pos, ltid, txn.tid(), "transaction was voted but not finished");
			}
			if (txn.tlen() < 0 || pos + txn.tlen() + FileStorageFormat.REDUNDANT_LENGTH_SIZE > fileSize) {
				if (completeTransactionEndsFileAfter(pos, fileSize)) {
					throw new FileStorageFormatError("Transaction length " + txn.tlen() + " runs past the end of "
							+ this.fileName + " (" + fileSize + " bytes) although complete transactions follow", pos);
				}
				return ScanResult.torn(pos, ltid, txn.tid(), "transaction runs past the end of the file");
			}
			byte status = txn.status();
			if (status != FileStorageFormat.STATUS_COMMITTED && status != FileStorageFormat.STATUS_PACKED
					&& status != FileStorageFormat.STATUS_UNDONE) {
				throw new FileStorageFormatError("Invalid transaction status " + FileStorageFormat.printable(
						new byte[] { status }) + " in " + this.fileName, pos);
			}
			if (!txn.isLengthConsistent()) {
				long trailing = readLong(fileSize - 8);
				if (fileSize - trailing < pos || trailing < FileStorageFormat.TRANSACTION_HEADER_LENGTH) {
					return ScanResult.torn(pos, ltid, ltid, "invalid data at the end of the file");
				}
				throw new FileStorageFormatError("Transaction length " + txn.tlen() + " is shorter than its header ("
						+ txn.headerLength() + " bytes) in " + this.fileName, pos);
			}
			ltid = txn.tid();
			long end = txn.recordsEnd();
			int count = 0;
			if (status != FileStorageFormat.STATUS_UNDONE) {
				long at = txn.firstRecordPosition();
				while (at < end) {
					if (at + FileStorageFormat.DATA_HEADER_LENGTH > end) {
						throw new FileStorageFormatError("Data record header runs past the end of transaction " + pos
								+ " in " + this.fileName, at);
					}
					ByteBuffer bytes = window.at(at, FileStorageFormat.DATA_HEADER_LENGTH + 8);
					DataRecordHeader record = DataRecordHeader.decode(bytes, at, 0);
					if (record.plen() == 0) {
						record = record.withBack(bytes.getLong());
					}
					checkRecord(txn, record);
					if (count == oids.length) {
						oids = Arrays.copyOf(oids, count * 2);
						positions = Arrays.copyOf(positions, count * 2);
					}
					oids[count] = record.oid();
					positions[count] = at;
					count++;
					long known = index.get(record.oid());
					if (known != record.prev()) {
						logger.warn("Incorrect previous pointer in {} for oid {} at {}: {} (index has {})", this.fileName,
								Oid.of(record.oid()), at, record.prev(), known);
					}
					at = record.nextPosition();
				}
				if (at != end) {
					throw new FileStorageFormatError("Data records don't add up to transaction length " + txn.tlen()
							+ " in " + this.fileName, pos);
				}
			}
			long redundant = window.at(end, 8).getLong();
			if (redundant != txn.tlen()) {
				throw new FileStorageFormatError("Redundant transaction length " + redundant + " does not match "
						+ txn.tlen() + " for the transaction at " + pos + " in " + this.fileName, end);
			}
			for (int i = 0; i < count; i++) {
				index.put(oids[i], positions[i]);
			}
			pos = txn.nextPosition();
		}
		return ScanResult.complete(pos, ltid);
	}

	private void checkRecord(TransactionHeader txn, DataRecordHeader record) {
		long at = record.position();
		if (record.tloc() != txn.position()) {
			throw new FileStorageFormatError("Data record points to transaction " + record.tloc() + " instead of "
					+ txn.position() + " in " + this.fileName, at);
		}
		if (record.vlen() != 0) {
			throw new FileStorageFormatError("Data record has a version (length " + record.vlen()
					+ "), which ZODB 5 does not support, in " + this.fileName, at);
		}
		if (record.plen() < 0 || record.nextPosition() > txn.recordsEnd()) {
			throw new FileStorageFormatError("Data record of length " + record.plen()
					+ " runs past the end of transaction " + txn.position() + " in " + this.fileName, at);
		}
		if (record.tid() != txn.tid()) {
			throw new FileStorageFormatError("Data record serial " + Tid.of(record.tid())
					+ " differs from its transaction's tid " + Tid.of(txn.tid()) + " in " + this.fileName, at);
		}
		if (record.prev() >= at || record.back() >= at || record.prev() < 0 || record.back() < 0) {
			throw new FileStorageFormatError("Data record points forward (prev " + record.prev() + ", back "
					+ record.back() + ") in " + this.fileName, at);
		}
	}

	/**
	 * Whether the file ends with a complete transaction that starts after {@code pos}: then a transaction
	 * at {@code pos} that seems to run past the end is damage, not a torn tail.
	 */
	private boolean completeTransactionEndsFileAfter(long pos, long fileSize) {
		if (fileSize - pos < FileStorageFormat.TRANSACTION_HEADER_LENGTH + 8) {
			return false;
		}
		long tlen = readLong(fileSize - 8);
		long start = fileSize - 8 - tlen;
		if (tlen < FileStorageFormat.TRANSACTION_HEADER_LENGTH || start <= pos) {
			return false;
		}
		TransactionHeader last = TransactionHeader.read(this.channel, start);
		return last.tlen() == tlen && last.isLengthConsistent() && (last.status() == FileStorageFormat.STATUS_COMMITTED
				|| last.status() == FileStorageFormat.STATUS_PACKED);
	}

	private long readLong(long position) {
		return FileStorageFormat.readLong(this.channel, position);
	}

	private long size() {
		try {
			return this.channel.size();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the size of " + this.fileName, ex);
		}
	}

	/**
	 * What a scan found.
	 *
	 * @param end where the valid data ends
	 * @param lastTid the tid of the last complete transaction
	 * @param tidFloor the tid new transactions must be later than: the last tid looked at, a torn
	 * transaction's included, as ZODB does
	 * @param tornReason why the data after {@code end} is not valid, or {@code null} if the file ends there
	 */
	record ScanResult(long end, long lastTid, long tidFloor, @Nullable String tornReason) {

		static ScanResult complete(long end, long lastTid) {
			return new ScanResult(end, lastTid, lastTid, null);
		}

		static ScanResult torn(long end, long lastTid, long tidFloor, String reason) {
			long floor = (Long.compareUnsigned(tidFloor, lastTid) > 0) ? tidFloor : lastTid;
			return new ScanResult(end, lastTid, floor, reason);
		}

		boolean isTorn() {
			return this.tornReason != null;
		}

	}

}
