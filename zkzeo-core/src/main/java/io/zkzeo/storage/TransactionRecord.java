package io.zkzeo.storage;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A committed transaction met while iterating over a storage, with its data records in file order.
 *
 * @param tid the transaction id
 * @param status the status character: {@code ' '} normal, {@code 'p'} written by pack, {@code 'u'} undone
 * (legacy)
 * @param user the user bytes
 * @param description the description bytes
 * @param extension the pickled extension dictionary, empty for none
 * @param records the data records
 */
public record TransactionRecord(Tid tid, char status, byte[] user, byte[] description, byte[] extension,
		List<DataRecord> records) {

	/** @return the user decoded as UTF-8 */
	public String userText() {
		return new String(this.user, StandardCharsets.UTF_8);
	}

	/** @return the description decoded as UTF-8 */
	public String descriptionText() {
		return new String(this.description, StandardCharsets.UTF_8);
	}

}
