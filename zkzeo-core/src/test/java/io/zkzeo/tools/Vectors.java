package io.zkzeo.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The FileStorage files written by Python ZODB, with what Python's tools printed for them.
 */
final class Vectors {

	static final List<String> NAMES = List.of("empty", "containers", "refs", "undo", "undo-creation", "packed",
			"many", "torn-tail", "torn-tail-recovered");

	private Vectors() {
	}

	static Path file(String name) {
		URL url = Vectors.class.getResource("/vectors/fs/" + name);
		if (url == null) {
			throw new IllegalArgumentException("No vector " + name);
		}
		try {
			return Path.of(url.toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String text(String name) {
		try {
			return Files.readString(file(name), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A copy of a vector in a directory of the test's, to damage or write to. */
	static Path copy(String name, Path directory) {
		try {
			return Files.copy(file(name), directory.resolve(name));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
