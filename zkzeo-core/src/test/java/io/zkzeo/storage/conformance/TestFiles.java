package io.zkzeo.storage.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Clean-up of the folders tests and benchmarks make for their storage files.
 */
public final class TestFiles {

	private TestFiles() {
	}

	/**
	 * Removes a folder and everything in it.
	 * @param folder the folder
	 * @throws IOException if something in it cannot be removed
	 */
	public static void deleteRecursively(Path folder) throws IOException {
		try (Stream<Path> paths = Files.walk(folder)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

}
