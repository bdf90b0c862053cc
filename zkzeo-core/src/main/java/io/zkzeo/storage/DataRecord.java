package io.zkzeo.storage;

import org.jspecify.annotations.Nullable;

/**
 * A data record met while iterating over a storage's transactions.
 *
 * @param oid the object
 * @param tid the transaction the record belongs to
 * @param data the object record, or {@code null} if the record says the object does not exist (an undone
 * creation)
 * @param dataTxn for a record that points back to an earlier one (undo), the tid of the transaction
 * holding the data; otherwise {@code null}
 */
public record DataRecord(Oid oid, Tid tid, byte @Nullable [] data, @Nullable Tid dataTxn) {
}
