package io.zkzeo.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.zkzeo.protocol.ClientDisconnectedException;
import io.zkzeo.protocol.PyValues;
import io.zkzeo.protocol.ZeoMethods;
import io.zkzeo.protocol.ZeoProtocolException;
import io.zkzeo.storage.ConflictError;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.ReadOnlyError;
import io.zkzeo.storage.StorageError;
import io.zkzeo.storage.StorageTransactionError;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two-phase commit of a client storage. Several transactions may be open at once, but the server takes one
 * per connection: the first is sent as it goes, as ZEO's client does, and the others are kept here and sent when
 * they vote, once the connection is free. A transaction that holds the connection without having voted yet gives
 * it up to one that votes (it is aborted on the server and sent again when it votes in turn). After a commit the
 * cache gets the stored data as current and the invalidation listeners hear of it before {@link #finish} returns.
 */
final class TransactionCoordinator {

	private static final Logger logger = LoggerFactory.getLogger(TransactionCoordinator.class);

	private static final int MAX_METADATA_LENGTH = 65535;

	private final String name;

	private final ConnectionManager manager;

	private final ObjectCache cache;

	private final RecentTransactions recent;

	private final InvalidationDispatcher dispatcher;

	private final Duration waitTimeout;

	private final Object commitMonitor = new Object();

	private final Map<TransactionMetaData, ClientTransaction> transactions = new IdentityHashMap<>();

	private @Nullable ClientTransaction wireHolder;

	private final AtomicLong transactionIds = new AtomicLong();

	TransactionCoordinator(String name, ConnectionManager manager, ObjectCache cache, RecentTransactions recent,
			InvalidationDispatcher dispatcher, Duration waitTimeout) {
		this.name = name;
		this.manager = manager;
		this.cache = cache;
		this.recent = recent;
		this.dispatcher = dispatcher;
		this.waitTimeout = waitTimeout;
	}

	/**
	 * Begins a transaction; it goes on the wire at once if the connection is free.
	 */
	void begin(TransactionMetaData txn) {
		byte[] user = checkLength(txn.user(), "user");
		byte[] description = checkLength(txn.description(), "description");
		Map<Object, @Nullable Object> extension = WireValues.extensionToWire(checkLength(txn.extension(), "extension"));
		synchronized (this.commitMonitor) {
			if (this.transactions.containsKey(txn)) {
				throw new StorageTransactionError("Duplicate tpcBegin for " + txn);
			}
			ClientTransaction transaction = new ClientTransaction(txn, this.transactionIds.incrementAndGet(), user,
					description, extension);
			this.transactions.put(txn, transaction);
			if (this.wireHolder == null) {
				ServerConnection connection = this.manager.active();
				if (connection != null && !connection.isReadOnly()) {
					this.wireHolder = transaction;
					transaction.sendOn(connection);
				}
			}
		}
	}

	private static byte[] checkLength(byte[] value, String what) {
		if (value.length > MAX_METADATA_LENGTH) {
			throw new IllegalArgumentException("Transaction " + what + " of " + value.length
					+ " bytes is longer than " + MAX_METADATA_LENGTH);
		}
		return value;
	}

	private ClientTransaction open(TransactionMetaData txn) {
		ClientTransaction transaction = this.transactions.get(txn);
		if (transaction == null) {
			throw new StorageTransactionError("Transaction " + txn + " has not begun on storage " + this.name);
		}
		return transaction;
	}

	private ClientTransaction openForCalls(TransactionMetaData txn, String call) {
		ClientTransaction transaction = open(txn);
		if (transaction.state != ClientTransaction.State.OPEN) {
			throw new StorageTransactionError(call + " after vote in " + txn);
		}
		return transaction;
	}

	private void addOperation(ClientTransaction transaction, ClientTransaction.Operation operation) {
		ServerConnection sentOn = transaction.sentOn;
		if (sentOn != null && !sentOn.isOpen()) {
			transaction.sentOn = null;
			release(transaction);
		}
		transaction.add(operation);
	}

	/**
	 * Adds a call to an open transaction, sending it at once if the transaction is on the wire.
	 */
	void add(TransactionMetaData txn, String call, ClientTransaction.Operation operation) {
		synchronized (this.commitMonitor) {
			addOperation(openForCalls(txn, call), operation);
		}
	}

	/**
	 * Adds an undo to a transaction. The objects it changes come from this client's record of recent
	 * transactions, or else from {@code lookUp}; the undo itself is checked at vote.
	 */
	List<Oid> undo(Tid transactionId, TransactionMetaData txn, Function<Tid, List<Oid>> lookUp) {
		synchronized (this.commitMonitor) {
			openForCalls(txn, "undo");
		}
		List<Oid> oids = this.recent.get(transactionId);
		if (oids == null) {
			oids = lookUp.apply(transactionId);
		}
		synchronized (this.commitMonitor) {
			ClientTransaction transaction = openForCalls(txn, "undo");
			addOperation(transaction, new ClientTransaction.Undo(WireValues.undoId(transactionId)));
			transaction.undone.addAll(oids);
		}
		return oids;
	}

	/**
	 * Votes: waits for the connection to be free of other voting transactions, sends the transaction if it is
	 * not on the wire yet, and votes.
	 */
	Set<Oid> vote(TransactionMetaData txn) {
		ClientTransaction transaction;
		synchronized (this.commitMonitor) {
			transaction = open(txn);
			if (transaction.state != ClientTransaction.State.OPEN) {
				throw new StorageTransactionError("Transaction " + txn + " has already voted");
			}
			transaction.state = ClientTransaction.State.VOTING;
			try {
				claimConnection(transaction);
			}
			catch (RuntimeException ex) {
				transaction.state = ClientTransaction.State.OPEN;
				throw ex;
			}
		}
		try {
			ServerConnection connection = this.manager.awaitActive(this.waitTimeout);
			if (connection.isReadOnly()) {
				throw new ReadOnlyError(this.name);
			}
			synchronized (this.commitMonitor) {
				if (transaction.sentOn != connection) {
					transaction.sendOn(connection);
				}
				else {
					transaction.writeUnwritten(connection, false);
				}
			}
			boolean finishAfterVote = transaction.finishAfterVote;
			if (finishAfterVote && connection.offersVoteAndFinish()) {
				return voteAndFinish(connection, transaction);
			}
			Set<Oid> resolved = Replies.await(connection.call(ZeoMethods.VOTE, (value) -> {
				Set<Oid> result = WireValues.voteResult(value);
				if (finishAfterVote) {
					voted(transaction, result);
					transaction.finishing = callFinish(connection, transaction);
				}
				return result;
			}, transaction.id));
			voted(transaction, resolved);
			return resolved;
		}
		catch (ConflictError ex) {
			transaction.state = ClientTransaction.State.VOTE_FAILED;
			if (ex.getOid() != null) {
				this.cache.drop(ex.getOid());
			}
			throw ex;
		}
		catch (RuntimeException ex) {
			transaction.state = ClientTransaction.State.VOTE_FAILED;
			throw ex;
		}
	}

	/**
	 * Votes and finishes in one call, on a server that offers zkzeo's {@code vote_and_finish}: the commit lock is then
	 * not held on the server while the vote's reply and the {@code tpc_finish} call cross the network.
	 * {@link #finish} finds the transaction finished.
	 */
	private Set<Oid> voteAndFinish(ServerConnection connection, ClientTransaction transaction) {
		CompletableFuture<Finished> both = connection.call(ZeoMethods.VOTE_AND_FINISH, (value) -> {
			List<@Nullable Object> pair = PyValues.toList(value);
			if (pair.size() != 2) {
				throw new ZeoProtocolException("Expected (oids, tid) from " + ZeoMethods.VOTE_AND_FINISH + ", got "
						+ pair.size() + " items");
			}
			voted(transaction, WireValues.voteResult(pair.get(0)));
			return finished(transaction, pair.get(1));
		}, transaction.id);
		transaction.finishing = both;
		try {
			Replies.await(both);
		}
		catch (ClientDisconnectedException ex) {
			throw new ClientDisconnectedException("Connection to ZEO storage " + this.name + " lost during the vote and "
					+ "finish of " + transaction.metadata + "; the transaction may or may not have been committed");
		}
		return transaction.resolved;
	}

	private static void voted(ClientTransaction transaction, Set<Oid> resolved) {
		transaction.resolved = resolved;
		transaction.state = ClientTransaction.State.VOTED;
	}

	/**
	 * Notes that a transaction's {@code tpc_finish} is to be sent as soon as its vote succeeds.
	 */
	void finishAfterVote(TransactionMetaData txn) {
		synchronized (this.commitMonitor) {
			open(txn).finishAfterVote = true;
		}
	}

	/**
	 * Makes a transaction the one on the wire. A transaction that holds the connection but has not voted yet is
	 * taken off the server (aborted there, kept here) to be sent again when it votes; one that voted is waited
	 * for. Called with the commit monitor held.
	 */
	private void claimConnection(ClientTransaction transaction) {
		while (this.wireHolder != null && this.wireHolder != transaction) {
			ClientTransaction holder = this.wireHolder;
			if (holder.state == ClientTransaction.State.OPEN) {
				ServerConnection sentOn = holder.sentOn;
				if (sentOn != null && sentOn.isOpen()) {
					sentOn.call(ZeoMethods.TPC_ABORT, (value) -> value, holder.id);
				}
				holder.sentOn = null;
				this.wireHolder = null;
				break;
			}
			try {
				this.commitMonitor.wait();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new StorageError("Interrupted while waiting for another transaction of " + this.name);
			}
		}
		this.wireHolder = transaction;
	}

	private void release(ClientTransaction transaction) {
		if (this.wireHolder == transaction) {
			this.wireHolder = null;
			this.commitMonitor.notifyAll();
		}
	}

	/**
	 * Finishes a voted transaction; returns once the commit is in the cache and the listeners have heard of it.
	 */
	Tid finish(TransactionMetaData txn) {
		ClientTransaction transaction;
		synchronized (this.commitMonitor) {
			transaction = open(txn);
			if (transaction.state != ClientTransaction.State.VOTED) {
				throw new StorageTransactionError("tpcFinish of " + txn + " without a successful vote");
			}
		}
		try {
			ServerConnection connection = transaction.sentOn;
			if (connection == null || !connection.isOpen()) {
				throw new ClientDisconnectedException("Connection to ZEO storage " + this.name
						+ " lost after the vote of " + txn + "; the transaction was not committed");
			}
			CompletableFuture<Finished> sent = transaction.finishing;
			Finished finished = Replies.await((sent != null) ? sent : callFinish(connection, transaction));
			this.dispatcher.awaitDelivery(finished.delivered(), this.waitTimeout);
			return finished.tid();
		}
		finally {
			synchronized (this.commitMonitor) {
				this.transactions.remove(txn);
				release(transaction);
			}
		}
	}

	private CompletableFuture<Finished> callFinish(ServerConnection connection, ClientTransaction transaction) {
		return connection.call(ZeoMethods.TPC_FINISH, (value) -> finished(transaction, value), transaction.id);
	}

	/** Applies a commit to the cache and queues its invalidation, on the event loop, in order with others'. */
	private Finished finished(ClientTransaction transaction, @Nullable Object value) {
		if (value == null) {
			throw new StorageTransactionError("The server does not know transaction " + transaction.metadata);
		}
		Tid tid = PyValues.toTid(value);
		Set<Oid> changed = transaction.changedOids();
		synchronized (this.cache) {
			applyCommit(transaction, tid, changed);
		}
		this.recent.put(tid, List.copyOf(changed));
		return new Finished(tid, this.dispatcher.invalidated(tid, changed));
	}

	private void applyCommit(ClientTransaction transaction, Tid tid, Set<Oid> changed) {
		for (Map.Entry<Oid, byte[]> stored : transaction.stored.entrySet()) {
			Oid oid = stored.getKey();
			if (transaction.resolved.contains(oid) || transaction.undone.contains(oid)) {
				this.cache.invalidate(oid, tid);
			}
			else {
				this.cache.storeCommitted(oid, tid, stored.getValue());
			}
		}
		for (Oid oid : changed) {
			if (!transaction.stored.containsKey(oid)) {
				this.cache.invalidate(oid, tid);
			}
		}
		this.cache.advance(tid);
	}

	/** A finished commit: its tid, and the delivery of its invalidation to the listeners. */
	record Finished(Tid tid, Future<?> delivered) {
	}

	/**
	 * Aborts a transaction, on the server too if it was sent; an unknown transaction is ignored.
	 */
	void abort(TransactionMetaData txn) {
		ClientTransaction transaction;
		synchronized (this.commitMonitor) {
			transaction = this.transactions.remove(txn);
			if (transaction == null) {
				return;
			}
		}
		try {
			ServerConnection connection = transaction.sentOn;
			if (connection != null && connection.isOpen()) {
				Replies.await(connection.call(ZeoMethods.TPC_ABORT, (value) -> value, transaction.id));
			}
		}
		catch (ClientDisconnectedException ex) {
			logger.debug("Connection lost while aborting {}: {}", txn, ex.getMessage());
		}
		finally {
			synchronized (this.commitMonitor) {
				release(transaction);
			}
		}
	}

	/**
	 * Frees the connection if the transaction holding it had not voted: the server dropped it with the connection,
	 * and it is sent again when it votes. Called on the connection's event loop.
	 */
	void connectionClosed(ServerConnection connection) {
		synchronized (this.commitMonitor) {
			ClientTransaction holder = this.wireHolder;
			if (holder != null && holder.sentOn == connection && holder.state == ClientTransaction.State.OPEN) {
				holder.sentOn = null;
				this.wireHolder = null;
				this.commitMonitor.notifyAll();
			}
		}
	}

	/**
	 * Returns the transactions begun and not yet finished or aborted.
	 */
	List<TransactionMetaData> openTransactions() {
		synchronized (this.commitMonitor) {
			return new ArrayList<>(this.transactions.keySet());
		}
	}

}
