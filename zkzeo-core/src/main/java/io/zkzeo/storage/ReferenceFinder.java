package io.zkzeo.storage;

import java.util.function.LongConsumer;

/**
 * Finds the objects an object record refers to, for pack's reachability scan. The record codec provides
 * the implementation; the storage needs nothing else from it.
 */
@FunctionalInterface
public interface ReferenceFinder {

	/**
	 * Reports the oid of every persistent reference in a record, duplicates allowed.
	 * @param record the object record (two pickles)
	 * @param oids receives each referenced oid
	 * @throws StorageError if the record cannot be read
	 */
	void findReferences(byte[] record, LongConsumer oids);

}
