package io.zkzeo.storage.file;

import java.nio.file.Files;
import java.nio.file.Path;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import static io.zkzeo.storage.file.Commits.bytes;
import static org.assertj.core.api.Assertions.assertThat;

class IndexSnapshotTests {

	@TempDir
	Path dir;

	private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

	@BeforeEach
	void captureLogs() {
		this.logs.start();
		((Logger) LoggerFactory.getLogger(FileStorage.class)).addAppender(this.logs);
		((Logger) LoggerFactory.getLogger(IndexSnapshot.class)).addAppender(this.logs);
	}

	@AfterEach
	void releaseLogs() {
		((Logger) LoggerFactory.getLogger(FileStorage.class)).detachAppender(this.logs);
		((Logger) LoggerFactory.getLogger(IndexSnapshot.class)).detachAppender(this.logs);
	}

	private boolean logged(String text) {
		return this.logs.list.stream().anyMatch((event) -> event.getFormattedMessage().contains(text));
	}

	@Test
	void closeWritesASnapshotThatTheNextOpenUsesAndPythonsIndexIsNeverWritten() {
		Path file = Vectors.copy("many", this.dir);
		FileStorage.open(file).close();
		assertThat(IndexSnapshot.pathFor(file)).exists();
		assertThat(this.dir.resolve("Data.fs.index")).doesNotExist();
		this.logs.list.clear();
		try (FileStorage storage = FileStorage.open(file)) {
			assertThat(logged("index snapshot at 120468")).isTrue();
			assertThat(storage.objectCount()).isEqualTo(Vectors.json("many").get("len").asLong());
			assertThat(storage.load(Oid.of(600)).data()).isNotEmpty();
		}
	}

	@Test
	void openScansForwardFromTheSnapshotWhenTheFileGrewAfterIt() {
		Path file = this.dir.resolve("Data.fs");
		Tid first;
		try (FileStorage storage = FileStorage.open(file)) {
			first = Commits.store(storage, 0, Tid.ZERO, bytes("root"));
		}
		Tid second;
		try (FileStorage storage = FileStorage.open(file, FileStorageOptions.defaults().withIndexSnapshot(false))) {
			second = Commits.store(storage, 0, first, bytes("root 2"));
			Commits.store(storage, 9, Tid.ZERO, bytes("nine"));
		}
		this.logs.list.clear();
		try (FileStorage storage = FileStorage.open(file)) {
			assertThat(logged("index snapshot at")).isTrue();
			assertThat(storage.load(Oid.ROOT).serial()).isEqualTo(second);
			assertThat(storage.load(Oid.of(9)).data()).isEqualTo(bytes("nine"));
			assertThat(storage.newOid()).isEqualTo(Oid.of(10));
		}
	}

	@Test
	void aSnapshotOfAnotherFileOrADamagedOneIsIgnored() throws Exception {
		Path file = Vectors.copy("many", this.dir);
		FileStorage.open(file).close();
		Files.write(file, Vectors.bytes("containers"));
		this.logs.list.clear();
		try (FileStorage storage = FileStorage.open(file)) {
			assertThat(logged("Ignoring index snapshot")).isTrue();
			assertThat(storage.objectCount()).isEqualTo(Vectors.json("containers").get("len").asLong());
		}
		byte[] snapshot = Files.readAllBytes(IndexSnapshot.pathFor(file));
		snapshot[snapshot.length / 2] ^= 0x40;
		Files.write(IndexSnapshot.pathFor(file), snapshot);
		this.logs.list.clear();
		try (FileStorage storage = FileStorage.open(file)) {
			assertThat(logged("checksum mismatch")).isTrue();
			assertThat(storage.objectCount()).isEqualTo(Vectors.json("containers").get("len").asLong());
		}
	}

	@Test
	void aFileTruncatedBelowTheSnapshotIsRescanned() throws Exception {
		Path file = Vectors.copy("containers", this.dir);
		FileStorage.open(file).close();
		Files.write(file, Vectors.bytes("torn-tail-recovered"));
		this.logs.list.clear();
		try (FileStorage storage = FileStorage.open(file)) {
			assertThat(logged("Ignoring index snapshot")).isTrue();
			assertThat(storage.getSize()).isEqualTo(13868);
			assertThat(storage.objectCount()).isEqualTo(Vectors.json("torn-tail-recovered").get("len").asLong());
		}
	}

}
