package io.zkzeo.storage.file;

import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.UndoError;
import io.zkzeo.storage.UndoInfo;
import io.zkzeo.storage.file.PendingTransaction.PendingRecord;
import io.zkzeo.storage.file.RecordReader.StoredRecord;
import org.jspecify.annotations.Nullable;

/**
 * The undo log and transactional undo, following ZODB's FileStorage: an undo writes, for each record of
 * the undone transaction, a back pointer to the revision before it (or a zero back pointer if the
 * transaction created the object). Used under the storage's read lock.
 */
final class Undoer {

	/** Below this position no transaction fits (ZODB's limit in undoLog). */
	private static final long MIN_TRANSACTION_END = 39;

	private final FileChannel channel;

	private final RecordReader reader;

	private final OidIndex index;

	private final String name;

	Undoer(FileChannel channel, RecordReader reader, OidIndex index, String name) {
		this.channel = channel;
		this.reader = reader;
		this.index = index;
		this.name = name;
	}

	/**
	 * Lists undoable transactions newest first, stopping at the first packed one.
	 * @param end the end of committed data
	 * @param first how many accepted transactions to skip
	 * @param last the index to stop before; negative means {@code first - last}
	 * @param filter which transactions to accept, or {@code null}
	 * @return the accepted transactions from {@code first} to {@code last}
	 */
	List<UndoInfo> undoLog(long end, int first, int last, @Nullable Predicate<UndoInfo> filter) {
		int stop = (last < 0) ? first - last : last;
		List<UndoInfo> result = new ArrayList<>();
		int accepted = 0;
		long at = end;
		while (accepted < stop && at >= MIN_TRANSACTION_END) {
			TransactionHeader txn = TransactionFinder.before(this.channel, at);
			if (txn == null || txn.status() == FileStorageFormat.STATUS_PACKED) {
				break;
			}
			at = txn.position();
			if (txn.status() != FileStorageFormat.STATUS_COMMITTED) {
				continue;
			}
			UndoInfo info = new UndoInfo(Tid.of(txn.tid()), txn.readUser(this.channel),
					txn.readDescription(this.channel), txn.readExtension(this.channel), txn.tlen());
			if (filter != null && !filter.test(info)) {
				continue;
			}
			if (accepted >= first) {
				result.add(info);
			}
			accepted++;
		}
		return result;
	}

	/**
	 * Stages in a pending transaction the records that undo a committed one.
	 * @param end the end of committed data
	 * @param tid the transaction to undo
	 * @param pending the undoing transaction
	 * @return the oids the undo changes
	 * @throws UndoError if the transaction is unknown, packed, or an object it changed changed again
	 */
	List<Oid> undo(long end, long tid, PendingTransaction pending) {
		TransactionHeader txn = TransactionFinder.find(this.channel, end, tid);
		if (txn == null) {
			throw new UndoError("Invalid transaction id " + Tid.of(tid), null);
		}
		if (txn.status() != FileStorageFormat.STATUS_COMMITTED) {
			throw new UndoError("non-undoable transaction " + Tid.of(tid), null);
		}
		Map<Long, PendingRecord> staged = new LinkedHashMap<>();
		Map<Long, UndoError> failures = new LinkedHashMap<>();
		for (DataRecordHeader record : FileWalker.of(this.channel).records(txn)) {
			long oid = record.oid();
			try {
				staged.put(oid, undoRecord(record, pending));
				failures.remove(oid);
			}
			catch (UndoError ex) {
				failures.put(oid, ex);
			}
		}
		if (!failures.isEmpty()) {
			UndoError error = failures.values().iterator().next();
			if (failures.size() > 1) {
				UndoError multiple = new UndoError("Multiple undo errors in " + this.name + ": " + failures.values(),
						error.getOid());
				throw multiple;
			}
			throw error;
		}
		List<Oid> oids = new ArrayList<>();
		for (PendingRecord record : staged.values()) {
			pending.add(record);
			oids.add(Oid.of(record.oid()));
		}
		return oids;
	}

	private PendingRecord undoRecord(DataRecordHeader record, PendingTransaction pending) {
		long oid = record.oid();
		long pos = record.position();
		long pre = record.prev();
		long ipos = this.index.get(oid);
		PendingRecord already = pending.recordFor(oid);
		if (already != null || ipos != pos) {
			long currentDataPosition = (already != null) ? stagedDataPosition(already) : dataPosition(ipos, oid);
			if (currentDataPosition != pos && dataPosition(pos, oid) != currentDataPosition) {
				throw new UndoError((pre == 0) ? "Can't undo an add transaction followed by conflicting transactions"
						: "Some data were modified by a later transaction", Oid.of(oid));
			}
		}
		return new PendingRecord(oid, PendingTransaction.NO_SERIAL_CHECK, 0, ipos, null, pre);
	}

	private long stagedDataPosition(PendingRecord staged) {
		if (staged.data() != null) {
			return -2;
		}
		return (staged.back() == 0) ? 0 : dataPosition(staged.back(), staged.oid());
	}

	/** Returns the position of the record holding the data of the record at {@code position}, 0 if none. */
	private long dataPosition(long position, long oid) {
		if (position == 0) {
			return 0;
		}
		StoredRecord withData = this.reader.resolve(this.reader.read(position, oid, false));
		return (withData != null) ? withData.header().position() : 0;
	}

}
