package io.zkzeo.storage.memory;

import java.util.Objects;

import io.zkzeo.storage.ReferenceFinder;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.conformance.CurrentRecordIterationStorageContract;
import io.zkzeo.storage.conformance.ExternalGCStorageContract;
import io.zkzeo.storage.conformance.StorageContracts;
import io.zkzeo.pickle.ReferenceScanner;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Runs the whole storage conformance suite against {@link MemoryStorage}, packing with the record codec's
 * reference scanner.
 */
class MemoryStorageTest
		implements StorageContracts, CurrentRecordIterationStorageContract, ExternalGCStorageContract {

	private @Nullable MemoryStorage storage;

	private @Nullable MemoryStorage readOnly;

	@BeforeEach
	void createStorage() {
		this.storage = new MemoryStorage(MemoryStorageOptions.defaults().withName("memory-test"));
	}

	@AfterEach
	void closeStorage() {
		if (this.readOnly != null) {
			this.readOnly.close();
		}
		if (this.storage != null) {
			this.storage.close();
		}
	}

	@Override
	public Storage storage() {
		return Objects.requireNonNull(this.storage);
	}

	@Override
	public ReferenceFinder referenceFinder() {
		return new ReferenceScanner();
	}

	@Override
	public Storage readOnlyStorage() {
		this.readOnly = Objects.requireNonNull(this.storage).readOnlyView();
		return this.readOnly;
	}

}
