package io.zkzeo.storage;

import org.jspecify.annotations.Nullable;

/**
 * A transaction tried to store an object that another transaction changed since it was read
 * ({@code ZODB.POSException.ConflictError}). Retrying the transaction from fresh state may succeed.
 */
public class ConflictError extends POSException {

	private static final long serialVersionUID = 1L;

	private final @Nullable Oid oid;

	private final @Nullable Tid committedSerial;

	private final @Nullable Tid oldSerial;

	/**
	 * Creates a conflict on one object.
	 * @param oid the object
	 * @param committedSerial the serial currently committed for it
	 * @param oldSerial the serial the transaction's change was based on
	 */
	public ConflictError(Oid oid, Tid committedSerial, Tid oldSerial) {
		this("database conflict error", oid, committedSerial, oldSerial);
	}

	/**
	 * Creates a conflict with a message of its own.
	 * @param message the kind of conflict
	 * @param oid the object, if known
	 * @param committedSerial the serial currently committed, if known
	 * @param oldSerial the serial the change was based on, if known
	 */
	public ConflictError(String message, @Nullable Oid oid, @Nullable Tid committedSerial, @Nullable Tid oldSerial) {
		super(describe(message, oid, committedSerial, oldSerial));
		this.oid = oid;
		this.committedSerial = committedSerial;
		this.oldSerial = oldSerial;
	}

	private static String describe(String message, @Nullable Oid oid, @Nullable Tid committed, @Nullable Tid old) {
		StringBuilder text = new StringBuilder(message);
		if (oid != null) {
			text.append(" (oid ").append(oid);
			if (committed != null && old != null) {
				text.append(", serial this txn started with ").append(old);
				text.append(", serial currently committed ").append(committed);
			}
			text.append(')');
		}
		return text.toString();
	}

	/** @return the object in conflict, if known */
	public @Nullable Oid getOid() {
		return this.oid;
	}

	/** @return the serial currently committed for the object, if known */
	public @Nullable Tid getCommittedSerial() {
		return this.committedSerial;
	}

	/** @return the serial the transaction's change was based on, if known */
	public @Nullable Tid getOldSerial() {
		return this.oldSerial;
	}

}
