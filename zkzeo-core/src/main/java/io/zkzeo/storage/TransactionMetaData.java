package io.zkzeo.storage;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * What a storage is told about a transaction at {@link Storage#tpcBegin}: user, description and the
 * pickled extension dictionary, as bytes exactly as stored. The object's identity names the transaction in
 * the calls that follow, as ZODB's transaction object does.
 *
 * <p>A tid may be forced (copying, restore); the status is {@code ' '} for a normal transaction and
 * {@code 'p'} for one written by pack.
 */
public final class TransactionMetaData {

	private static final byte[] EMPTY = new byte[0];

	private final byte[] user;

	private final byte[] description;

	private final byte[] extension;

	private final @Nullable Tid tid;

	private final char status;

	/**
	 * Creates the metadata of a normal transaction.
	 * @param user the user bytes (ZODB stores {@code "/ name"} for {@code setUser("name")})
	 * @param description the description bytes
	 * @param extension the pickled extension dictionary, or empty for none
	 */
	public TransactionMetaData(byte[] user, byte[] description, byte[] extension) {
		this(user, description, extension, null, ' ');
	}

	/**
	 * Creates the metadata of a transaction, optionally with a forced tid and status.
	 * @param user the user bytes
	 * @param description the description bytes
	 * @param extension the pickled extension dictionary, or empty for none
	 * @param tid the tid to use instead of a new one, or {@code null}
	 * @param status the status to record, {@code ' '} normally
	 */
	public TransactionMetaData(byte[] user, byte[] description, byte[] extension, @Nullable Tid tid, char status) {
		this.user = user.clone();
		this.description = description.clone();
		this.extension = extension.clone();
		this.tid = tid;
		this.status = status;
	}

	/**
	 * Creates the metadata of a transaction with text user and description, UTF-8 encoded.
	 * @param user the user, stored as is
	 * @param description the description
	 * @return the metadata, with no extension
	 */
	public static TransactionMetaData of(String user, String description) {
		return new TransactionMetaData(user.getBytes(StandardCharsets.UTF_8),
				description.getBytes(StandardCharsets.UTF_8), EMPTY);
	}

	/** @return the user bytes, a copy */
	public byte[] user() {
		return this.user.clone();
	}

	/** @return the description bytes, a copy */
	public byte[] description() {
		return this.description.clone();
	}

	/** @return the pickled extension dictionary, a copy; empty for none */
	public byte[] extension() {
		return this.extension.clone();
	}

	/** @return the user decoded as UTF-8 */
	public String userText() {
		return new String(this.user, StandardCharsets.UTF_8);
	}

	/** @return the description decoded as UTF-8 */
	public String descriptionText() {
		return new String(this.description, StandardCharsets.UTF_8);
	}

	/** @return the forced tid, or {@code null} for a new one */
	public @Nullable Tid tid() {
		return this.tid;
	}

	/** @return the status character to record */
	public char status() {
		return this.status;
	}

	@Override
	public String toString() {
		return "Transaction[user=" + userText() + ", description=" + descriptionText() + "]";
	}

}
