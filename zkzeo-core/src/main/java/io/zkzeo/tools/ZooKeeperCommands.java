package io.zkzeo.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.zkzeo.config.EventLogConfig;
import io.zkzeo.config.EventLogSetup;
import io.zkzeo.config.RunZeoSetup;
import io.zkzeo.config.ZConfigException;
import io.zkzeo.zookeeper.RegisteredServer;
import io.zkzeo.zookeeper.ZkException;
import io.zkzeo.zookeeper.ZkNodeData;
import io.zkzeo.zookeeper.ZkServerList;
import io.zkzeo.zookeeper.ZooKeeperClientFactory;
import io.zkzeo.zookeeper.ZooKeeperOptions;
import org.apache.curator.framework.CuratorFramework;
import org.jspecify.annotations.Nullable;

/**
 * The server-side commands: {@code zkrunzeo -C FILE} runs a registered server until the process is
 * told to stop, {@code ruok HOST:PORT} prints a server's JSON status, {@code zkls CONNECT PATH} lists
 * the servers registered under a path with their node data.
 */
final class ZooKeeperCommands {

	static final Set<String> COMMANDS = Set.of("zkrunzeo", "ruok", "zkls");

	static final String USAGE = """
			  zkrunzeo -C FILE     run a ZEO server from a zc.zkzeo-style configuration file, registered in
			                       ZooKeeper, until SIGTERM or SIGINT
			  ruok HOST:PORT       print a ZEO server's JSON status (exit status 1 if unreachable)
			  zkls CONNECT PATH    list the servers registered under PATH with their JSON node data
			""";

	static final Duration RUOK_TIMEOUT = Duration.ofSeconds(10);

	static final Duration ZOOKEEPER_TIMEOUT = Duration.ofSeconds(10);

	private final PrintStream out;

	private final PrintStream err;

	ZooKeeperCommands(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	/**
	 * Run one of {@link #COMMANDS}.
	 * @param args the command and its arguments
	 * @return the exit status
	 */
	int run(String... args) {
		String command = args[0];
		List<String> arguments = Arrays.asList(args).subList(1, args.length);
		return switch (command) {
			case "zkrunzeo" -> zkrunzeo(arguments);
			case "ruok" -> ruok(arguments);
			case "zkls" -> zkls(arguments);
			default -> throw new IllegalArgumentException("Not a ZooKeeper command: " + command);
		};
	}

	private int zkrunzeo(List<String> arguments) {
		Optional<Path> file = configFile(arguments);
		if (file.isEmpty()) {
			return Tools.USAGE;
		}
		ZkRunZeo running;
		try {
			RunZeoSetup setup = RunZeoSetup.load(file.get());
			EventLogConfig eventLog = setup.eventLog();
			if (eventLog != null) {
				EventLogSetup.apply(eventLog);
			}
			running = ZkRunZeo.start(setup);
		}
		catch (ZConfigException ex) {
			this.err.println("zkrunzeo: " + ex.getMessage());
			return Tools.PROBLEM;
		}
		catch (RuntimeException ex) {
			this.err.println("zkrunzeo: cannot start: " + ex.getMessage());
			return Tools.PROBLEM;
		}
		Thread hook = new Thread(running::close, "zkrunzeo-shutdown");
		Runtime.getRuntime().addShutdownHook(hook);
		this.out.println(running.describe());
		this.out.flush();
		try {
			running.awaitClosed();
			return Tools.OK;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			running.close();
			Runtime.getRuntime().removeShutdownHook(hook);
			return Tools.OK;
		}
	}

	private Optional<Path> configFile(List<String> arguments) {
		if (arguments.size() != 2 || !(arguments.get(0).equals("-C") || arguments.get(0).equals("--configure"))) {
			this.err.println("zkrunzeo: expected -C FILE");
			return Optional.empty();
		}
		Path file = Path.of(arguments.get(1));
		if (!Files.isRegularFile(file)) {
			this.err.println("zkrunzeo: no such file: " + file);
			return Optional.empty();
		}
		return Optional.of(file);
	}

	private int ruok(List<String> arguments) {
		InetSocketAddress address = (arguments.size() == 1) ? parseAddress(arguments.get(0)) : null;
		if (address == null) {
			this.err.println("ruok: expected HOST:PORT");
			return Tools.USAGE;
		}
		try {
			this.out.println(RuokProbe.probe(address, RUOK_TIMEOUT));
			return Tools.OK;
		}
		catch (IOException ex) {
			this.err.println("ruok: " + address.getHostString() + ":" + address.getPort() + " did not answer: " + ex);
			return Tools.PROBLEM;
		}
	}

	private int zkls(List<String> arguments) {
		if (arguments.size() != 2 || !arguments.get(1).startsWith("/")) {
			this.err.println("zkls: expected CONNECT PATH (PATH absolute)");
			return Tools.USAGE;
		}
		ZooKeeperOptions options = ZooKeeperOptions.builder()
			.connectString(arguments.get(0))
			.connectionTimeout(ZOOKEEPER_TIMEOUT)
			.build();
		String path = arguments.get(1);
		try (CuratorFramework client = ZooKeeperClientFactory.createStarted(options)) {
			if (!client.blockUntilConnected((int) ZOOKEEPER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				this.err.println("zkls: ZooKeeper at " + options.connectString() + " not reachable within "
						+ ZOOKEEPER_TIMEOUT.toSeconds() + " s");
				return Tools.PROBLEM;
			}
			for (RegisteredServer server : ZkServerList.read(client, path)) {
				this.out.println(server.name() + " " + ZkNodeData.toJson(server.properties())
						+ (server.ephemeral() ? "" : " (not ephemeral)"));
			}
			return Tools.OK;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Tools.PROBLEM;
		}
		catch (ZkException ex) {
			this.err.println("zkls: " + ex.getMessage());
			return Tools.PROBLEM;
		}
	}

	private static @Nullable InetSocketAddress parseAddress(String text) {
		int colon = text.lastIndexOf(':');
		if (colon <= 0) {
			return null;
		}
		String host = text.substring(0, colon);
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		try {
			int port = Integer.parseInt(text.substring(colon + 1));
			return (port > 0 && port <= 0xffff) ? new InetSocketAddress(host, port) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
