package io.zkzeo.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zkzeo.storage.Oid;

/**
 * The FileStorage vectors written by Python ZODB, from the test class path: the file, and the current
 * record of every object as Python wrote it.
 */
final class DbVectors {

	private static final ObjectMapper MAPPER = new ObjectMapper();

	private DbVectors() {
	}

	/** Copies a vector into a directory as {@code Data.fs}. */
	static Path copy(String name, Path dir) {
		try (InputStream in = DbVectors.class.getResourceAsStream("/vectors/fs/" + name + ".fs")) {
			if (in == null) {
				throw new IllegalArgumentException("No vector " + name);
			}
			Path target = dir.resolve("Data.fs");
			Files.write(target, in.readAllBytes());
			return target;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The current record of every object, by oid, as Python wrote it. */
	static Map<Oid, byte[]> currentRecords(String name) {
		JsonNode json = json(name);
		Map<String, String> data = new HashMap<>();
		for (JsonNode transaction : json.get("transactions")) {
			for (JsonNode record : transaction.get("records")) {
				if (record.hasNonNull("data")) {
					data.put(record.get("oid").asText() + "/" + record.get("tid").asText(), record.get("data").asText());
				}
			}
		}
		Map<Oid, byte[]> current = new TreeMap<>();
		for (Iterator<Map.Entry<String, JsonNode>> it = json.get("current").fields(); it.hasNext();) {
			Map.Entry<String, JsonNode> entry = it.next();
			String hex = data.get(entry.getKey() + "/" + entry.getValue().get("serial").asText());
			current.put(Oid.fromBytes(HexFormat.of().parseHex(entry.getKey())), HexFormat.of().parseHex(hex));
		}
		return current;
	}

	static JsonNode json(String name) {
		try (InputStream in = DbVectors.class.getResourceAsStream("/vectors/fs/" + name + ".json")) {
			if (in == null) {
				throw new IllegalArgumentException("No vector description " + name);
			}
			return MAPPER.readTree(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
