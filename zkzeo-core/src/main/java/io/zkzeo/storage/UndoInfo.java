package io.zkzeo.storage;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A transaction that can be undone, as {@link Storage#undoLog} lists it.
 *
 * @param tid the transaction id
 * @param user the user bytes
 * @param description the description bytes
 * @param extension the pickled extension dictionary, empty for none
 * @param size the transaction's length in the storage, in bytes
 */
public record UndoInfo(Tid tid, byte[] user, byte[] description, byte[] extension, long size) {

	/** @return the time of the transaction, POSIX seconds */
	public double time() {
		return this.tid.toTimeStamp().timeTime();
	}

	/**
	 * Returns ZODB's undo id for this transaction: the tid in base64, without the trailing newline.
	 * @return the id bytes as ZODB's undoLog reports them
	 */
	public byte[] id() {
		return Base64.getEncoder().encode(this.tid.toBytes());
	}

	/** @return the user decoded as UTF-8 */
	public String userText() {
		return new String(this.user, StandardCharsets.UTF_8);
	}

	/** @return the description decoded as UTF-8 */
	public String descriptionText() {
		return new String(this.description, StandardCharsets.UTF_8);
	}

}
