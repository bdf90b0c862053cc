package io.zkzeo.storage.memory;

import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import org.jspecify.annotations.Nullable;

/**
 * One committed revision of an object, linked to the revision before it. Never changed once made: pack
 * builds new revisions. Compared by identity.
 */
final class Revision {

	private final Oid oid;

	private final Tid tid;

	private final byte @Nullable [] data;

	private final @Nullable Tid dataTxn;

	private final @Nullable Revision previous;

	/**
	 * Creates a revision.
	 * @param oid the object
	 * @param tid the transaction that wrote it (its serial)
	 * @param data the record, or {@code null} if the revision says the object does not exist (an undone
	 * creation); not copied
	 * @param dataTxn for a revision that copies an earlier one (undo), the tid of that earlier revision
	 * @param previous the revision before this one, or {@code null} if there is none (left)
	 */
	Revision(Oid oid, Tid tid, byte @Nullable [] data, @Nullable Tid dataTxn, @Nullable Revision previous) {
		this.oid = oid;
		this.tid = tid;
		this.data = data;
		this.dataTxn = dataTxn;
		this.previous = previous;
	}

	Oid oid() {
		return this.oid;
	}

	Tid tid() {
		return this.tid;
	}

	byte @Nullable [] data() {
		return this.data;
	}

	@Nullable Tid dataTxn() {
		return this.dataTxn;
	}

	@Nullable Revision previous() {
		return this.previous;
	}

	/** @return whether the object exists in this revision */
	boolean exists() {
		return this.data != null;
	}

	/**
	 * Returns the size this revision takes in a FileStorage: the record itself, or eight bytes for one
	 * that points back to earlier data.
	 * @return the size in bytes
	 */
	long storedSize() {
		return (this.dataTxn != null || this.data == null) ? 8 : this.data.length;
	}

	/**
	 * Finds this object's revision written by a transaction, following the chain back from this one.
	 * @param serial the transaction
	 * @return the revision, or {@code null} if there is none
	 */
	@Nullable Revision find(Tid serial) {
		Revision revision = this;
		while (revision != null && serial.compareTo(revision.tid) <= 0) {
			if (revision.tid.equals(serial)) {
				return revision;
			}
			revision = revision.previous;
		}
		return null;
	}

	@Override
	public String toString() {
		return "Revision[oid=" + this.oid + ", tid=" + this.tid + "]";
	}

}
