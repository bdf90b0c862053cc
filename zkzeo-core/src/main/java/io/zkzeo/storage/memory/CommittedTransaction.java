package io.zkzeo.storage.memory;

import java.util.List;

import io.zkzeo.storage.DataRecord;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionRecord;
import io.zkzeo.storage.UndoInfo;

/**
 * A committed transaction: its metadata and the revisions it wrote, in the order they were stored.
 * Arrays are never handed out without copying.
 *
 * @param tid the transaction id
 * @param status {@code ' '} normally, {@code 'p'} once pack has rewritten it
 * @param user the user bytes
 * @param description the description bytes
 * @param extension the pickled extension dictionary
 * @param revisions the revisions written
 */
record CommittedTransaction(Tid tid, char status, byte[] user, byte[] description, byte[] extension,
		List<Revision> revisions) {

	/** The size of a FileStorage transaction header and its trailing length. */
	private static final int TRANSACTION_OVERHEAD = 23 + 8;

	/** The size of a FileStorage data record header. */
	private static final int RECORD_OVERHEAD = 42;

	/**
	 * Returns the size the transaction would take in a FileStorage, used for sizes and the undo log.
	 * @return the size in bytes
	 */
	long size() {
		long size = TRANSACTION_OVERHEAD + this.user.length + this.description.length + this.extension.length;
		for (Revision revision : this.revisions) {
			size += RECORD_OVERHEAD + revision.storedSize();
		}
		return size;
	}

	/**
	 * Returns the transaction as the storage iterator reports it.
	 * @return the record, with copies of the data
	 */
	TransactionRecord toRecord() {
		List<DataRecord> records = this.revisions.stream()
			.map((revision) -> new DataRecord(revision.oid(), this.tid,
					(revision.data() != null) ? revision.data().clone() : null, revision.dataTxn()))
			.toList();
		return new TransactionRecord(this.tid, this.status, this.user.clone(), this.description.clone(),
				this.extension.clone(), records);
	}

	/**
	 * Returns the transaction as the undo log reports it.
	 * @return the undo information
	 */
	UndoInfo toUndoInfo() {
		return new UndoInfo(this.tid, this.user.clone(), this.description.clone(), this.extension.clone(), size());
	}

}
