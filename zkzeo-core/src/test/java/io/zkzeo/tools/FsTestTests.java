package io.zkzeo.tools;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code fstest} accepts what Python's fstest accepts and rejects damage with Python's messages.
 */
class FsTestTests {

	@TempDir
	Path directory;

	@ParameterizedTest
	@ValueSource(strings = { "empty", "containers", "refs", "undo", "undo-creation", "packed", "many",
			"torn-tail-recovered" })
	void acceptsFilesPythonAccepts(String name) {
		assertThat(Vectors.text(name + ".fstest.txt")).contains("exit 0");
		ToolsRun run = ToolsRun.of("fstest", Vectors.file(name + ".fs").toString());
		assertThat(run.status()).isZero();
		assertThat(run.out()).isEmpty();
		assertThat(run.err()).isEmpty();
	}

	@Test
	void rejectsTornTailAsPythonDoes() {
		assertThat(Vectors.text("torn-tail.fstest.txt")).contains("truncated possibly because of damaged records at 13868");
		Path file = Vectors.copy("torn-tail.fs", this.directory);
		ToolsRun run = ToolsRun.of("fstest", file.toString());
		assertThat(run.status()).isEqualTo(Tools.PROBLEM);
		assertThat(run.err()).isEqualTo(file + " truncated possibly because of damaged records at 13868\n");
	}

	@Test
	void verboseListsTransactionsAndRecords() {
		ToolsRun run = ToolsRun.of("fstest", "-v", "-v", Vectors.file("undo.fs").toString());
		assertThat(run.status()).isZero();
		assertThat(run.out()).startsWith("        52: object oid 0x0000000000000000 #0\n"
				+ "         4: transaction tid 0x03f47f96bbbbbbbb #0\n");
		assertThat(run.out()).endsWith("no errors detected\n");
	}

	@Test
	void rejectsEmptyFile() throws IOException {
		Path file = Files.createFile(this.directory.resolve("Data.fs"));
		assertThat(ToolsRun.of("fstest", file.toString()).err()).isEqualTo("empty file\n");
	}

	@Test
	void rejectsWrongMagic() throws IOException {
		Path file = Vectors.copy("undo.fs", this.directory);
		overwrite(file, 0, "FS99".getBytes());
		ToolsRun run = ToolsRun.of("fstest", file.toString());
		assertThat(run.status()).isEqualTo(Tools.PROBLEM);
		assertThat(run.err()).isEqualTo("invalid file header\n");
	}

	@Test
	void rejectsUnclearedCheckpointFlag() throws IOException {
		Path file = Vectors.copy("undo.fs", this.directory);
		overwrite(file, 166 + 16, new byte[] { 'c' });
		assertThat(ToolsRun.of("fstest", file.toString()).err()).contains("checkpoint flag was not cleared at 166");
	}

	@Test
	void rejectsInvalidStatus() throws IOException {
		Path file = Vectors.copy("undo.fs", this.directory);
		overwrite(file, 166 + 16, new byte[] { 'x' });
		assertThat(ToolsRun.of("fstest", file.toString()).err()).contains("has invalid status 'x' at 166");
	}

	@Test
	void rejectsTimeStampReduction() throws IOException {
		Path file = Vectors.copy("undo.fs", this.directory);
		overwrite(file, 166, new byte[8]);
		assertThat(ToolsRun.of("fstest", file.toString()).err())
			.contains("time-stamp reduction at 166: 0x0000000000000000 <= 0x03f47f96bbbbbbbb");
	}

	@Test
	void rejectsInconsistentRedundantLength() throws IOException {
		Path file = Vectors.copy("undo.fs", this.directory);
		overwrite(file, 166 + 275, ByteBuffer.allocate(8).putLong(274).array());
		assertThat(ToolsRun.of("fstest", file.toString()).err()).contains("inconsistent transaction length at 166");
	}

	@Test
	void rejectsRecordOutsideItsTransaction() throws IOException {
		Path file = Vectors.copy("undo.fs", this.directory);
		overwrite(file, 191 + 24, ByteBuffer.allocate(8).putLong(4).array());
		assertThat(ToolsRun.of("fstest", file.toString()).err())
			.contains("data record exceeds transaction record at 191: tloc 4 != tpos 166");
	}

	@Test
	void unknownCommandIsAUsageError() {
		ToolsRun run = ToolsRun.of("frobnicate");
		assertThat(run.status()).isEqualTo(Tools.USAGE);
		assertThat(run.err()).contains("unknown command 'frobnicate'");
	}

	private static void overwrite(Path file, long position, byte[] bytes) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
			channel.write(ByteBuffer.wrap(bytes), position);
		}
	}

}
