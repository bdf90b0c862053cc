package io.zkzeo.storage;

import java.util.Iterator;

/**
 * An iterator over committed transactions in tid order. Close it when done: it may hold a file open.
 */
public interface StorageIterator extends Iterator<TransactionRecord>, AutoCloseable {

	/**
	 * Releases what the iterator holds. Never throws a checked exception.
	 */
	@Override
	void close();

}
