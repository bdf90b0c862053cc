package io.zkzeo.storage;

/**
 * An object a transaction only read was changed by another transaction before it committed
 * ({@code ZODB.POSException.ReadConflictError}), as found by
 * {@link Storage#checkCurrentSerialInTransaction}.
 */
public class ReadConflictError extends ConflictError {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates a read conflict on one object.
	 * @param oid the object
	 * @param committedSerial the serial currently committed for it
	 * @param readSerial the serial the transaction read
	 */
	public ReadConflictError(Oid oid, Tid committedSerial, Tid readSerial) {
		super("database read conflict error", oid, committedSerial, readSerial);
	}

}
