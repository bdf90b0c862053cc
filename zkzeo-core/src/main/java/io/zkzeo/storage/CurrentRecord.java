package io.zkzeo.storage;

import org.jspecify.annotations.Nullable;

/**
 * One object's current record, as {@link CurrentRecordIteration#recordIterNext} hands it out.
 *
 * @param oid the object
 * @param serial the tid of the object's current revision
 * @param data the object record
 * @param next the oid to pass to the following {@link CurrentRecordIteration#recordIterNext} call, or
 * {@code null} if no object follows this one
 */
public record CurrentRecord(Oid oid, Tid serial, byte[] data, @Nullable Oid next) {

}
