package io.zkzeo.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;

import org.apache.zookeeper.server.embedded.ExitHandler;
import org.apache.zookeeper.server.embedded.ZooKeeperServerEmbedded;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single ZooKeeper server running inside this process (ZooKeeper's own {@link ZooKeeperServerEmbedded}),
 * for development, the sample application and tests. Not a replacement for an ensemble.
 */
public final class EmbeddedZooKeeper implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedZooKeeper.class);

	private static final long START_TIMEOUT_MS = 30_000;

	private final ZooKeeperServerEmbedded server;

	private final Path baseDirectory;

	private final boolean temporary;

	private final String connectString;

	private EmbeddedZooKeeper(ZooKeeperServerEmbedded server, Path baseDirectory, boolean temporary,
			String connectString) {
		this.server = server;
		this.baseDirectory = baseDirectory;
		this.temporary = temporary;
		this.connectString = connectString;
	}

	/**
	 * Starts a server.
	 * @param port the client port, 0 for a free one
	 * @param dataDirectory where to keep the data, or {@code null} for a temporary directory deleted on close
	 * @return the running server
	 * @throws ZkzeoConfigurationException if the server cannot start
	 */
	public static EmbeddedZooKeeper start(int port, @Nullable Path dataDirectory) {
		String property = ZkzeoZooKeeperProperties.PREFIX + ".embedded.enabled";
		if (port != 0) {
			// ZooKeeper only logs a failed bind and waits out its start timeout; fail fast instead
			try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
				probe.setReuseAddress(true);
			}
			catch (IOException ex) {
				throw new ZkzeoConfigurationException(property, "true", "the embedded ZooKeeper server cannot listen on "
						+ "port " + port + " (" + ex.getMessage() + "); choose another '" + ZkzeoZooKeeperProperties.PREFIX
						+ ".embedded.port', or connect to the ZooKeeper already there with '"
						+ ZkzeoZooKeeperProperties.PREFIX + ".connect-string'", ex);
			}
		}
		Path base;
		try {
			base = (dataDirectory != null) ? Files.createDirectories(dataDirectory)
					: Files.createTempDirectory("zkzeo-zookeeper-");
		}
		catch (IOException ex) {
			throw new ZkzeoConfigurationException(ZkzeoZooKeeperProperties.PREFIX + ".embedded.data-directory",
					String.valueOf(dataDirectory), "the directory cannot be created (" + ex.getMessage() + ")", ex);
		}
		Properties configuration = new Properties();
		configuration.setProperty("clientPort", Integer.toString(port));
		configuration.setProperty("clientPortAddress", "127.0.0.1");
		configuration.setProperty("admin.enableServer", "false");
		configuration.setProperty("tickTime", "500");
		configuration.setProperty("initLimit", "10");
		configuration.setProperty("syncLimit", "5");
		configuration.setProperty("4lw.commands.whitelist", "ruok,srvr,stat,mntr");
		ZooKeeperServerEmbedded server;
		try {
			server = ZooKeeperServerEmbedded.builder()
				.baseDir(base)
				.configuration(configuration)
				.exitHandler(ExitHandler.LOG_ONLY)
				.build();
			server.start(START_TIMEOUT_MS);
			String connectString = server.getConnectionString();
			logger.info("Started embedded ZooKeeper at {} (data in {})", connectString, base);
			return new EmbeddedZooKeeper(server, base, dataDirectory == null, connectString);
		}
		catch (NoClassDefFoundError ex) {
			deleteIfTemporary(base, dataDirectory == null);
			throw new ZkzeoConfigurationException(property, "true",
					"the embedded ZooKeeper server needs io.dropwizard.metrics:metrics-core and "
							+ "org.xerial.snappy:snappy-java on the class path ("
							+ ex.getMessage() + " is missing); add it, or connect to a ZooKeeper ensemble with '"
							+ ZkzeoZooKeeperProperties.PREFIX + ".connect-string'",
					ex);
		}
		catch (Exception ex) {
			deleteIfTemporary(base, dataDirectory == null);
			String where = (port != 0) ? "port " + port : "a free port";
			throw new ZkzeoConfigurationException(property, "true", "the embedded ZooKeeper server did not start on "
					+ where + " (" + ex + "; its log tells why, a missing class usually means that "
					+ "io.dropwizard.metrics:metrics-core or org.xerial.snappy:snappy-java is not on the class path); "
					+ "fix that, or connect to a running ZooKeeper with '" + ZkzeoZooKeeperProperties.PREFIX
					+ ".connect-string'", ex);
		}
	}

	/**
	 * Returns the connect string of the server, {@code host:port} with the real port.
	 * @return the connect string
	 */
	public String getConnectString() {
		return this.connectString;
	}

	/**
	 * Stops the server, and deletes its data if it was kept in a temporary directory.
	 */
	@Override
	public void close() {
		this.server.close();
		logger.info("Stopped embedded ZooKeeper at {}", this.connectString);
		deleteIfTemporary(this.baseDirectory, this.temporary);
	}

	private static void deleteIfTemporary(Path base, boolean temporary) {
		if (!temporary) {
			return;
		}
		try (Stream<Path> paths = Files.walk(base)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> {
				try {
					Files.deleteIfExists(path);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
		catch (IOException | UncheckedIOException ex) {
			logger.warn("Could not delete the embedded ZooKeeper's data in {}: {}", base, ex.toString());
		}
	}

}
