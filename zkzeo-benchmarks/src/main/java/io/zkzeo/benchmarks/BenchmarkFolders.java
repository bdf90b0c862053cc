package io.zkzeo.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The temporary folders benchmarks keep their files in.
 */
final class BenchmarkFolders {

	private BenchmarkFolders() {
	}

	/**
	 * Removes a folder and everything in it.
	 * @param folder the folder
	 * @throws IOException if the folder cannot be listed
	 */
	static void deleteRecursively(Path folder) throws IOException {
		try (Stream<Path> files = Files.walk(folder)) {
			files.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
	}

}
