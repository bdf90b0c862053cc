package io.zkzeo.storage.file;

import java.nio.file.Path;
import java.util.Objects;

import io.zkzeo.pickle.ReferenceScanner;
import io.zkzeo.storage.ReferenceFinder;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.conformance.CurrentRecordIterationStorageContract;
import io.zkzeo.storage.conformance.ExternalGCStorageContract;
import io.zkzeo.storage.conformance.StorageContracts;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the whole storage conformance suite against {@link FileStorage} on a real file, packing with the
 * record codec's reference scanner.
 */
class FileStorageConformanceTest
		implements StorageContracts, CurrentRecordIterationStorageContract, ExternalGCStorageContract {

	@TempDir
	Path directory;

	private @Nullable FileStorage storage;

	private @Nullable FileStorage readOnly;

	@BeforeEach
	void openStorage() {
		this.storage = FileStorage.open(this.directory.resolve("Data.fs"), options());
	}

	FileStorageOptions options() {
		return FileStorageOptions.defaults().withFsync(false).withName("file-test");
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
		FileStorage writable = Objects.requireNonNull(this.storage);
		writable.close();
		this.storage = null;
		this.readOnly = FileStorage.open(this.directory.resolve("Data.fs"),
				FileStorageOptions.defaults().withReadOnly(true).withName("file-test"));
		return this.readOnly;
	}

}
