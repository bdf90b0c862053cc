package io.zkzeo.storage.file;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FileWalkerTests {

	@TempDir
	Path dir;

	@Test
	void walkReportsEveryTransactionAndRecordAtThePositionsPythonWrote() {
		for (String name : List.of("empty", "containers", "refs", "undo", "undo-creation", "packed", "many")) {
			JsonNode json = Vectors.json(name);
			Path file = Vectors.copy(name, this.dir, name + ".fs");
			try (FileWalker walker = FileWalker.open(file)) {
				assertThat(new String(walker.magic())).isEqualTo("FS30");
				List<TransactionHeader> seen = new ArrayList<>();
				for (TransactionHeader txn = walker.next(); txn != null; txn = walker.next()) {
					JsonNode expected = json.get("transactions").get(seen.size());
					assertThat(txn.position()).as(name).isEqualTo(expected.get("pos").asLong());
					assertThat(txn.tid()).isEqualTo(Vectors.hexLong(expected.get("tid").asText()));
					assertThat(txn.tlen()).isEqualTo(expected.get("tlen").asLong());
					assertThat(String.valueOf(txn.statusChar())).isEqualTo(expected.get("status").asText());
					assertThat(txn.ulen()).isEqualTo(expected.get("ulen").asInt());
					assertThat(txn.dlen()).isEqualTo(expected.get("dlen").asInt());
					assertThat(txn.elen()).isEqualTo(expected.get("elen").asInt());
					assertThat(txn.readUser(walker.channel())).isEqualTo(Vectors.hex(expected.get("user_hex").asText()));
					assertThat(txn.readExtension(walker.channel()))
						.isEqualTo(Vectors.hex(expected.get("extension_hex").asText()));
					assertThat(txn.readRedundantLength(walker.channel())).isEqualTo(txn.tlen());
					List<DataRecordHeader> records = walker.records(txn);
					assertThat(records).hasSize(expected.get("records").size());
					for (int i = 0; i < records.size(); i++) {
						DataRecordHeader record = records.get(i);
						JsonNode r = expected.get("records").get(i);
						assertThat(record.position()).isEqualTo(r.get("pos").asLong());
						assertThat(record.oid()).isEqualTo(Vectors.hexLong(r.get("oid").asText()));
						assertThat(record.prev()).isEqualTo(r.get("prev").asLong());
						assertThat(record.tloc()).isEqualTo(r.get("tloc").asLong());
						assertThat(record.plen()).isEqualTo(r.get("plen").asLong());
						long back = r.get("backpointer").isNull() ? 0 : r.get("backpointer").get("back_pos").asLong();
						assertThat(record.back()).isEqualTo(back);
					}
					seen.add(txn);
				}
				assertThat(seen).hasSize(json.get("transactions").size());
			}
		}
	}

	@Test
	void nextFailsWithThePositionWhenAHeaderIsTruncated() throws Exception {
		Path file = Vectors.copy("empty", this.dir);
		java.nio.file.Files.write(file, new byte[10], java.nio.file.StandardOpenOption.APPEND);
		try (FileWalker walker = FileWalker.open(file)) {
			assertThat(walker.next()).isNotNull();
			assertThatExceptionOfType(FileStorageFormatError.class).isThrownBy(walker::next)
				.withMessageContaining("position 166")
				.satisfies((ex) -> assertThat(ex.getPosition()).isEqualTo(166));
		}
	}

	@Test
	void openRefusesAnUnknownMagic() throws Exception {
		Path file = this.dir.resolve("bad.fs");
		java.nio.file.Files.write(file, "XS30".getBytes());
		assertThatExceptionOfType(FileStorageFormatError.class).isThrownBy(() -> FileWalker.open(file))
			.withMessageContaining("Invalid file magic 'XS30'");
	}

}
