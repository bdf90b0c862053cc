package io.zkzeo.storage.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

class LockFileTests {

	private static final String PYTHON_FLOCK = String.join("\n", "import fcntl, os, sys",
			"f = open(sys.argv[1], 'a+')", "try:", "    fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)",
			"except BlockingIOError:", "    f.seek(0)", "    sys.stdout.write(f.read())", "    sys.exit(3)",
			"f.seek(0)", "f.truncate()", "f.write(' %d\\n' % os.getpid())", "f.flush()",
			"open(sys.argv[2], 'w').close()", "sys.stdin.read()");

	@TempDir
	Path dir;

	@Test
	void lockHeldByAnotherJvmIsRefusedWithItsPidAndReadOnlyOpensStillWork() throws Exception {
		Path data = Vectors.copy("empty", this.dir);
		Path marker = this.dir.resolve("locked");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				LockHolderMain.class.getName(), data.toString(), marker.toString())
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		try {
			awaitFile(marker, holder);
			assertThatExceptionOfType(FileStorageLockedError.class).isThrownBy(() -> FileStorage.open(data))
				.withMessageContaining(data + ".lock")
				.withMessageContaining("pid " + holder.pid());
			try (FileStorage reader = FileStorage.open(data, FileStorageOptions.defaults().withReadOnly(true))) {
				assertThat(reader.objectCount()).isEqualTo(1);
			}
		}
		finally {
			holder.getOutputStream().close();
			assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
		}
		try (FileStorage storage = FileStorage.open(data)) {
			assertThat(storage.objectCount()).isEqualTo(1);
		}
	}

	@Test
	void secondReadWriteOpenInTheSameProcessIsRefused() {
		Path data = Vectors.copy("empty", this.dir);
		try (FileStorage storage = FileStorage.open(data)) {
			assertThatExceptionOfType(FileStorageLockedError.class).isThrownBy(() -> FileStorage.open(data))
				.withMessageContaining("pid " + ProcessHandle.current().pid());
			assertThat(storage.objectCount()).isEqualTo(1);
		}
	}

	@Test
	void javaFileLockFallbackRefusesASecondHolderAndRecordsThePid() throws Exception {
		Path lockPath = this.dir.resolve("Fallback.fs.lock");
		Files.createFile(lockPath);
		try (LockFile lock = LockFile.acquireWithJavaLock(lockPath)) {
			assertThat(lock.isFlock()).isFalse();
			assertThat(Files.readString(lockPath)).startsWith(" " + ProcessHandle.current().pid() + ";");
			assertThatExceptionOfType(FileStorageLockedError.class)
				.isThrownBy(() -> LockFile.acquireWithJavaLock(lockPath))
				.withMessageContaining(lockPath.toString())
				.withMessageContaining("pid " + ProcessHandle.current().pid());
		}
		try (LockFile again = LockFile.acquireWithJavaLock(lockPath)) {
			assertThat(again.path()).isEqualTo(lockPath);
		}
	}

	@Test
	void flockIsUsedWherePythonCanSeeIt() {
		try (LockFile lock = LockFile.acquire(this.dir.resolve("Native.fs.lock"))) {
			assertThat(lock.isFlock()).isTrue();
		}
	}

	@Test
	void lockHeldByPythonFlockIsSeen() throws Exception {
		assumePython();
		Path data = Vectors.copy("empty", this.dir);
		Path marker = this.dir.resolve("python-locked");
		Process python = new ProcessBuilder("python3", "-c", PYTHON_FLOCK, data + ".lock", marker.toString())
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		try {
			awaitFile(marker, python);
			assertThatExceptionOfType(FileStorageLockedError.class).isThrownBy(() -> FileStorage.open(data))
				.withMessageContaining("pid " + python.pid())
				.satisfies((ex) -> assertThat(ex.getHolder()).isEqualTo(String.valueOf(python.pid())));
		}
		finally {
			python.getOutputStream().close();
			assertThat(python.waitFor(30, TimeUnit.SECONDS)).isTrue();
		}
	}

	@Test
	void ourLockIsSeenByPythonFlockWithOurPidAndReleasedOnClose() throws Exception {
		assumePython();
		Path data = Vectors.copy("empty", this.dir);
		Path lock = this.dir.resolve("Data.fs.lock");
		try (FileStorage storage = FileStorage.open(data)) {
			String content = Files.readString(lock);
			assertThat(content).startsWith(" " + ProcessHandle.current().pid() + ";").endsWith("\n");
			Process python = new ProcessBuilder("python3", "-c", PYTHON_FLOCK, lock.toString(),
					this.dir.resolve("unused").toString())
				.redirectError(ProcessBuilder.Redirect.DISCARD)
				.start();
			python.getOutputStream().close();
			String seen = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(python.waitFor(30, TimeUnit.SECONDS)).isTrue();
			assertThat(python.exitValue()).isEqualTo(3);
			assertThat(seen).isEqualTo(content);
			assertThat(storage.objectCount()).isEqualTo(1);
		}
		Process python = new ProcessBuilder("python3", "-c", PYTHON_FLOCK, lock.toString(),
				this.dir.resolve("after-close").toString())
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		python.getOutputStream().close();
		assertThat(python.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(python.exitValue()).isZero();
		assertThat(lock).exists();
	}

	private static void assumePython() throws InterruptedException {
		boolean available;
		try {
			Process probe = new ProcessBuilder("python3", "-c", "import fcntl").start();
			available = probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
		}
		catch (IOException ex) {
			available = false;
		}
		assumeThat(available).as("python3 with fcntl").isTrue();
	}

	private static void awaitFile(Path marker, Process process) throws InterruptedException {
		for (int i = 0; i < 3000 && !Files.exists(marker); i++) {
			if (!process.isAlive()) {
				throw new AssertionError("Lock holder exited with " + process.exitValue() + " before locking");
			}
			Thread.sleep(10);
		}
		assertThat(marker).as("lock holder ready").exists();
		assertThat(List.of(process.isAlive())).containsExactly(true);
	}

}
