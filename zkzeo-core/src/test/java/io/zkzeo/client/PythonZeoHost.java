package io.zkzeo.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Python process hosting Python ZEO 5 storage servers ({@code python_zeo_host.py}, ZEO's own
 * {@code StorageServer} configured as {@code runzeo -C} would be), each over a FileStorage, started and stopped
 * on request.
 *
 * <p>Python's ZEO is found in one of two ways: {@code ZKZEO_PY_SRC} names a folder holding the source trees
 * {@code ZEO}, {@code ZODB}, {@code ZConfig} and {@code zdaemon} (each with its {@code src/}; their
 * dependencies persistent, BTrees, transaction, zodbpickle, zc.lockfile, zope.interface, six and msgpack come
 * from the interpreter), or the interpreter imports {@code ZEO} by itself. The interpreter is
 * {@code ZKZEO_ZODB_PYTHON}, else {@code /usr/bin/python3} when present, else {@code python3}.
 */
final class PythonZeoHost implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(PythonZeoHost.class);

	private static final String SCRIPT = "python_zeo_host.py";

	private static final String LOG = "python-zeo.log";

	private final Process process;

	private final BufferedReader answers;

	private final Writer commands;

	private final Path folder;

	private PythonZeoHost(Process process, Path folder) {
		this.process = process;
		this.folder = folder;
		this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
	}

	/**
	 * Starts the host process when a Python ZEO is available.
	 * @param folder a folder for the script, package metadata, configurations and the process's log
	 * @return the host, or {@code null} when no Python can import ZEO
	 */
	static @Nullable PythonZeoHost startIfAvailable(Path folder) {
		String python = interpreter();
		String pythonPath = pythonPath(folder);
		if (!canImportZeo(python, pythonPath)) {
			return null;
		}
		try {
			Path script = folder.resolve(SCRIPT);
			try (InputStream in = PythonZeoHost.class.getResourceAsStream(SCRIPT)) {
				if (in == null) {
					throw new IllegalStateException("No " + SCRIPT + " on the class path");
				}
				Files.copy(in, script);
			}
			ProcessBuilder builder = new ProcessBuilder(python, script.toString()).directory(folder.toFile())
				.redirectError(folder.resolve(LOG).toFile());
			environment(builder.environment(), pythonPath);
			return new PythonZeoHost(builder.start(), folder);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String interpreter() {
		String configured = System.getenv("ZKZEO_ZODB_PYTHON");
		if (configured != null && !configured.isBlank()) {
			return configured;
		}
		return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
	}

	/**
	 * Returns the {@code PYTHONPATH} that makes the source trees under {@code ZKZEO_PY_SRC} importable,
	 * writing the package metadata zdaemon and ZODB look up at import (source trees have none), or
	 * {@code null} when {@code ZKZEO_PY_SRC} is not set.
	 */
	private static @Nullable String pythonPath(Path folder) {
		String source = System.getenv("ZKZEO_PY_SRC");
		if (source == null || source.isBlank()) {
			return null;
		}
		List<String> path = new ArrayList<>();
		for (String tree : List.of("ZEO", "ZODB", "ZConfig", "zdaemon")) {
			Path src = Path.of(source, tree, "src");
			if (Files.isDirectory(src)) {
				path.add(src.toString());
			}
		}
		try {
			Path meta = folder.resolve("meta");
			for (String[] dist : new String[][] { { "zdaemon", "5.0" }, { "ZConfig", "4.0" }, { "ZEO", "5.4.1" },
					{ "ZODB", "5.8.1" } }) {
				Path info = Files.createDirectories(meta.resolve(dist[0] + "-" + dist[1] + ".dist-info"));
				Files.writeString(info.resolve("METADATA"),
						"Metadata-Version: 2.1\nName: " + dist[0] + "\nVersion: " + dist[1] + "\n");
			}
			path.add(meta.toString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return String.join(java.io.File.pathSeparator, path);
	}

	private static void environment(Map<String, String> environment, @Nullable String pythonPath) {
		if (pythonPath != null) {
			environment.put("PYTHONPATH", pythonPath);
		}
		environment.remove("ZEO_MSGPACK");
	}

	private static boolean canImportZeo(String python, @Nullable String pythonPath) {
		ProcessBuilder builder = new ProcessBuilder(python, "-c", "import ZEO.runzeo, ZODB.FileStorage")
			.redirectErrorStream(true);
		environment(builder.environment(), pythonPath);
		try {
			Process process = builder.start();
			process.getOutputStream().close();
			process.getInputStream().readAllBytes();
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return false;
			}
			return process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Starts a server over a FileStorage.
	 * @param dataFs the FileStorage's file, created when missing
	 * @param settings how the server runs
	 * @return the running server
	 */
	Server start(Path dataFs, Settings settings) {
		try {
			Path config = Files.createTempFile(this.folder, "zeo", ".conf");
			List<String> lines = new ArrayList<>(List.of("<zeo>", "  address 127.0.0.1:" + settings.port(),
					"  msgpack " + settings.msgpack(), "  read-only " + settings.readOnly()));
			if (settings.invalidationQueueSize() > 0) {
				lines.add("  invalidation-queue-size " + settings.invalidationQueueSize());
			}
			lines.addAll(List.of("</zeo>", "<filestorage 1>", "  path " + dataFs, "</filestorage>", ""));
			Files.writeString(config, String.join("\n", lines));
			String[] answer = ask("start " + config).split(" ");
			return new Server(answer[1], new InetSocketAddress("127.0.0.1", Integer.parseInt(answer[2])));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Stops a server: it closes its connections and its storage.
	 * @param server the server
	 */
	void stop(Server server) {
		ask("stop " + server.id());
	}

	/**
	 * Returns what the servers have logged so far: Python's warnings and errors, with tracebacks.
	 * @return the log's text
	 */
	String logged() {
		try {
			return Files.readString(log());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Path log() {
		return this.folder.resolve(LOG);
	}

	private synchronized String ask(String command) {
		try {
			this.commands.write(command + "\n");
			this.commands.flush();
			String answer = this.answers.readLine();
			if (answer == null || answer.startsWith("error")) {
				throw new IllegalStateException("Python ZEO host answered " + answer + " to " + command + "; see "
						+ log());
			}
			return answer;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Stops every server and the process, and passes on what the servers logged (Python's warnings and errors)
	 * to this class's logger.
	 */
	@Override
	public void close() {
		try {
			this.commands.close();
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
			String log = Files.readString(log());
			if (!log.isBlank()) {
				logger.warn("Python ZEO servers logged:\n{}", log);
			}
		}
		catch (IOException ex) {
			this.process.destroyForcibly();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

	/**
	 * How a Python ZEO server runs: the settings of runzeo's {@code <zeo>} section.
	 * @param msgpack whether it speaks msgpack ({@code M5}) rather than pickles ({@code Z5})
	 * @param readOnly whether it is read-only
	 * @param port the port to listen on, 0 for one the system chooses
	 * @param invalidationQueueSize how many transactions it remembers for reconnecting clients, 0 for its default
	 */
	record Settings(boolean msgpack, boolean readOnly, int port, int invalidationQueueSize) {

		/**
		 * Returns a writable server's settings with the system choosing the port.
		 * @param msgpack whether it speaks msgpack
		 * @return the settings
		 */
		static Settings of(boolean msgpack) {
			return new Settings(msgpack, false, 0, 0);
		}

		Settings withReadOnly(boolean readOnly) {
			return new Settings(this.msgpack, readOnly, this.port, this.invalidationQueueSize);
		}

		Settings withPort(int port) {
			return new Settings(this.msgpack, this.readOnly, port, this.invalidationQueueSize);
		}

		Settings withInvalidationQueueSize(int size) {
			return new Settings(this.msgpack, this.readOnly, this.port, size);
		}

	}

	/**
	 * A running Python ZEO server.
	 * @param id its number in the host
	 * @param address where it listens
	 */
	record Server(String id, InetSocketAddress address) {
	}

}
