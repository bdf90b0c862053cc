package io.zkzeo.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import io.zkzeo.storage.DataRecord;
import io.zkzeo.storage.StorageIterator;
import io.zkzeo.storage.TransactionRecord;
import io.zkzeo.storage.file.FileStorage;
import io.zkzeo.storage.file.FileStorageOptions;

/**
 * Data.fs files written by Python ZODB ({@code vectors/fs/} of zkzeo-core's test resources), copied out of
 * the class path.
 */
final class VectorFiles {

	private VectorFiles() {
	}

	static Path copy(String name, Path directory) {
		Path target = directory.resolve(name);
		try (InputStream in = VectorFiles.class.getClassLoader().getResourceAsStream("vectors/fs/" + name)) {
			if (in == null) {
				throw new IllegalStateException("No vectors/fs/" + name + " on the class path");
			}
			Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return target;
	}

	/** @return every object record in the file */
	static List<byte[]> records(Path file) {
		List<byte[]> records = new ArrayList<>();
		try (FileStorage storage = FileStorage.open(file,
				FileStorageOptions.defaults().withReadOnly(true).withIndexSnapshot(false));
				StorageIterator transactions = storage.iterator(null, null)) {
			while (transactions.hasNext()) {
				TransactionRecord txn = transactions.next();
				for (DataRecord record : txn.records()) {
					if (record.data() != null) {
						records.add(record.data());
					}
				}
			}
		}
		return records;
	}

}
