package io.zkzeo.storage.file;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import static io.zkzeo.storage.file.Commits.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FileStorageRecoveryTests {

	@TempDir
	Path dir;

	private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

	private final Logger storageLogger = (Logger) LoggerFactory.getLogger(TailRecovery.class);

	@BeforeEach
	void captureLogs() {
		this.logs.start();
		this.storageLogger.addAppender(this.logs);
	}

	@AfterEach
	void releaseLogs() {
		this.storageLogger.detachAppender(this.logs);
	}

	@Test
	void openReadWriteTruncatesATornTailToWhatPythonRecovers() throws Exception {
		Path file = Vectors.copy("torn-tail", this.dir);
		byte[] torn = Files.readAllBytes(file);
		try (FileStorage storage = FileStorage.open(file)) {
			assertThat(storage.getSize()).isEqualTo(13868);
			assertThat(storage.load(Oid.of(0x20)).data()).hasSize(96);
		}
		assertThat(Files.readAllBytes(file)).isEqualTo(Vectors.bytes("torn-tail-recovered"));
		assertThat(Files.readAllBytes(this.dir.resolve("Data.fs.tr0")))
			.isEqualTo(Arrays.copyOfRange(torn, 13868, torn.length));
		assertThat(this.logs.list).anySatisfy((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.WARN);
			assertThat(event.getFormattedMessage()).contains("bytes [13868, 14414)");
		});
	}

	@Test
	void openReadOnlyIgnoresATornTailAndLeavesTheFileAlone() throws Exception {
		Path file = Vectors.copy("torn-tail", this.dir);
		try (FileStorage storage = FileStorage.open(file, FileStorageOptions.defaults().withReadOnly(true))) {
			assertThat(storage.getSize()).isEqualTo(13868);
		}
		assertThat(Files.readAllBytes(file)).isEqualTo(Vectors.bytes("torn-tail"));
		assertThat(this.dir.resolve("Data.fs.tr0")).doesNotExist();
	}

	@Test
	void aVotedButUnfinishedLastTransactionIsTruncatedAndItsTidIsNotReused() throws Exception {
		Path file = this.dir.resolve("Data.fs");
		long committedSize;
		Tid votedTid;
		try (FileStorage storage = FileStorage.open(file)) {
			Commits.store(storage, 0, Tid.ZERO, bytes("root"));
			committedSize = storage.getSize();
			TransactionMetaData meta = Commits.txn("crash before finish");
			storage.tpcBegin(meta);
			storage.store(Oid.of(1), Tid.ZERO, bytes("lost"), meta);
			storage.vote(meta);
			votedTid = Tid.of(ByteBuffer.wrap(Files.readAllBytes(file), (int) committedSize, 8).getLong());
			byte[] crashed = Files.readAllBytes(file);
			storage.tpcAbort(meta);
			Files.write(this.dir.resolve("crashed.fs"), crashed);
		}
		Files.delete(IndexSnapshot.pathFor(file));
		Files.move(this.dir.resolve("crashed.fs"), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		try (FileStorage storage = FileStorage.open(file)) {
			assertThat(storage.getSize()).isEqualTo(committedSize);
			assertThat(Files.size(file)).isEqualTo(committedSize);
			Tid next = Commits.store(storage, 1, Tid.ZERO, bytes("again"));
			assertThat(next).isGreaterThan(votedTid);
		}
	}

	@Test
	void everythingFromAnUnfinishedTransactionOnIsTruncatedAndSaved() throws Exception {
		Path file = this.dir.resolve("Data.fs");
		long firstEnd;
		try (FileStorage storage = FileStorage.open(file, FileStorageOptions.defaults().withIndexSnapshot(false))) {
			Commits.store(storage, 0, Tid.ZERO, bytes("root"));
			firstEnd = storage.getSize();
			Commits.store(storage, 1, Tid.ZERO, bytes("one"));
			Commits.store(storage, 2, Tid.ZERO, bytes("two"));
		}
		byte[] bytes = Files.readAllBytes(file);
		bytes[(int) firstEnd + 16] = 'c';
		Files.write(file, bytes);
		try (FileStorage storage = FileStorage.open(file)) {
			assertThat(storage.getSize()).isEqualTo(firstEnd);
			assertThat(storage.objectCount()).isEqualTo(1);
		}
		assertThat(Files.readAllBytes(this.dir.resolve("Data.fs.tr0")))
			.isEqualTo(Arrays.copyOfRange(bytes, (int) firstEnd, bytes.length));
	}

	@Test
	void aTransactionLengthRunningPastTheEndInTheMiddleIsAnErrorNotATornTail() throws Exception {
		assertDamageRefused((bytes) -> ByteBuffer.wrap(bytes).putLong(610 + 8, 1_000_000), "position 610");
	}

	@Test
	void aTransactionLengthTooShortIsAnError() throws Exception {
		assertDamageRefused((bytes) -> ByteBuffer.wrap(bytes).putLong(610 + 8, 389), "transaction 610");
	}

	@Test
	void aBadRedundantLengthIsAnErrorNamingItsPosition() throws Exception {
		assertDamageRefused((bytes) -> ByteBuffer.wrap(bytes).putLong(166 + 436, 437), "position 602");
	}

	@Test
	void aWrongMagicIsAnError() throws Exception {
		assertDamageRefused((bytes) -> bytes[2] = '9', "position 0");
	}

	@Test
	void aFlippedStatusByteIsAnError() throws Exception {
		assertDamageRefused((bytes) -> bytes[610 + 16] ^= 0x01, "position 610");
	}

	@Test
	void aFlippedUserLengthIsAnError() throws Exception {
		assertDamageRefused((bytes) -> bytes[166 + 18] ^= 0x02, "position");
	}

	@Test
	void aFlippedRecordTransactionPointerIsAnError() throws Exception {
		assertDamageRefused((bytes) -> bytes[643 + 24 + 7] ^= 0x10, "position 643");
	}

	@Test
	void aFlippedRecordSerialIsAnError() throws Exception {
		assertDamageRefused((bytes) -> bytes[643 + 8 + 7] ^= 0x01, "position 643");
	}

	private void assertDamageRefused(Consumer<byte[]> damage, String position) throws Exception {
		for (boolean readOnly : new boolean[] { false, true }) {
			byte[] bytes = Vectors.bytes("containers");
			damage.accept(bytes);
			Path file = this.dir.resolve("Damaged" + readOnly + ".fs");
			Files.write(file, bytes);
			assertThatExceptionOfType(FileStorageFormatError.class)
				.isThrownBy(() -> FileStorage.open(file, FileStorageOptions.defaults().withReadOnly(readOnly)))
				.withMessageContaining(position);
			assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
			assertThat(this.dir.resolve(file.getFileName() + ".tr0")).doesNotExist();
			if (!readOnly) {
				try (FileStorage other = FileStorage.open(Vectors.copy("empty", this.dir, "Other.fs"))) {
					assertThat(other.objectCount()).isEqualTo(1);
				}
				try (LockFile lock = LockFile.acquire(this.dir.resolve(file.getFileName() + ".lock"))) {
					assertThat(lock.path()).exists();
				}
			}
		}
	}

	@Test
	void fs21FilesAreReadToo() throws Exception {
		byte[] bytes = Vectors.bytes("undo");
		System.arraycopy(FileStorageFormat.MAGIC_FS21, 0, bytes, 0, 4);
		Path file = this.dir.resolve("Python2.fs");
		Files.write(file, bytes);
		try (FileStorage storage = FileStorage.open(file, FileStorageOptions.defaults().withReadOnly(true))) {
			assertThat(new String(storage.getMagic())).isEqualTo("FS21");
			assertThat(storage.load(Oid.of(1)).serial()).isEqualTo(Tid.fromHex("03f47f96fbbbbbbb"));
		}
	}

}
