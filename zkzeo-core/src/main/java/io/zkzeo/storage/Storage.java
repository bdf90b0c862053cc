package io.zkzeo.storage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * A ZODB storage: object records keyed by {@link Oid}, written in transactions identified by
 * {@link Tid}s, with every earlier revision kept until pack.
 *
 * <p>Commits follow ZODB's two-phase protocol: {@link #tpcBegin}, any number of {@link #store} and
 * {@link #checkCurrentSerialInTransaction} calls, {@link #vote} (which may raise {@link ConflictError}),
 * then {@link #tpcFinish} or {@link #tpcAbort}. Several transactions may be open at once; implementations
 * serialise them at vote, so a transaction holds the commit lock only from vote to finish or abort. A
 * {@link TransactionMetaData} instance names its transaction in every call.
 *
 * <p>Implementations are safe for use by many threads.
 */
public interface Storage extends AutoCloseable {

	/** @return the storage's name, for messages */
	String getName();

	/** @return whether writes are refused with {@link ReadOnlyError} */
	boolean isReadOnly();

	/** @return whether {@link #undo} and {@link #undoLog} are supported */
	boolean supportsUndo();

	/** @return the approximate size of the stored data, in bytes */
	long getSize();

	/** @return the number of objects that have a current record */
	long objectCount();

	/**
	 * Loads the current revision of an object.
	 * @param oid the object
	 * @return the record and its serial ({@link DataRevision#end()} is {@code null})
	 * @throws POSKeyError if the object does not exist or its creation was undone
	 */
	DataRevision load(Oid oid);

	/**
	 * Loads the revision of an object that was current just before a transaction.
	 * @param oid the object
	 * @param before the tid to look before ({@link Tid#MAX} for the current revision)
	 * @return the revision with the tid that ended it, or {@code null} if the object had no revision
	 * before {@code before} (it was created later)
	 * @throws POSKeyError if the object never existed, or if the revision before {@code before} says it
	 * did not exist (its creation was undone), as ZODB's FileStorage raises it
	 */
	@Nullable DataRevision loadBefore(Oid oid, Tid before);

	/**
	 * Starts loading objects that are likely to be read soon, as ZODB's {@code IPrefetch}: a storage that reads
	 * over a network sends every load at once and keeps the replies, so the later {@link #loadBefore} calls find
	 * them without a round trip. Local storages do nothing. Errors are not reported; the later loads report them.
	 * @param oids the objects
	 * @param before the tid to look before, as the later loads will ask
	 * @return completed when the loads are done (at once for storages that do nothing)
	 */
	default CompletableFuture<Void> prefetch(Collection<Oid> oids, Tid before) {
		return CompletableFuture.completedFuture(null);
	}

	/**
	 * Loads the revision of an object written by one transaction.
	 * @param oid the object
	 * @param serial the transaction that wrote the revision
	 * @return the record
	 * @throws POSKeyError if there is no such revision
	 */
	byte[] loadSerial(Oid oid, Tid serial);

	/**
	 * Lists an object's revisions, newest first.
	 * @param oid the object
	 * @param size the most revisions to list
	 * @return the revisions
	 * @throws POSKeyError if the object does not exist
	 */
	List<HistoryEntry> history(Oid oid, int size);

	/** @return the tid of the last committed transaction, {@link Tid#ZERO} for an empty storage */
	Tid lastTransaction();

	/**
	 * Allocates a new object id, never handed out before by this storage instance.
	 * @return the oid
	 * @throws ReadOnlyError if the storage is read-only
	 */
	Oid newOid();

	/**
	 * Allocates several new object ids.
	 * @param count how many
	 * @return the oids, in increasing order
	 */
	default List<Oid> newOids(int count) {
		if (count < 0) {
			throw new IllegalArgumentException("Oid count must not be negative, got " + count);
		}
		List<Oid> oids = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			oids.add(newOid());
		}
		return oids;
	}

	/**
	 * Begins a transaction. Does not block on other transactions.
	 * @param txn the transaction's metadata, which names it in the calls that follow
	 * @throws ReadOnlyError if the storage is read-only
	 * @throws StorageTransactionError if the transaction has already begun
	 */
	void tpcBegin(TransactionMetaData txn);

	/**
	 * Stores a new revision of an object in a transaction.
	 * @param oid the object
	 * @param serial the serial the new data is based on, {@link Tid#ZERO} for a new object
	 * @param data the object record
	 * @param txn the transaction
	 * @throws ConflictError if the object's current serial differs from {@code serial} (this may also be
	 * found only at {@link #vote})
	 * @throws StorageTransactionError if {@code txn} is not the storage's transaction
	 */
	void store(Oid oid, Tid serial, byte[] data, TransactionMetaData txn);

	/**
	 * Writes a revision copied from another storage, with no conflict check. The transaction's tid must
	 * have been forced at {@link #tpcBegin}.
	 * @param oid the object
	 * @param serial the serial of the revision (the forced tid)
	 * @param data the record, or {@code null} for "the object does not exist"
	 * @param prevTxn a transaction in this storage that may hold identical data to point back to, or
	 * {@code null}
	 * @param txn the transaction
	 */
	void restore(Oid oid, Tid serial, byte @Nullable [] data, @Nullable Tid prevTxn, TransactionMetaData txn);

	/**
	 * Asks that the commit fail with {@link ReadConflictError} unless an object the transaction only
	 * read is still at the given serial when the transaction votes.
	 * @param oid the object
	 * @param serial the serial that was read
	 * @param txn the transaction
	 */
	void checkCurrentSerialInTransaction(Oid oid, Tid serial, TransactionMetaData txn);

	/**
	 * Votes: takes the commit lock, checks every stored and read serial, and writes the transaction
	 * durably enough to finish. After a successful vote the transaction holds the commit lock until
	 * {@link #tpcFinish} or {@link #tpcAbort}.
	 * @param txn the transaction
	 * @return the oids whose conflicts the storage resolved itself (usually none)
	 * @throws ConflictError if a serial changed (the transaction is then still open and must be aborted)
	 */
	Set<Oid> vote(TransactionMetaData txn);

	/**
	 * Announces that a transaction will be finished right after a successful vote, with nothing to wait for in
	 * between (a one-phase commit: no other resource votes). A storage may then start finishing it as soon as the
	 * vote succeeds, which shortens the time the commit lock is held by a network round trip. Called before
	 * {@link #vote}; {@link #tpcFinish} is still called and returns once the finish is done. Once such a vote
	 * succeeded the transaction may already be committed, so the caller finishes it rather than abort it. The
	 * default does nothing.
	 * @param txn the transaction
	 */
	default void finishAfterVote(TransactionMetaData txn) {
	}

	/**
	 * Finishes a voted transaction: once this returns, it is committed and on disk.
	 * @param txn the transaction
	 * @return the transaction's tid
	 */
	Tid tpcFinish(TransactionMetaData txn);

	/**
	 * Aborts a transaction, at any point before it finished, and releases the commit lock if held. A
	 * transaction the storage does not know is ignored, as ZODB does.
	 * @param txn the transaction
	 */
	void tpcAbort(TransactionMetaData txn);

	/**
	 * Iterates over committed transactions in tid order.
	 * @param start the first tid to include, or {@code null} for the first transaction
	 * @param stop the last tid to include, or {@code null} for the last transaction
	 * @return the iterator, to be closed
	 */
	StorageIterator iterator(@Nullable Tid start, @Nullable Tid stop);

	/**
	 * Lists undoable transactions, newest first, as ZODB's {@code undoLog(first, last, filter)} does.
	 * @param first how many matching transactions to skip
	 * @param last the index to stop before; a negative value means {@code first - last}
	 * @param filter which transactions to list, or {@code null} for all
	 * @return the transactions
	 */
	List<UndoInfo> undoLog(int first, int last, @Nullable Predicate<UndoInfo> filter);

	/**
	 * Writes, in a transaction, records that put every object a transaction changed back to its
	 * revision before it.
	 * @param transactionId the transaction to undo
	 * @param txn the undoing transaction
	 * @return the objects the undo changes
	 * @throws UndoError if an object was changed again after that transaction
	 */
	List<Oid> undo(Tid transactionId, TransactionMetaData txn);

	/**
	 * Packs: removes revisions no longer needed as of a time, keeping everything reachable from the root
	 * then and all later history. Commits may proceed while pack runs.
	 * @param packTime the time to pack to
	 * @param references finds the references in a record
	 */
	void pack(Instant packTime, ReferenceFinder references);

	/**
	 * Registers a listener told of every transaction committed from now on, in tid order, whoever
	 * committed it.
	 * @param listener the listener
	 */
	void addInvalidationListener(InvalidationListener listener);

	/**
	 * Removes a listener added by {@link #addInvalidationListener}.
	 * @param listener the listener
	 */
	void removeInvalidationListener(InvalidationListener listener);

	/**
	 * Closes the storage. Open transactions are aborted.
	 */
	@Override
	void close();

}
