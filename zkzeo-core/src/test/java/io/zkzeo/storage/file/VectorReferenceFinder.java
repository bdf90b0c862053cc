package io.zkzeo.storage.file;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkzeo.storage.ReferenceFinder;

/**
 * A reference finder that knows the records of some vectors: each record's data maps to the references
 * Python's {@code referencesf} found in it, as the vector's JSON lists them. Unknown data is an error, so
 * a test also proves which records pack looks at.
 */
final class VectorReferenceFinder implements ReferenceFinder {

	private final Map<String, long[]> references = new HashMap<>();

	private final List<String> scanned = new ArrayList<>();

	VectorReferenceFinder(JsonNode... vectors) {
		for (JsonNode json : vectors) {
			for (JsonNode txn : json.get("transactions")) {
				for (JsonNode record : txn.get("records")) {
					if (record.get("data").isNull() || record.get("refs").isNull()) {
						continue;
					}
					long[] refs = new long[record.get("refs").size()];
					for (int i = 0; i < refs.length; i++) {
						refs[i] = Vectors.hexLong(record.get("refs").get(i).asText());
					}
					this.references.put(record.get("data").asText(), refs);
				}
			}
		}
	}

	@Override
	public synchronized void findReferences(byte[] record, LongConsumer oids) {
		String key = HexFormat.of().formatHex(record);
		long[] refs = this.references.get(key);
		if (refs == null) {
			throw new AssertionError("Pack asked for the references of a record no vector describes: " + key);
		}
		this.scanned.add(key);
		for (long oid : refs) {
			oids.accept(oid);
		}
	}

	synchronized int scannedCount() {
		return this.scanned.size();
	}

}
