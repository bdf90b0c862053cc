package io.zkzeo.storage.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The FileStorage vectors written by Python ZODB, loaded from the test class path.
 */
final class Vectors {

	static final List<String> NAMES = List.of("empty", "containers", "refs", "undo", "undo-creation", "packed",
			"torn-tail", "torn-tail-recovered", "many");

	private static final ObjectMapper MAPPER = new ObjectMapper();

	private Vectors() {
	}

	static byte[] bytes(String name) {
		try (InputStream in = Vectors.class.getResourceAsStream("/vectors/fs/" + name + ".fs")) {
			if (in == null) {
				throw new IllegalArgumentException("No vector " + name);
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static JsonNode json(String name) {
		try (InputStream in = Vectors.class.getResourceAsStream("/vectors/fs/" + name + ".json")) {
			if (in == null) {
				throw new IllegalArgumentException("No vector description " + name);
			}
			return MAPPER.readTree(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Copies a vector into a directory as {@code Data.fs} (or another name) and returns its path. */
	static Path copy(String name, Path dir, String fileName) {
		try {
			Path target = dir.resolve(fileName);
			Files.write(target, bytes(name));
			return target;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Path copy(String name, Path dir) {
		return copy(name, dir, "Data.fs");
	}

	static byte[] hex(String hex) {
		return HexFormat.of().parseHex(hex);
	}

	static long hexLong(String hex) {
		return Long.parseUnsignedLong(hex, 16);
	}

}
