package io.zkzeo.storage.file;

import java.nio.channels.FileChannel;

import org.jspecify.annotations.Nullable;

/**
 * Walks transactions backwards from an end position through their redundant lengths, as ZODB does for
 * undo and the undo log.
 */
final class TransactionFinder {

	private TransactionFinder() {
	}

	/**
	 * Returns the transaction that ends just before a position.
	 * @param channel the file
	 * @param end the end of a transaction (its redundant length is the 8 bytes before it)
	 * @return the transaction, or {@code null} if {@code end} is the start of the data
	 * @throws FileStorageFormatError if the redundant length and the header disagree
	 */
	static @Nullable TransactionHeader before(FileChannel channel, long end) {
		if (end <= FileStorageFormat.MAGIC_LENGTH) {
			return null;
		}
		long tlen = FileStorageFormat.readLong(channel, end - 8);
		long start = end - 8 - tlen;
		if (tlen < FileStorageFormat.TRANSACTION_HEADER_LENGTH || start < FileStorageFormat.MAGIC_LENGTH) {
			throw new FileStorageFormatError("Invalid redundant transaction length " + tlen, end - 8);
		}
		TransactionHeader txn = TransactionHeader.read(channel, start);
		if (txn.tlen() != tlen) {
			throw new FileStorageFormatError("Transaction length " + txn.tlen() + " does not match redundant length "
					+ tlen, start);
		}
		return txn;
	}

	/**
	 * Finds the committed transaction with a tid, searching backwards from the end.
	 * @param channel the file
	 * @param end the end of committed data
	 * @param tid the tid
	 * @return the transaction, or {@code null} if none has that tid
	 */
	static @Nullable TransactionHeader find(FileChannel channel, long end, long tid) {
		long at = end;
		while (true) {
			TransactionHeader txn = before(channel, at);
			if (txn == null) {
				return null;
			}
			int order = Long.compareUnsigned(txn.tid(), tid);
			if (order == 0) {
				return txn;
			}
			if (order < 0) {
				return null;
			}
			at = txn.position();
		}
	}

}
