package io.zkzeo.storage;

import org.jspecify.annotations.Nullable;

/**
 * A {@link Storage} that can walk the current records of its objects in oid order, as ZODB's
 * {@code IStorageCurrentRecordIteration.record_iternext} does (used by conversion and GC tools):
 *
 * <pre>{@code
 * CurrentRecord record = storage.recordIterNext(null);
 * while (record != null) {
 *     // use record.oid(), record.serial(), record.data()
 *     record = (record.next() != null) ? storage.recordIterNext(record.next()) : null;
 * }
 * }</pre>
 *
 * <p>Objects without current data (deleted, or whose creation was undone) are skipped.
 */
public interface CurrentRecordIteration {

	/**
	 * Returns the current record of the object with the smallest oid at or after {@code next}, comparing
	 * oids as unsigned numbers.
	 * @param next the oid to start at, or {@code null} for the first object
	 * @return the record and the oid of the object after it, or {@code null} if no object has an oid at or
	 * after {@code next} (always for an empty storage)
	 */
	@Nullable CurrentRecord recordIterNext(@Nullable Oid next);

}
