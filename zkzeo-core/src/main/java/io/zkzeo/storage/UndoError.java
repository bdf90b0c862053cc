package io.zkzeo.storage;

import org.jspecify.annotations.Nullable;

/**
 * A transaction cannot be undone ({@code ZODB.POSException.UndoError}), for example because an object it
 * changed was changed again later.
 */
public class UndoError extends POSException {

	private static final long serialVersionUID = 1L;

	private final @Nullable Oid oid;

	/**
	 * Creates the error.
	 * @param reason why the undo is impossible
	 * @param oid the object that blocks it, if one does
	 */
	public UndoError(String reason, @Nullable Oid oid) {
		super((oid != null) ? oid + " " + reason : reason);
		this.oid = oid;
	}

	/** @return the object that blocks the undo, if one does */
	public @Nullable Oid getOid() {
		return this.oid;
	}

}
