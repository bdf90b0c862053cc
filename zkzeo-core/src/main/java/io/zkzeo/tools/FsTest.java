package io.zkzeo.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.zkzeo.storage.file.DataRecordHeader;
import io.zkzeo.storage.file.FileStorageFormat;
import io.zkzeo.storage.file.FileStorageFormatError;
import io.zkzeo.storage.file.TransactionHeader;

/**
 * Checks the structure of a FileStorage file as ZODB's {@code fstest} does: magic, increasing tids,
 * transaction lengths, status bytes, data records inside their transaction. Object records are not
 * unpickled. The first problem found ends the check.
 */
final class FsTest {

	private final PrintStream out;

	private final int verbosity;

	/**
	 * Creates a checker.
	 * @param out where progress lines go ({@code -v}: one per transaction, {@code -v -v}: also one per
	 * record)
	 * @param verbosity 0, 1 or 2
	 */
	FsTest(PrintStream out, int verbosity) {
		this.out = out;
		this.verbosity = verbosity;
	}

	/**
	 * Checks a file.
	 * @param path the file
	 * @throws FormatProblem describing the first problem found
	 */
	void check(Path path) {
		try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
			check(path, channel);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + path, ex);
		}
		catch (FileStorageFormatError ex) {
			throw new FormatProblem(path + " truncated at " + ex.getPosition());
		}
		if (this.verbosity > 0) {
			this.out.println("no errors detected");
		}
	}

	private void check(Path path, FileChannel channel) throws IOException {
		long size = channel.size();
		if (size == 0) {
			throw new FormatProblem("empty file");
		}
		if (size < FileStorageFormat.MAGIC_LENGTH
				|| !FileStorageFormat.isKnownMagic(FileStorageFormat.readBytes(channel, 0, FileStorageFormat.MAGIC_LENGTH))) {
			throw new FormatProblem("invalid file header");
		}
		long position = FileStorageFormat.MAGIC_LENGTH;
		long lastTid = 0;
		int number = 0;
		while (position < size) {
			if (position + FileStorageFormat.TRANSACTION_HEADER_LENGTH > size) {
				throw new FormatProblem(path + " truncated at " + position);
			}
			TransactionHeader txn = TransactionHeader.read(channel, position);
			checkTransaction(path, channel, txn, lastTid, size);
			if (this.verbosity > 0) {
				this.out.printf("%10d: transaction tid 0x%016x #%d%n", position, txn.tid(), number);
			}
			number++;
			lastTid = txn.tid();
			position = txn.nextPosition();
		}
	}

	private void checkTransaction(Path path, FileChannel channel, TransactionHeader txn, long lastTid, long size) {
		long position = txn.position();
		if (Long.compareUnsigned(txn.tid(), lastTid) <= 0) {
			throw new FormatProblem(String.format("%s time-stamp reduction at %d: 0x%016x <= 0x%016x", path, position,
					txn.tid(), lastTid));
		}
		if (txn.tlen() < 0 || position + txn.tlen() + FileStorageFormat.REDUNDANT_LENGTH_SIZE > size) {
			throw new FormatProblem(path + " truncated possibly because of damaged records at " + position);
		}
		if (txn.status() == FileStorageFormat.STATUS_CHECKPOINT) {
			throw new FormatProblem(path + " checkpoint flag was not cleared at " + position);
		}
		if (txn.status() != FileStorageFormat.STATUS_COMMITTED && txn.status() != FileStorageFormat.STATUS_PACKED
				&& txn.status() != FileStorageFormat.STATUS_UNDONE) {
			throw new FormatProblem(path + " has invalid status " + PythonRepr.character(txn.statusChar()) + " at "
					+ position);
		}
		if (!txn.isLengthConsistent()) {
			throw new FormatProblem(path + " has an invalid transaction header at " + position);
		}
		if (txn.status() != FileStorageFormat.STATUS_UNDONE) {
			checkRecords(path, channel, txn);
		}
		if (txn.readRedundantLength(channel) != txn.tlen()) {
			throw new FormatProblem(path + " has inconsistent transaction length at " + position);
		}
	}

	private void checkRecords(Path path, FileChannel channel, TransactionHeader txn) {
		long at = txn.firstRecordPosition();
		int number = 0;
		while (at < txn.recordsEnd()) {
			if (at + FileStorageFormat.DATA_HEADER_LENGTH > txn.recordsEnd() + FileStorageFormat.REDUNDANT_LENGTH_SIZE) {
				throw new FormatProblem(path + " truncated at " + at);
			}
			DataRecordHeader record = DataRecordHeader.read(channel, at);
			if (record.tloc() != txn.position()) {
				throw new FormatProblem(String.format("%s data record exceeds transaction record at %d: tloc %d != tpos %d",
						path, at, record.tloc(), txn.position()));
			}
			long next = at + DataRecordHeader.recordLength(record.plen()) + versionLength(record);
			if (next > txn.recordsEnd()) {
				throw new FormatProblem(path + " has data records that extend beyond the transaction record; end at "
						+ next);
			}
			if (this.verbosity > 1) {
				this.out.printf("%10d: object oid 0x%016x #%d%n", at, record.oid(), number);
			}
			number++;
			at = next;
		}
	}

	private static long versionLength(DataRecordHeader record) {
		return (record.vlen() == 0) ? 0 : 16 + record.vlen();
	}

	/**
	 * The problem {@code fstest} found, with ZODB's wording.
	 */
	static final class FormatProblem extends RuntimeException {

		private static final long serialVersionUID = 1L;

		FormatProblem(String message) {
			super(message);
		}

	}

}
