package io.zkzeo.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.zkzeo.protocol.ZeoMethods;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.conformance.TestFiles;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.file.FileStorage;
import io.zkzeo.storage.memory.MemoryStorage;
import io.zkzeo.storage.memory.MemoryStorageOptions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Servers, storages and raw clients for a test, closed together. Registered as an extension
 * ({@code @RegisterExtension final ServerFixture fixture = new ServerFixture();}) it has a temporary folder of its
 * own for each test and closes everything, then removes the folder, after the test.
 */
final class ServerFixture implements AutoCloseable, BeforeEachCallback, AfterEachCallback {

	final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

	private final List<AutoCloseable> resources = new ArrayList<>();

	private @Nullable Path directory;

	/** Whether the fixture makes its folder before each test and removes it after, rather than being given one. */
	private final boolean ownsDirectory;

	private int files;

	/** Creates a fixture to register as an extension; its folder is made before each test. */
	ServerFixture() {
		this.ownsDirectory = true;
	}

	/** Creates a fixture whose files go to a folder the caller owns. */
	ServerFixture(Path directory) {
		this.directory = directory;
		this.ownsDirectory = false;
	}

	@Override
	public void beforeEach(ExtensionContext context) throws IOException {
		if (this.ownsDirectory) {
			this.directory = Files.createTempDirectory("zkzeo-server-test");
		}
	}

	@Override
	public void afterEach(ExtensionContext context) throws Exception {
		close();
		Path owned = this.directory;
		if (this.ownsDirectory && owned != null) {
			TestFiles.deleteRecursively(owned);
		}
	}

	/** Opens a storage of a kind: {@code "memory"} or {@code "file"} (a new Data.fs in the temp directory). */
	Storage storage(String kind) {
		Storage storage = switch (kind) {
			case "memory" -> new MemoryStorage(MemoryStorageOptions.defaults());
			case "file" -> FileStorage.open(Objects.requireNonNull(this.directory, "directory")
				.resolve("Data" + (++this.files) + ".fs"));
			default -> throw new IllegalArgumentException(kind);
		};
		this.resources.add(storage);
		return storage;
	}

	StorageServer start(ServerOptions options) {
		StorageServer server = new StorageServer(options).start();
		this.resources.add(server);
		return server;
	}

	ZeoTestClient connect(StorageServer server) throws Exception {
		ZeoTestClient client = ZeoTestClient.connect(this.group, server.boundAddress());
		this.resources.add(client);
		return client;
	}

	ZeoTestClient register(StorageServer server) throws Exception {
		ZeoTestClient client = connect(server);
		client.value(ZeoMethods.REGISTER, "1", false);
		return client;
	}

	/** Begins a transaction and stores records, as a Python client does before vote. */
	static void beginAndStore(ZeoTestClient client, long txn, Oid oid, Tid serial, String data) throws Exception {
		client.send(ZeoMethods.TPC_BEGIN, txn, new byte[0], new byte[0], Map.of(), null, " ");
		client.send(ZeoMethods.STOREA, oid.toBytes(), serial.toBytes(), data.getBytes(), txn);
	}

	/** Waits until a condition holds, failing after ten seconds. */
	static void eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Condition still false after 10 s");
			}
			Thread.sleep(10);
		}
	}

	@Override
	public void close() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			try {
				this.resources.get(i).close();
			}
			catch (Exception ex) {
				// keep closing the others
			}
		}
		this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
	}

}
