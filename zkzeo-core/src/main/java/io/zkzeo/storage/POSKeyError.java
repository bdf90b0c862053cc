package io.zkzeo.storage;

import org.jspecify.annotations.Nullable;

/**
 * No record exists for an object id, or none for the asked revision ({@code ZODB.POSException.POSKeyError}).
 */
public class POSKeyError extends POSException {

	private static final long serialVersionUID = 1L;

	private final Oid oid;

	private final @Nullable Tid serial;

	/**
	 * Creates the error for an object that does not exist.
	 * @param oid the object
	 */
	public POSKeyError(Oid oid) {
		super(oid.toString());
		this.oid = oid;
		this.serial = null;
	}

	/**
	 * Creates the error for a revision that does not exist.
	 * @param oid the object
	 * @param serial the revision asked for
	 */
	public POSKeyError(Oid oid, Tid serial) {
		super(oid + " serial " + serial);
		this.oid = oid;
		this.serial = serial;
	}

	/** @return the object asked for */
	public Oid getOid() {
		return this.oid;
	}

	/** @return the revision asked for, if one was */
	public @Nullable Tid getSerial() {
		return this.serial;
	}

}
