package io.zkzeo.storage.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a second JVM by {@link LockFileTests}: opens a storage read-write, creates a marker file once it
 * holds the lock, and keeps it until its standard input closes.
 */
final class LockHolderMain {

	private LockHolderMain() {
	}

	public static void main(String[] args) throws IOException {
		Path data = Path.of(args[0]);
		Path marker = Path.of(args[1]);
		try (FileStorage storage = FileStorage.open(data, FileStorageOptions.defaults().withIndexSnapshot(false))) {
			Files.createFile(marker);
			while (System.in.read() >= 0) {
				Thread.onSpinWait();
			}
			storage.getName();
		}
	}

}
