package io.zkzeo.storage.file;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.zkzeo.storage.CurrentRecord;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.conformance.CurrentRecordIterationStorageContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks the current records of files Python wrote and checks them against the vectors' JSON descriptions.
 */
class FileStorageRecordIterationTests {

	@TempDir
	Path dir;

	@Test
	void everyVectorYieldsTheCurrentRecordsPythonDescribesInOidOrder() {
		for (String name : Vectors.NAMES) {
			JsonNode json = Vectors.json(name);
			Path file = Vectors.copy(name, this.dir, name + ".fs");
			try (FileStorage storage = FileStorage.open(file, FileStorageOptions.defaults().withReadOnly(true))) {
				List<CurrentRecord> records = CurrentRecordIterationStorageContract.walk(storage, null);
				List<Oid> expectedOids = new ArrayList<>();
				Iterator<Map.Entry<String, JsonNode>> fields = json.get("current").fields();
				while (fields.hasNext()) {
					Map.Entry<String, JsonNode> entry = fields.next();
					if (!entry.getValue().has("error")) {
						expectedOids.add(Oid.of(Vectors.hexLong(entry.getKey())));
					}
				}
				expectedOids.sort((a, b) -> Long.compareUnsigned(a.value(), b.value()));
				assertThat(records).as(name).extracting(CurrentRecord::oid).containsExactlyElementsOf(expectedOids);
				for (int i = 0; i < records.size(); i++) {
					CurrentRecord record = records.get(i);
					String key = String.format("%016x", record.oid().value());
					JsonNode current = json.get("current").get(key);
					assertThat(record.serial()).as(name + " " + key).isEqualTo(Tid.fromHex(current.get("serial").asText()));
					assertThat(record.data()).as(name + " " + key).hasSize(current.get("data_len").asInt())
						.isEqualTo(lastDataOf(json, key));
					assertThat(record.next()).as(name + " " + key)
						.isEqualTo((i + 1 < records.size()) ? records.get(i + 1).oid() : null);
				}
			}
		}
	}

	@Test
	void undoneCreationIsSkippedAsPythonsIndexStillHoldsIt() {
		Path file = Vectors.copy("undo-creation", this.dir);
		try (FileStorage storage = FileStorage.open(file, FileStorageOptions.defaults().withReadOnly(true))) {
			assertThat(storage.objectCount()).isEqualTo(2);
			CurrentRecord root = storage.recordIterNext(null);
			assertThat(root).isNotNull();
			assertThat(root.oid()).isEqualTo(Oid.ROOT);
			assertThat(root.next()).isNull();
			assertThat(storage.recordIterNext(Oid.of(1))).isNull();
		}
	}

	@Test
	void recordIterNextOnAManyObjectFileStartsMidwayAtTheRequestedOid() {
		Path file = Vectors.copy("many", this.dir);
		try (FileStorage storage = FileStorage.open(file, FileStorageOptions.defaults().withReadOnly(true))) {
			List<CurrentRecord> all = CurrentRecordIterationStorageContract.walk(storage, null);
			CurrentRecord middle = all.get(all.size() / 2);
			List<CurrentRecord> rest = CurrentRecordIterationStorageContract.walk(storage, middle.oid());
			assertThat(rest).extracting(CurrentRecord::oid)
				.containsExactlyElementsOf(all.subList(all.size() / 2, all.size()).stream().map(CurrentRecord::oid).toList());
		}
	}

	private static byte[] lastDataOf(JsonNode json, String oid) {
		byte[] data = null;
		for (JsonNode txn : json.get("transactions")) {
			if (!txn.path("in_iterator").asBoolean(true)) {
				continue;
			}
			for (JsonNode record : txn.get("records")) {
				if (record.get("oid").asText().equals(oid) && !record.get("data").isNull()) {
					data = HexFormat.of().parseHex(record.get("data").asText());
				}
			}
		}
		assertThat(data).as("data of " + oid).isNotNull();
		return data;
	}

}
