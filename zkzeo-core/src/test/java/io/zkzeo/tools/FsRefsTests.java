package io.zkzeo.tools;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.conformance.TestCommits;
import io.zkzeo.storage.conformance.TestRecords;
import io.zkzeo.storage.file.FileStorage;
import io.zkzeo.storage.file.FileStorageOptions;

import static io.zkzeo.storage.conformance.TestCommits.commit;
import static io.zkzeo.storage.conformance.TestCommits.store;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code fsrefs} is silent where Python's fsrefs was, and reports dangling references.
 */
class FsRefsTests {

	static final List<String> NAMES = Vectors.NAMES;

	@TempDir
	Path directory;

	@ParameterizedTest
	@FieldSource("NAMES")
	void silentOnFilesPythonFoundSound(String name) {
		assertThat(Vectors.text(name + ".fstest.txt")).contains("fsrefs: ok");
		ToolsRun run = ToolsRun.of("fsrefs", Vectors.file(name + ".fs").toString());
		assertThat(run.out()).isEmpty();
		assertThat(run.status()).isZero();
	}

	@Test
	void reportsReferenceToMissingObject() {
		Path file = this.directory.resolve("Data.fs");
		Tid written;
		try (FileStorage storage = FileStorage.open(file, FileStorageOptions.defaults().withFsync(false))) {
			Oid root = Oid.ROOT;
			written = commit(storage, "dangling", store(root, Tid.ZERO, TestRecords.node(1, Oid.of(7))));
		}
		ToolsRun run = ToolsRun.of("fsrefs", file.toString());
		assertThat(run.status()).isEqualTo(Tools.PROBLEM);
		assertThat(run.out()).isEqualTo("oid 0x0 persistent.mapping.PersistentMapping\n" + "last updated: "
				+ written.toTimeStamp() + ", tid=0x" + Long.toHexString(written.value()) + "\n"
				+ "refers to invalid object:\n" + "\toid 0x07 missing: 'persistent.mapping.PersistentMapping'\n\n");
	}

	@Test
	void reportsReferenceToObjectWhoseCreationWasUndone() {
		Path file = this.directory.resolve("Data.fs");
		try (FileStorage storage = FileStorage.open(file, FileStorageOptions.defaults().withFsync(false))) {
			Oid child = storage.newOid();
			Tid t1 = commit(storage, "root", store(Oid.ROOT, Tid.ZERO, TestRecords.node(0)));
			Tid t2 = commit(storage, "child", store(child, Tid.ZERO, TestRecords.node(2)));
			commit(storage, "link", store(Oid.ROOT, t1, TestRecords.node(1, child)));
			TestCommits.undo(storage, t2);
		}
		ToolsRun run = ToolsRun.of("fsrefs", file.toString());
		assertThat(run.status()).isEqualTo(Tools.PROBLEM);
		assertThat(run.out()).contains("\toid 0x01 object creation was undone: 'persistent.mapping.PersistentMapping'");
	}

}
