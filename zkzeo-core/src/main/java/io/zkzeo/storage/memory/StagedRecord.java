package io.zkzeo.storage.memory;

import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import org.jspecify.annotations.Nullable;

/**
 * A record a transaction will write, waiting for vote and finish.
 *
 * @param oid the object
 * @param expectedSerial the serial the object must still have at vote, or {@code null} for no check
 * (restore)
 * @param data the record, or {@code null} for "the object does not exist"; owned by the storage
 * @param dataTxn the tid of the revision the data is copied from (undo, restore), or {@code null}
 */
record StagedRecord(Oid oid, @Nullable Tid expectedSerial, byte @Nullable [] data, @Nullable Tid dataTxn) {
}
