package io.zkzeo.storage;

/**
 * A {@link Storage} whose objects an outside garbage collector can delete, as ZODB's
 * {@code IExternalGC.deleteObject} does: the deletion is a new revision saying the object no longer
 * exists, so loading its current data raises {@link POSKeyError} while earlier revisions stay readable
 * until pack.
 */
public interface ExternalGC {

	/**
	 * Marks an object deleted in a transaction, before its vote.
	 * @param oid the object
	 * @param serial the object's current serial, checked as {@link Storage#store} checks it
	 * @param txn the transaction
	 * @throws POSKeyError if the storage has no record of the object
	 * @throws ConflictError if {@code serial} is not the object's current serial (this may also be found
	 * only at {@link Storage#vote})
	 * @throws StorageTransactionError if {@code txn} is not a transaction of the storage in its first phase
	 */
	void deleteObject(Oid oid, Tid serial, TransactionMetaData txn);

}
