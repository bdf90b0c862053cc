package io.zkzeo.storage.conformance;

import java.util.function.LongConsumer;

import io.zkzeo.storage.Oid;
import io.zkzeo.storage.ReferenceFinder;
import io.zkzeo.storage.StorageError;

/**
 * A {@link ReferenceFinder} that understands exactly the records {@link TestRecords} makes, for testing
 * pack until a storage's test can use the record codec's reference scanner.
 */
public final class TestRecordsReferenceFinder implements ReferenceFinder {

	@Override
	public void findReferences(byte[] record, LongConsumer oids) {
		try {
			for (Oid oid : TestRecords.references(record)) {
				oids.accept(oid.value());
			}
		}
		catch (RuntimeException ex) {
			throw new StorageError("Cannot read the references of a record", ex);
		}
	}

}
