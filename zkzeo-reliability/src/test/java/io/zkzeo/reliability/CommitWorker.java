package io.zkzeo.reliability;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.zkzeo.client.ClientStorage;
import io.zkzeo.storage.DataRevision;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import io.zkzeo.storage.conformance.TestRecords;

/**
 * One client's commit history over two objects of its own: every transaction writes the same counter value
 * to both, so a partly written transaction shows as two different values. It remembers every
 * acknowledged commit (tpcFinish returned) and the one in flight when the server died.
 */
final class CommitWorker {

	/** A commit acknowledged to the client. */
	record Ack(int value, Tid tid) {
	}

	final int number;

	final Oid first;

	final Oid second;

	final List<Ack> acknowledged = new ArrayList<>();

	private int value;

	private Tid serial = Tid.ZERO;

	private @Nullable Integer inDoubt;

	CommitWorker(int number, Oid first, Oid second) {
		this.number = number;
		this.first = first;
		this.second = second;
	}

	int value() {
		return this.value;
	}

	@Nullable Integer inDoubt() {
		return this.inDoubt;
	}

	/**
	 * Reads the current state after a restart and checks it against the history: both objects hold the same
	 * value, which is the last acknowledged one or the one in doubt.
	 * @return the tid of the in-doubt commit when it turned out to be committed, otherwise {@code null}
	 */
	@Nullable Tid resume(ClientStorage client) {
		if (this.acknowledged.isEmpty() && this.inDoubt == null) {
			return null;
		}
		DataRevision a = loadOrNull(client, this.first);
		DataRevision b = loadOrNull(client, this.second);
		int valueA = (a != null) ? TestRecords.value(a.data()) : 0;
		int valueB = (b != null) ? TestRecords.value(b.data()) : 0;
		if (valueA != valueB) {
			throw new AssertionError("Worker " + this.number + ": transaction partly committed, " + valueA + " != "
					+ valueB);
		}
		Tid landed = null;
		if (valueA == this.value) {
			// the in-doubt commit, if any, is not there
		}
		else if (this.inDoubt != null && valueA == this.inDoubt) {
			landed = a.serial();
			if (!a.serial().equals(b.serial())) {
				throw new AssertionError("Worker " + this.number + ": one value, two transactions");
			}
		}
		else {
			throw new AssertionError("Worker " + this.number + ": found value " + valueA + ", acknowledged "
					+ this.value + ", in doubt " + this.inDoubt);
		}
		this.value = valueA;
		this.serial = (a != null) ? a.serial() : Tid.ZERO;
		this.inDoubt = null;
		return landed;
	}

	private static @Nullable DataRevision loadOrNull(ClientStorage client, Oid oid) {
		try {
			return client.load(oid);
		}
		catch (io.zkzeo.storage.POSKeyError ex) {
			return null;
		}
	}

	/** Commits the next value to both objects; returns normally only when tpcFinish returned. */
	void commitNext(ClientStorage client) {
		int next = this.value + 1;
		this.inDoubt = next;
		TransactionMetaData txn = TransactionMetaData.of("worker " + this.number, "value " + next);
		client.tpcBegin(txn);
		try {
			client.store(this.first, this.serial, TestRecords.counter(next), txn);
			client.store(this.second, this.serial, TestRecords.counter(next), txn);
			client.vote(txn);
		}
		catch (RuntimeException ex) {
			abortQuietly(client, txn, ex);
			throw ex;
		}
		Tid tid = client.tpcFinish(txn);
		this.acknowledged.add(new Ack(next, tid));
		this.value = next;
		this.serial = tid;
		this.inDoubt = null;
	}

	private static void abortQuietly(ClientStorage client, TransactionMetaData txn, RuntimeException failure) {
		try {
			client.tpcAbort(txn);
		}
		catch (RuntimeException ex) {
			failure.addSuppressed(ex);
		}
	}

}
