package io.zkzeo.storage.file;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkzeo.storage.DataRecord;
import io.zkzeo.storage.DataRevision;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.POSKeyError;
import io.zkzeo.storage.StorageIterator;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Reads every vector Python wrote and checks it against the vector's JSON description.
 */
class FileStorageVectorTests {

	@TempDir
	Path dir;

	@Test
	void everyVectorYieldsExactlyTheTransactionsAndRecordsPythonDescribes() {
		for (String name : Vectors.NAMES) {
			JsonNode json = Vectors.json(name);
			Path file = Vectors.copy(name, this.dir, name + ".fs");
			try (FileStorage storage = FileStorage.open(file, FileStorageOptions.defaults().withReadOnly(true))) {
				List<JsonNode> expected = new ArrayList<>();
				json.get("transactions").forEach((txn) -> {
					if (txn.path("in_iterator").asBoolean(true)) {
						expected.add(txn);
					}
				});
				List<TransactionRecord> actual = new ArrayList<>();
				try (StorageIterator iterator = storage.iterator(null, null)) {
					iterator.forEachRemaining(actual::add);
				}
				assertThat(actual).as(name).hasSize(expected.size());
				for (int i = 0; i < actual.size(); i++) {
					assertTransaction(name, actual.get(i), expected.get(i));
				}
				assertThat(storage.lastTransaction()).as(name).isEqualTo(Tid.fromHex(json.get("last_tid").asText()));
				assertThat(storage.objectCount()).as(name).isEqualTo(json.get("len").asLong());
				assertCurrent(name, storage, json);
			}
		}
	}

	private void assertTransaction(String name, TransactionRecord actual, JsonNode expected) {
		String where = name + " tid " + expected.get("tid").asText();
		assertThat(actual.tid()).as(where).isEqualTo(Tid.fromHex(expected.get("tid").asText()));
		assertThat(String.valueOf(actual.status())).as(where).isEqualTo(expected.get("status").asText());
		assertThat(actual.user()).as(where).isEqualTo(Vectors.hex(expected.get("user_hex").asText()));
		assertThat(actual.description()).as(where).isEqualTo(Vectors.hex(expected.get("description_hex").asText()));
		assertThat(actual.extension()).as(where).isEqualTo(Vectors.hex(expected.get("extension_hex").asText()));
		JsonNode records = expected.get("records");
		assertThat(actual.records()).as(where).hasSize(records.size());
		for (int i = 0; i < records.size(); i++) {
			DataRecord record = actual.records().get(i);
			JsonNode r = records.get(i);
			assertThat(record.oid()).as(where).isEqualTo(Oid.of(Vectors.hexLong(r.get("oid").asText())));
			assertThat(record.tid()).as(where).isEqualTo(Tid.fromHex(r.get("tid").asText()));
			if (r.get("data").isNull()) {
				assertThat(record.data()).as(where).isNull();
			}
			else {
				assertThat(record.data()).as(where).isEqualTo(Vectors.hex(r.get("data").asText()));
			}
			JsonNode back = r.get("backpointer");
			if (back.isNull() || back.get("data_txn").isNull()) {
				assertThat(record.dataTxn()).as(where).isNull();
			}
			else {
				assertThat(record.dataTxn()).as(where).isEqualTo(Tid.fromHex(back.get("data_txn").asText()));
			}
		}
	}

	private void assertCurrent(String name, FileStorage storage, JsonNode json) {
		Iterator<Map.Entry<String, JsonNode>> fields = json.get("current").fields();
		while (fields.hasNext()) {
			Map.Entry<String, JsonNode> entry = fields.next();
			Oid oid = Oid.of(Vectors.hexLong(entry.getKey()));
			JsonNode current = entry.getValue();
			if (current.has("error")) {
				assertThat(current.get("error").asText()).isEqualTo("POSKeyError");
				assertThatExceptionOfType(POSKeyError.class).as(name + " " + oid).isThrownBy(() -> storage.load(oid));
				assertThatExceptionOfType(POSKeyError.class).as(name + " " + oid)
					.isThrownBy(() -> storage.loadBefore(oid, Tid.MAX));
				continue;
			}
			DataRevision revision = storage.load(oid);
			assertThat(revision.serial()).as(name + " " + oid).isEqualTo(Tid.fromHex(current.get("serial").asText()));
			assertThat(revision.data()).as(name + " " + oid).hasSize(current.get("data_len").asInt());
			assertThat(revision.data()).isEqualTo(lastDataOf(json, entry.getKey()));
			DataRevision before = storage.loadBefore(oid, Tid.MAX);
			assertThat(before).isNotNull();
			assertThat(before.data()).isEqualTo(revision.data());
			assertThat(before.end()).isNull();
		}
	}

	private static byte[] lastDataOf(JsonNode json, String oid) {
		byte[] data = null;
		for (JsonNode txn : json.get("transactions")) {
			for (JsonNode record : txn.get("records")) {
				if (record.get("oid").asText().equals(oid) && !record.get("data").isNull()) {
					data = HexFormat.of().parseHex(record.get("data").asText());
				}
			}
		}
		return data;
	}

}
