package io.zkzeo.tools.load;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.zkzeo.protocol.Transport;
import io.zkzeo.server.ServerOptions;
import org.jspecify.annotations.Nullable;

/**
 * {@code zkzeo serve}: runs a zkzeo storage server in the foreground until the process is stopped, for
 * load runs and interoperability checks that need a server without ZooKeeper or a configuration file.
 */
public final class ServeCommand {

	/** Usage text of {@code zkzeo serve}. */
	public static final String USAGE = """
			usage: zkzeo serve [--address HOST:PORT] [--storage memory|file|file:PATH] [--storage-name NAME]
			                   [--port-file FILE] [--io-threads N] [--transport auto|epoll|nio]
			                   [--client-conflict-resolution] [--pickle]

			  --address HOST:PORT   where to listen (default 127.0.0.1:0, port 0: chosen by the system)
			  --storage SPEC        memory, file (a temporary FileStorage) or file:PATH (default memory)
			  --storage-name NAME   the storage's name (default 1)
			  --port-file FILE      write the port listened on to FILE once listening
			  --io-threads N        event loops reading the clients' sockets (default 0: one per processor)
			  --transport T         auto (epoll where Netty's native library loads, else NIO), epoll or nio
			                        (default auto)
			  --client-conflict-resolution
			                        return write conflicts to clients to resolve (ZEO's option of that name)
			  --pickle              announce the pickle encoding (Z5) instead of msgpack (M5)
			""";

	private final PrintStream out;

	private final PrintStream err;

	private final CountDownLatch stopped = new CountDownLatch(1);

	private final CountDownLatch closed = new CountDownLatch(1);

	/**
	 * Creates the command.
	 * @param out where the listening line goes
	 * @param err where errors go
	 */
	public ServeCommand(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	/**
	 * Runs the server until {@link #stop()} is called or the process is stopped.
	 * @param args the arguments after {@code serve}
	 * @return 0 after a stop, 1 when the server could not start, 2 on a usage error
	 */
	public int run(List<String> args) {
		if (args.contains("--help") || args.contains("-h")) {
			this.out.print(USAGE);
			return 0;
		}
		String host = "127.0.0.1";
		int port = 0;
		String storage = "memory";
		String storageName = "1";
		Path portFile = null;
		boolean clientConflictResolution = false;
		boolean pickle = false;
		int ioThreads = 0;
		Transport transport = Transport.AUTO;
		try {
			for (int i = 0; i < args.size(); i += 2) {
				String option = args.get(i);
				if (option.equals("--client-conflict-resolution") || option.equals("--pickle")) {
					clientConflictResolution |= option.equals("--client-conflict-resolution");
					pickle |= option.equals("--pickle");
					i--;
					continue;
				}
				if (i + 1 >= args.size()) {
					throw new IllegalArgumentException("option '" + option + "' needs a value");
				}
				String value = args.get(i + 1);
				switch (option) {
					case "--address" -> {
						InetSocketAddress address = LoadOptions.parseAddress(value);
						host = address.getHostString();
						port = address.getPort();
					}
					case "--storage" -> storage = value;
					case "--storage-name" -> storageName = value;
					case "--port-file" -> portFile = Path.of(value);
					case "--io-threads" -> ioThreads = LoadOptions.parseInt(option, value);
					case "--transport" -> transport = LoadOptions.parseTransport(value);
					default -> throw new IllegalArgumentException("unknown option '" + option + "'");
				}
			}
		}
		catch (IllegalArgumentException ex) {
			this.err.println("serve: " + ex.getMessage());
			this.err.print(USAGE);
			return 2;
		}
		ServerOptions.Builder settings = ServerOptions.builder()
			.host(host)
			.port(port)
			.clientConflictResolution(clientConflictResolution)
			.msgpack(!pickle)
			.ioThreads(ioThreads)
			.transport(transport);
		return serve(storage, storageName, settings, portFile);
	}

	private int serve(String storage, String storageName, ServerOptions.Builder settings, @Nullable Path portFile) {
		InProcessServer server;
		try {
			server = InProcessServer.start(storage, storageName, settings);
		}
		catch (RuntimeException ex) {
			this.err.println("serve: " + ex.getMessage());
			return 1;
		}
		Thread hook = new Thread(this::stopAndWait, "zkzeo-serve-stop");
		Runtime.getRuntime().addShutdownHook(hook);
		try (server) {
			InetSocketAddress address = server.address();
			ServerOptions options = server.options();
			this.out.println("serving " + server.description() + " as storage '" + storageName + "' at "
					+ address.getHostString() + ":" + address.getPort() + " (" + options.transport().resolve()
					+ ", event loops: " + options.effectiveIoThreads() + ")");
			this.out.flush();
			if (portFile != null) {
				Files.writeString(portFile, Integer.toString(address.getPort()), StandardCharsets.UTF_8);
			}
			this.stopped.await();
			return 0;
		}
		catch (IOException ex) {
			this.err.println("serve: could not write " + portFile + ": " + ex.getMessage());
			return 1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 0;
		}
		finally {
			this.closed.countDown();
		}
	}

	private void stopAndWait() {
		stop();
		try {
			this.closed.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Stops a running server.
	 */
	public void stop() {
		this.stopped.countDown();
	}

}
