package io.zkzeo.reliability;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import io.zkzeo.storage.file.FileStorage;
import io.zkzeo.storage.file.FileStorageFormatError;
import io.zkzeo.storage.file.FileStorageOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Damaged copies of a Data.fs written by Python ZODB, each opened read-write: a torn tail is cut off and
 * saved, damage before the end is refused with {@link FileStorageFormatError} and the file left as it
 * was, a wrong magic is refused, and a truncated index snapshot is ignored and the index rebuilt.
 */
final class CorruptFileScenario {

	private static final int TRANSACTION_HEADER = 23;

	private final Path directory;

	CorruptFileScenario(Path directory) {
		this.directory = directory;
	}

	void run() throws IOException {
		Path original = VectorFiles.copy("many.fs", this.directory);
		byte[] bytes = Files.readAllBytes(original);
		List<Long> positions = transactionPositions(bytes);
		long objects;
		try (FileStorage storage = FileStorage.open(original, FileStorageOptions.defaults().withReadOnly(true))) {
			objects = storage.objectCount();
		}
		int refused = 0;
		int recovered = 0;

		// torn tail: the last transaction cut short, as a crash in the middle of a write leaves it
		long last = positions.get(positions.size() - 1);
		Path torn = variant("torn", Arrays.copyOf(bytes, (int) (last + TRANSACTION_HEADER + 10)));
		try (FileStorage storage = FileStorage.open(torn)) {
			assertThat(storage.getSize()).isEqualTo(last);
		}
		assertThat(Files.size(torn)).isEqualTo(last);
		assertThat(torn.resolveSibling(torn.getFileName() + ".tr0")).as("the cut tail is kept").exists();
		assertThat(FsTestRun.check(torn).status()).isZero();
		recovered++;

		// damage in the middle: a transaction length, a status byte, a tid going backwards
		long middle = positions.get(positions.size() / 2);
		refused += refuse("length", bytes, (copy) -> copy[(int) middle + 8 + 3] ^= 0x40);
		refused += refuse("status", bytes, (copy) -> copy[(int) middle + 16] = 'x');
		refused += refuse("tid", bytes, (copy) -> Arrays.fill(copy, (int) middle, (int) middle + 8, (byte) 0));
		refused += refuse("magic", bytes, (copy) -> copy[1] = 'Z');

		// a truncated index snapshot is not trusted; the index is rebuilt from the file
		Path indexed = variant("indexed", bytes);
		try (FileStorage storage = FileStorage.open(indexed)) {
			assertThat(storage.objectCount()).isEqualTo(objects);
		}
		Path snapshot = indexed.resolveSibling(indexed.getFileName() + ".index");
		if (Files.exists(snapshot)) {
			byte[] index = Files.readAllBytes(snapshot);
			Files.write(snapshot, Arrays.copyOf(index, index.length / 2));
		}
		else {
			Files.write(snapshot, new byte[] { 1, 2, 3 });
		}
		try (FileStorage storage = FileStorage.open(indexed)) {
			assertThat(storage.objectCount()).isEqualTo(objects);
			assertThat(storage.getSize()).isEqualTo(bytes.length);
		}
		recovered++;
		new Figures("corrupt-files").put("transactions", positions.size())
			.put("refusedWithFormatError", refused)
			.put("recovered", recovered)
			.report();
	}

	private int refuse(String name, byte[] bytes, Consumer<byte[]> damage) throws IOException {
		byte[] copy = bytes.clone();
		damage.accept(copy);
		Path file = variant(name, copy);
		assertThatExceptionOfType(FileStorageFormatError.class).as("opening a file with a damaged %s", name)
			.isThrownBy(() -> FileStorage.open(file, FileStorageOptions.defaults().withIndexSnapshot(false)).close());
		assertThat(Files.readAllBytes(file)).as("the file with a damaged %s is left as it was", name).isEqualTo(copy);
		assertThat(FsTestRun.check(file).status()).as("fstest of the file with a damaged %s", name).isNotZero();
		return 1;
	}

	private Path variant(String name, byte[] bytes) throws IOException {
		Path dir = Files.createDirectories(this.directory.resolve(name));
		return Files.write(dir.resolve("Data.fs"), bytes);
	}

	private static List<Long> transactionPositions(byte[] bytes) {
		List<Long> positions = new ArrayList<>();
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		long position = 4;
		while (position < bytes.length) {
			positions.add(position);
			long length = buffer.getLong((int) position + 8);
			position += length + 8;
		}
		return positions;
	}

}
