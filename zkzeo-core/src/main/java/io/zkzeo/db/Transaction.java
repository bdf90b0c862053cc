package io.zkzeo.db;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.zkzeo.pickle.PickleWriter;
import io.zkzeo.storage.TransactionMetaData;
import org.jspecify.annotations.Nullable;

/**
 * A unit of work over one or more connections, as Python's {@code transaction.Transaction}: it commits
 * every connection that changed objects with two-phase commit, or aborts them all. Get one from a
 * {@link TransactionManager}.
 */
public final class Transaction {

	/**
	 * Where a transaction is in its life.
	 */
	public enum Status {

		/** Open: objects may be read and changed. */
		ACTIVE,

		/** Committed. */
		COMMITTED,

		/** Aborted, or its commit failed. */
		ABORTED

	}

	private final TransactionManager manager;

	private final TransactionManager.Slot slot;

	private final List<Connection> resources = new ArrayList<>(2);

	private final Map<String, @Nullable Object> extension = new LinkedHashMap<>();

	private Status status = Status.ACTIVE;

	private String user = "";

	private String description = "";

	Transaction(TransactionManager manager, TransactionManager.Slot slot) {
		this.manager = manager;
		this.slot = slot;
	}

	/**
	 * Returns the transaction's status.
	 * @return the status
	 */
	public Status status() {
		return this.status;
	}

	/**
	 * Sets the user recorded with the transaction as ZODB's {@code setUser(name)} does: {@code "/ name"}.
	 * @param name the user name
	 */
	public void setUser(String name) {
		Objects.requireNonNull(name, "'name' must not be null");
		this.user = "/ " + name;
	}

	/**
	 * Returns the user as recorded.
	 * @return the user, empty if none
	 */
	public String user() {
		return this.user;
	}

	/**
	 * Appends a line to the description, as ZODB's {@code note(text)} does.
	 * @param text the text
	 */
	public void note(String text) {
		Objects.requireNonNull(text, "'text' must not be null");
		this.description = this.description.isEmpty() ? text.strip() : this.description + "\n" + text.strip();
	}

	/**
	 * Returns the description.
	 * @return the description, empty if none
	 */
	public String description() {
		return this.description;
	}

	/**
	 * Adds an entry to the extension dictionary recorded with the transaction.
	 * @param name the key
	 * @param value a value of the pickle value model
	 */
	public void setExtendedInfo(String name, @Nullable Object value) {
		this.extension.put(Objects.requireNonNull(name, "'name' must not be null"), value);
	}

	/**
	 * Commits: every joined connection stores its changes, votes, then finishes. On failure every
	 * connection is aborted and the error is thrown.
	 * @throws io.zkzeo.storage.ConflictError if an object was changed by another transaction meanwhile
	 * @throws IllegalStateException if the transaction is not active
	 */
	public void commit() {
		requireActive();
		try {
			boolean onePhase = this.resources.size() == 1;
			for (Connection resource : this.resources) {
				resource.prepare(this, onePhase);
			}
			for (Connection resource : this.resources) {
				resource.finish();
			}
			this.status = Status.COMMITTED;
		}
		catch (RuntimeException | Error ex) {
			abortResources();
			this.status = Status.ABORTED;
			throw ex;
		}
		finally {
			this.manager.completed(this, this.slot);
		}
	}

	/**
	 * Aborts: every change made in the transaction is discarded. Does nothing if the transaction already
	 * ended.
	 */
	public void abort() {
		if (this.status != Status.ACTIVE) {
			return;
		}
		try {
			abortResources();
		}
		finally {
			this.status = Status.ABORTED;
			this.manager.completed(this, this.slot);
		}
	}

	private void abortResources() {
		RuntimeException failure = null;
		for (Connection resource : this.resources) {
			try {
				resource.abortTransaction();
			}
			catch (RuntimeException ex) {
				failure = (failure == null) ? ex : failure;
			}
		}
		this.resources.clear();
		if (failure != null) {
			throw failure;
		}
	}

	/**
	 * Marks the changes made so far, so that later ones can be undone with {@link Savepoint#rollback()}
	 * while the transaction goes on.
	 * @return the savepoint
	 * @throws IllegalStateException if the transaction is not active
	 */
	public Savepoint savepoint() {
		requireActive();
		List<Connection.ConnectionSavepoint> parts = new ArrayList<>(this.resources.size());
		for (Connection resource : this.resources) {
			parts.add(resource.savepoint());
		}
		return new Savepoint(this, parts);
	}

	void rollback(Savepoint savepoint, List<Connection.ConnectionSavepoint> parts) {
		requireActive();
		List<Connection> kept = new ArrayList<>();
		for (Connection.ConnectionSavepoint part : parts) {
			part.connection.rollback(part);
			kept.add(part.connection);
		}
		for (Connection resource : new ArrayList<>(this.resources)) {
			if (!kept.contains(resource)) {
				resource.abortTransaction();
				this.resources.remove(resource);
			}
		}
	}

	void leave(Connection connection) {
		this.resources.remove(connection);
	}

	void join(Connection connection) {
		requireActive();
		for (Connection joined : this.resources) {
			if (joined == connection) {
				return;
			}
			if (joined.storage() == connection.storage()) {
				throw new IllegalStateException(
						"Two connections to storage " + connection.storage().getName() + " cannot change objects in one transaction");
			}
		}
		this.resources.add(connection);
	}

	TransactionMetaData metaData() {
		byte[] extensionBytes = new byte[0];
		if (!this.extension.isEmpty()) {
			PickleWriter writer = new PickleWriter();
			writer.dump(new LinkedHashMap<>(this.extension));
			extensionBytes = writer.toByteArray();
		}
		return new TransactionMetaData(this.user.getBytes(StandardCharsets.UTF_8),
				this.description.getBytes(StandardCharsets.UTF_8), extensionBytes);
	}

	private void requireActive() {
		if (this.status != Status.ACTIVE) {
			throw new IllegalStateException("Transaction is " + this.status);
		}
	}

	@Override
	public String toString() {
		return "Transaction[" + this.status + ", description=" + this.description + "]";
	}

}
