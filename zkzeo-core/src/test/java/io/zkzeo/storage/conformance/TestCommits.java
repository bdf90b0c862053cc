package io.zkzeo.storage.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.StorageIterator;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import io.zkzeo.storage.TransactionRecord;
import org.jspecify.annotations.Nullable;

/**
 * Small helpers for the conformance suite: commit a set of stores, undo a transaction, list transactions.
 */
public final class TestCommits {

	private static final AtomicInteger counter = new AtomicInteger();

	private TestCommits() {
	}

	/**
	 * One store of a commit.
	 *
	 * @param oid the object
	 * @param serial the serial the data is based on
	 * @param data the record
	 */
	public record Store(Oid oid, Tid serial, byte[] data) {
	}

	/**
	 * Makes a store.
	 * @param oid the object
	 * @param serial the serial it is based on, {@link Tid#ZERO} for a new object
	 * @param data the record
	 * @return the store
	 */
	public static Store store(Oid oid, Tid serial, byte[] data) {
		return new Store(oid, serial, data);
	}

	/**
	 * Returns new transaction metadata.
	 * @param description the description
	 * @return metadata with user {@code "/ tester"}
	 */
	public static TransactionMetaData txn(String description) {
		return TransactionMetaData.of("/ tester", description);
	}

	/**
	 * Returns new transaction metadata with a unique description.
	 * @return the metadata
	 */
	public static TransactionMetaData txn() {
		return txn("transaction " + counter.incrementAndGet());
	}

	/**
	 * Commits stores in one transaction.
	 * @param storage the storage
	 * @param description the transaction's description
	 * @param stores the stores
	 * @return the transaction's tid
	 */
	public static Tid commit(Storage storage, String description, Store... stores) {
		return commit(storage, txn(description), stores);
	}

	/**
	 * Creates new objects in one transaction: the i-th oid gets a counter record of value i.
	 * @param storage the storage
	 * @param description the transaction's description
	 * @param oids new oids of the storage
	 * @return the transaction's tid
	 */
	public static Tid commitCounters(Storage storage, String description, List<Oid> oids) {
		Store[] stores = new Store[oids.size()];
		for (int i = 0; i < stores.length; i++) {
			stores[i] = store(oids.get(i), Tid.ZERO, TestRecords.counter(i));
		}
		return commit(storage, description, stores);
	}

	/**
	 * Commits stores in one transaction.
	 * @param storage the storage
	 * @param txn the transaction's metadata
	 * @param stores the stores
	 * @return the transaction's tid
	 */
	public static Tid commit(Storage storage, TransactionMetaData txn, Store... stores) {
		storage.tpcBegin(txn);
		try {
			for (Store store : stores) {
				storage.store(store.oid(), store.serial(), store.data(), txn);
			}
			storage.vote(txn);
		}
		catch (RuntimeException ex) {
			storage.tpcAbort(txn);
			throw ex;
		}
		return storage.tpcFinish(txn);
	}

	/**
	 * Undoes a transaction in a transaction of its own.
	 * @param storage the storage
	 * @param target the transaction to undo
	 * @return the undoing transaction's tid
	 */
	public static Tid undo(Storage storage, Tid target) {
		TransactionMetaData txn = txn("undo " + target);
		storage.tpcBegin(txn);
		try {
			storage.undo(target, txn);
			storage.vote(txn);
		}
		catch (RuntimeException ex) {
			storage.tpcAbort(txn);
			throw ex;
		}
		return storage.tpcFinish(txn);
	}

	/**
	 * Lists the transactions an iterator returns.
	 * @param storage the storage
	 * @param start the first tid, or {@code null}
	 * @param stop the last tid, or {@code null}
	 * @return the transactions
	 */
	public static List<TransactionRecord> transactions(Storage storage, @Nullable Tid start, @Nullable Tid stop) {
		List<TransactionRecord> transactions = new ArrayList<>();
		try (StorageIterator iterator = storage.iterator(start, stop)) {
			iterator.forEachRemaining(transactions::add);
		}
		return transactions;
	}

	/**
	 * Lists the tids of every transaction.
	 * @param storage the storage
	 * @return the tids in order
	 */
	public static List<Tid> tids(Storage storage) {
		return transactions(storage, null, null).stream().map(TransactionRecord::tid).toList();
	}

}
