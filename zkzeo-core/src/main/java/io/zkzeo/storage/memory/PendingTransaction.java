package io.zkzeo.storage.memory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.zkzeo.storage.Oid;
import io.zkzeo.storage.StorageTransactionError;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import org.jspecify.annotations.Nullable;

/**
 * A transaction between {@code tpcBegin} and {@code tpcFinish} or {@code tpcAbort}: the records it will
 * write, the serials it read, and where it is in the two-phase commit. Safe for use by several threads.
 */
final class PendingTransaction {

	private final TransactionMetaData metaData;

	private final Map<Oid, StagedRecord> staged = new LinkedHashMap<>();

	private final Map<Oid, Tid> readSerials = new LinkedHashMap<>();

	private State state = State.BEGUN;

	private @Nullable Tid tid;

	PendingTransaction(TransactionMetaData metaData) {
		this.metaData = metaData;
	}

	TransactionMetaData metaData() {
		return this.metaData;
	}

	/**
	 * Stages a record, replacing any staged earlier for the same object.
	 * @param record the record
	 */
	synchronized void stage(StagedRecord record) {
		requireState(State.BEGUN, "store");
		this.staged.put(record.oid(), record);
	}

	/**
	 * Stages several records at once.
	 * @param records the records
	 */
	synchronized void stageAll(List<StagedRecord> records) {
		requireState(State.BEGUN, "undo");
		records.forEach((record) -> this.staged.put(record.oid(), record));
	}

	/**
	 * Returns the record staged for an object.
	 * @param oid the object
	 * @return the record, or {@code null} if none is staged
	 */
	synchronized @Nullable StagedRecord staged(Oid oid) {
		return this.staged.get(oid);
	}

	/**
	 * Notes a serial that must still be current at vote.
	 * @param oid the object read
	 * @param serial the serial read
	 */
	synchronized void addReadSerial(Oid oid, Tid serial) {
		requireState(State.BEGUN, "checkCurrentSerialInTransaction");
		this.readSerials.put(oid, serial);
	}

	/** @return the staged records, in the order first staged */
	synchronized List<StagedRecord> stagedRecords() {
		return new ArrayList<>(this.staged.values());
	}

	/** @return the serials to check at vote */
	synchronized Map<Oid, Tid> readSerials() {
		return new LinkedHashMap<>(this.readSerials);
	}

	/**
	 * Checks that the transaction may vote.
	 */
	synchronized void checkCanVote() {
		requireState(State.BEGUN, "vote");
	}

	/**
	 * Marks the transaction voted, with the commit lock held.
	 * @param tid the tid it will commit with
	 * @return {@code false} if it was aborted meanwhile (the caller must then release the lock)
	 */
	synchronized boolean voted(Tid tid) {
		if (this.state == State.ABORTED) {
			return false;
		}
		requireState(State.BEGUN, "vote");
		this.tid = tid;
		this.state = State.VOTED;
		return true;
	}

	/**
	 * Marks the transaction finished.
	 * @return the tid it committed with
	 */
	synchronized Tid finish() {
		requireState(State.VOTED, "tpcFinish");
		this.state = State.FINISHED;
		return requireTid();
	}

	/** @return the tid chosen at vote */
	synchronized Tid requireTid() {
		if (this.tid == null) {
			throw new StorageTransactionError("Transaction " + this.metaData + " has not voted");
		}
		return this.tid;
	}

	/**
	 * Marks the transaction aborted.
	 * @return whether it held the commit lock (it had voted)
	 */
	synchronized boolean abort() {
		boolean heldLock = this.state == State.VOTED;
		this.state = State.ABORTED;
		return heldLock;
	}

	private void requireState(State expected, String call) {
		if (this.state != expected) {
			throw new StorageTransactionError(
					"Cannot " + call + " transaction " + this.metaData + " in state " + this.state.description);
		}
	}

	private enum State {

		BEGUN("begun"), VOTED("voted"), FINISHED("finished"), ABORTED("aborted");

		private final String description;

		State(String description) {
			this.description = description;
		}

	}

}
