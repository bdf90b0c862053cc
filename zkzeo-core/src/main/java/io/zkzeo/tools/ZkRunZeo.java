package io.zkzeo.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import io.zkzeo.config.RunZeoSetup;
import io.zkzeo.server.ServerOptions;
import io.zkzeo.storage.Storage;
import io.zkzeo.zookeeper.ZkZeoServer;
import io.zkzeo.zookeeper.ZooKeeperOptions;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running {@code zkrunzeo}: the storages of a checked configuration file opened, the server bound
 * and registered in ZooKeeper (when the file has a {@code <zookeeper>} path), and the process id
 * written to {@code pid-filename}. {@link #close()} removes the registration first, then closes the
 * server and its storages, then removes the pid file.
 */
public final class ZkRunZeo implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ZkRunZeo.class);

	private final ZkZeoServer server;

	private final @Nullable ZooKeeperOptions zooKeeperOptions;

	private final @Nullable Path pidFile;

	private final AtomicBoolean closing = new AtomicBoolean();

	private final CountDownLatch closed = new CountDownLatch(1);

	private ZkRunZeo(ZkZeoServer server, @Nullable ZooKeeperOptions zooKeeperOptions, @Nullable Path pidFile) {
		this.server = server;
		this.zooKeeperOptions = zooKeeperOptions;
		this.pidFile = pidFile;
	}

	/**
	 * Open the storages, start and register the server, and write the pid file. If a step fails, what
	 * was started is closed again.
	 * @param setup the checked configuration
	 * @return the running server
	 */
	public static ZkRunZeo start(RunZeoSetup setup) {
		Map<String, Storage> storages = setup.openStorages();
		ServerOptions options;
		try {
			options = setup.serverOptions(storages);
		}
		catch (RuntimeException ex) {
			storages.values().forEach(Storage::close);
			throw ex;
		}
		ZooKeeperOptions zooKeeperOptions = setup.zooKeeperOptions();
		ZkZeoServer server = ZkZeoServer.of(options, zooKeeperOptions).start();
		ZkRunZeo running = new ZkRunZeo(server, zooKeeperOptions, setup.pidFile());
		try {
			running.writePidFile();
		}
		catch (RuntimeException ex) {
			running.close();
			throw ex;
		}
		return running;
	}

	/**
	 * Return the address the server is bound to.
	 * @return the bound address
	 */
	public InetSocketAddress boundAddress() {
		return this.server.boundAddress();
	}

	/**
	 * Return the registered server.
	 * @return the server
	 */
	public ZkZeoServer server() {
		return this.server;
	}

	/**
	 * Describe where the server can be found, for the operator.
	 * @return one line per fact
	 */
	public String describe() {
		InetSocketAddress bound = boundAddress();
		StringBuilder text = new StringBuilder().append("zkrunzeo: serving ")
			.append(this.server.server().options().storages().keySet())
			.append(" on ")
			.append(bound.getAddress().getHostAddress())
			.append(':')
			.append(bound.getPort());
		if (this.server.isRegistered() && this.zooKeeperOptions != null) {
			text.append(System.lineSeparator())
				.append("zkrunzeo: registered as ")
				.append(String.join(", ", this.server.nodeNames()))
				.append(" at ")
				.append(this.zooKeeperOptions.connectString())
				.append(this.zooKeeperOptions.path());
		}
		else {
			text.append(System.lineSeparator()).append("zkrunzeo: not registered (no <zookeeper> path)");
		}
		return text.toString();
	}

	/**
	 * Wait until {@link #close()} has been called (by a shutdown hook, for example).
	 * @throws InterruptedException if interrupted while waiting
	 */
	public void awaitClosed() throws InterruptedException {
		this.closed.await();
	}

	/**
	 * Remove the registration, close the server and its storages, and remove the pid file. Does
	 * nothing if already closed; never throws.
	 */
	@Override
	public void close() {
		if (!this.closing.compareAndSet(false, true)) {
			return;
		}
		try {
			this.server.close();
			deletePidFile();
		}
		finally {
			this.closed.countDown();
		}
	}

	private void writePidFile() {
		if (this.pidFile == null) {
			return;
		}
		try {
			Files.writeString(this.pidFile, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write pid file " + this.pidFile, ex);
		}
	}

	private void deletePidFile() {
		if (this.pidFile == null) {
			return;
		}
		try {
			Files.deleteIfExists(this.pidFile);
		}
		catch (IOException ex) {
			logger.warn("Could not remove pid file {}: {}", this.pidFile, ex.toString());
		}
	}

}
