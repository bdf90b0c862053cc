package io.zkzeo.pickle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The data records of the FileStorage vectors written by Python ZODB, loaded from the class path.
 */
final class VectorRecords {

	static final List<String> FILES = List.of("empty", "containers", "refs", "undo", "undo-creation", "packed",
			"torn-tail", "torn-tail-recovered", "many");

	private VectorRecords() {
	}

	/**
	 * A data record as the vector describes it.
	 */
	record VectorRecord(String file, String oid, String tid, byte[] data, String className, List<Long> refs) {

		@Override
		public String toString() {
			return this.file + " oid " + this.oid + " tid " + this.tid;
		}

	}

	static List<VectorRecord> all() {
		List<VectorRecord> records = new ArrayList<>();
		for (String file : FILES) {
			records.addAll(load(file));
		}
		return records;
	}

	static List<VectorRecord> load(String file) {
		JsonNode root = readJson("/vectors/fs/" + file + ".json");
		List<VectorRecord> records = new ArrayList<>();
		for (JsonNode transaction : root.get("transactions")) {
			for (JsonNode record : transaction.get("records")) {
				JsonNode data = record.get("data");
				if (data == null || data.isNull()) {
					continue;
				}
				List<Long> refs = new ArrayList<>();
				for (JsonNode ref : record.get("refs")) {
					refs.add(Long.parseUnsignedLong(ref.asText(), 16));
				}
				records.add(new VectorRecord(file, record.get("oid").asText(), record.get("tid").asText(),
						HexFormat.of().parseHex(data.asText()), record.get("class").asText(), refs));
			}
		}
		return records;
	}

	private static JsonNode readJson(String resource) {
		try (InputStream in = VectorRecords.class.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("Missing test resource " + resource);
			}
			return new ObjectMapper().readTree(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
