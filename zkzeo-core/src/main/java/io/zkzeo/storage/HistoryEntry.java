package io.zkzeo.storage;

import java.nio.charset.StandardCharsets;

/**
 * One revision in an object's history, newest first, as ZODB's {@code history()} reports it.
 *
 * @param tid the transaction that wrote the revision (its serial)
 * @param user the transaction's user bytes
 * @param description the transaction's description bytes
 * @param size the record's length in bytes
 */
public record HistoryEntry(Tid tid, byte[] user, byte[] description, int size) {

	/** @return the time of the transaction, POSIX seconds */
	public double time() {
		return this.tid.toTimeStamp().timeTime();
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
