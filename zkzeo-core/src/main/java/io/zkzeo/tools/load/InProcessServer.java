package io.zkzeo.tools.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import io.zkzeo.server.ServerOptions;
import io.zkzeo.server.StorageServer;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.file.FileStorage;
import io.zkzeo.storage.memory.MemoryStorage;
import io.zkzeo.storage.memory.MemoryStorageOptions;
import org.jspecify.annotations.Nullable;

/**
 * A zkzeo storage server run inside this process: a FileStorage (in a given file or a temporary folder
 * removed on close) or a MemoryStorage, served on a host and port (port 0: chosen by the system).
 */
public final class InProcessServer implements AutoCloseable {

	private final StorageServer server;

	private final Storage storage;

	private final @Nullable Path temporaryFolder;

	private final String description;

	private InProcessServer(Storage storage, @Nullable Path temporaryFolder, String storageName,
			ServerOptions.Builder settings, String description) {
		this.storage = storage;
		this.temporaryFolder = temporaryFolder;
		this.description = description;
		this.server = new StorageServer(settings.storage(storageName, storage).build()).start();
	}

	/**
	 * Starts a server.
	 * @param storageSpec {@code memory}, {@code file} (a temporary FileStorage) or {@code file:PATH}
	 * @param host the address to bind
	 * @param port the port, 0 for one the system chooses
	 * @param storageName the storage's name on the server
	 * @return the running server
	 */
	public static InProcessServer start(String storageSpec, String host, int port, String storageName) {
		return start(storageSpec, storageName, ServerOptions.builder().host(host).port(port));
	}

	/**
	 * Starts a server with given settings.
	 * @param storageSpec {@code memory}, {@code file} (a temporary FileStorage) or {@code file:PATH}
	 * @param storageName the storage's name on the server
	 * @param settings address and other server settings, without the storage (it is added under
	 * {@code storageName})
	 * @return the running server
	 */
	public static InProcessServer start(String storageSpec, String storageName, ServerOptions.Builder settings) {
		if (storageSpec.equals("memory")) {
			return new InProcessServer(new MemoryStorage(MemoryStorageOptions.defaults()), null, storageName, settings,
					"MemoryStorage");
		}
		if (storageSpec.equals("file")) {
			Path folder;
			try {
				folder = Files.createTempDirectory("zkzeo-load");
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not create a temporary folder", ex);
			}
			Path file = folder.resolve("Data.fs");
			return new InProcessServer(FileStorage.open(file), folder, storageName, settings, "FileStorage " + file);
		}
		if (storageSpec.startsWith("file:") && storageSpec.length() > "file:".length()) {
			Path file = Path.of(storageSpec.substring("file:".length()));
			return new InProcessServer(FileStorage.open(file), null, storageName, settings, "FileStorage " + file);
		}
		throw new IllegalArgumentException("storage must be memory, file or file:PATH, not '" + storageSpec + "'");
	}

	/**
	 * Returns the address the server listens on.
	 * @return the bound address
	 */
	public InetSocketAddress address() {
		return this.server.boundAddress();
	}

	/**
	 * Returns what the server serves, for reports.
	 * @return for example {@code "FileStorage /tmp/zkzeo-load123/Data.fs"}
	 */
	public String description() {
		return this.description;
	}

	/** @return the settings the server runs with */
	public ServerOptions options() {
		return this.server.options();
	}

	/**
	 * Stops the server, closes the storage and removes a temporary folder.
	 */
	@Override
	public void close() {
		try {
			this.server.close();
		}
		finally {
			this.storage.close();
			if (this.temporaryFolder != null) {
				deleteTree(this.temporaryFolder);
			}
		}
	}

	private static void deleteTree(Path folder) {
		try (Stream<Path> paths = Files.walk(folder)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not remove " + folder, ex);
		}
	}

}
