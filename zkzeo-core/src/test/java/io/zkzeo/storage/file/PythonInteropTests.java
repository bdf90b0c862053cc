package io.zkzeo.storage.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.zkzeo.storage.DataRevision;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.StorageIterator;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.TransactionMetaData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Hands files written here to Python ZODB and back. Runs only where a Python interpreter can import
 * ZODB (set {@code ZKZEO_ZODB_PYTHON} to choose the interpreter, default {@code python3}); skipped
 * elsewhere.
 */
class PythonInteropTests {

	private static final String PYTHON = System.getenv().getOrDefault("ZKZEO_ZODB_PYTHON", "python3");

	private static final String OPEN_COMMIT_PACK = String.join("\n", "import sys, time, ZODB, transaction",
			"from ZODB.FileStorage import FileStorage", "db = ZODB.DB(FileStorage(sys.argv[1]))",
			"conn = db.open()", "root = conn.root()", "assert 'child' in root.keys(), list(root.keys())",
			"root['from_python'] = 'written by Python'", "transaction.commit()",
			"tid = db.storage.lastTransaction()", "conn.close()", "db.pack(time.time() + 1)", "db.close()",
			"print(tid.hex())");

	/** fsrefs imports BTrees.QQBTree, which older BTrees lack; an OOBTree does the same job there. */
	private static final String FSREFS = String.join("\n", "import sys, types, runpy", "try:",
			"    import BTrees.QQBTree", "except ImportError:", "    import BTrees.OOBTree",
			"    shim = types.ModuleType('BTrees.QQBTree')", "    shim.QQBTree = BTrees.OOBTree.OOBTree",
			"    sys.modules['BTrees.QQBTree'] = shim", "sys.argv = ['fsrefs', sys.argv[1]]",
			"runpy.run_module('ZODB.scripts.fsrefs', run_name='__main__')");

	private static final String TRY_LOCK = String.join("\n", "import sys", "from ZODB.FileStorage import FileStorage",
			"import zc.lockfile", "try:", "    FileStorage(sys.argv[1])", "except zc.lockfile.LockError as e:",
			"    print('locked'); sys.exit(0)", "print('not locked'); sys.exit(1)");

	@TempDir
	Path dir;

	@BeforeAll
	static void requireZodb() throws InterruptedException {
		assumeThat(run(List.of(PYTHON, "-c", "import ZODB")).exitCode).as("a Python with ZODB").isZero();
	}

	@Test
	void pythonChecksOpensCommitsAndPacksOurFileAndWeReadTheResult() throws Exception {
		Path file = this.dir.resolve("Data.fs");
		Tid undone;
		try (FileStorage storage = FileStorage.open(file)) {
			Replay.replay(storage, Vectors.json("containers"));
			DataRevision cross = storage.load(Oid.of(0x20));
			TransactionMetaData again = TransactionMetaData.of("/ java", "store again");
			storage.tpcBegin(again);
			storage.store(Oid.of(0x20), cross.serial(), cross.data(), again);
			storage.vote(again);
			undone = storage.tpcFinish(again);
			TransactionMetaData undo = TransactionMetaData.of("/ java", "undo");
			storage.tpcBegin(undo);
			storage.undo(undone, undo);
			storage.vote(undo);
			storage.tpcFinish(undo);
			Result locked = run(List.of(PYTHON, "-c", TRY_LOCK, file.toString()));
			assertThat(locked.output).isEqualTo("locked\n");
		}
		Result fstest = run(List.of(PYTHON, "-m", "ZODB.scripts.fstest", "-v", file.toString()));
		assertThat(fstest.exitCode).as(fstest.output).isZero();
		assertThat(fstest.output).contains("no errors detected");
		Result fsrefs = run(List.of(PYTHON, "-c", FSREFS, file.toString()));
		assertThat(fsrefs.exitCode).as(fsrefs.output).isZero();
		assertThat(fsrefs.output).isEmpty();
		Result python = run(List.of(PYTHON, "-c", OPEN_COMMIT_PACK, file.toString()));
		assertThat(python.exitCode).as(python.output).isZero();
		Tid pythonTid = Tid.fromHex(python.output.strip());
		try (FileStorage storage = FileStorage.open(file)) {
			assertThat(storage.lastTransaction()).isEqualTo(pythonTid);
			DataRevision root = storage.load(Oid.ROOT);
			assertThat(root.serial()).isEqualTo(pythonTid);
			assertThat(new String(root.data(), StandardCharsets.ISO_8859_1)).contains("written by Python");
			List<Character> statuses = new ArrayList<>();
			try (StorageIterator iterator = storage.iterator(null, null)) {
				iterator.forEachRemaining((txn) -> statuses.add(txn.status()));
			}
			assertThat(statuses).isNotEmpty().containsOnly('p');
			assertThat(storage.load(Oid.of(0x20)).data()).hasSize(96);
		}
	}

	@Test
	void ourPackedFilePassesPythonsChecks() throws Exception {
		Path file = Vectors.copy("refs", this.dir);
		try (FileStorage storage = FileStorage.open(file)) {
			storage.pack(storage.lastTransaction().toInstant().plusMillis(1),
					new VectorReferenceFinder(Vectors.json("refs")));
		}
		Result fstest = run(List.of(PYTHON, "-m", "ZODB.scripts.fstest", "-v", file.toString()));
		assertThat(fstest.exitCode).as(fstest.output).isZero();
		Result fsrefs = run(List.of(PYTHON, "-c", FSREFS, file.toString()));
		assertThat(fsrefs.output).isEmpty();
		Result python = run(List.of(PYTHON, "-c", OPEN_COMMIT_PACK.replace("'child'", "'a'"), file.toString()));
		assertThat(python.exitCode).as(python.output).isZero();
	}

	private static Result run(List<String> command) throws InterruptedException {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			process.getOutputStream().close();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(120, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return new Result(-1, output);
			}
			return new Result(process.exitValue(), output);
		}
		catch (IOException ex) {
			return new Result(-1, ex.toString());
		}
	}

	private record Result(int exitCode, String output) {
	}

}
