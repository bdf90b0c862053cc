package io.zkzeo.tools.load;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * {@code zkzeo load}: measures a ZEO 5 server (ours or Python's) end to end with our client storage and
 * database, or starts a zkzeo server in this process ({@code --in-process}) and measures that.
 */
public final class LoadCommand {

	private final PrintStream out;

	private final PrintStream err;

	/**
	 * Creates the command.
	 * @param out where the table goes
	 * @param err where errors go
	 */
	public LoadCommand(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	/**
	 * Runs the command.
	 * @param args the arguments after {@code load}
	 * @return 0 on success, 1 when the run failed, 2 on a usage error
	 */
	public int run(List<String> args) {
		if (args.contains("--help") || args.contains("-h")) {
			this.out.print(LoadOptions.USAGE);
			return 0;
		}
		LoadOptions options;
		try {
			options = LoadOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			this.err.println("load: " + ex.getMessage());
			this.err.print(LoadOptions.USAGE);
			return 2;
		}
		InProcessServer server = null;
		try {
			InetSocketAddress address;
			String description;
			if (options.inProcess()) {
				server = InProcessServer.start(options.storage(), "127.0.0.1", 0, options.storageName());
				address = server.address();
				description = "zkzeo in-process " + server.description() + " at " + hostPort(address);
			}
			else {
				address = options.address();
				description = hostPort(address);
			}
			if (options.label() != null) {
				description = options.label() + " (" + description + ")";
			}
			ProcessCpu serverCpu = (options.serverPid() != null) ? ProcessCpu.of(options.serverPid()) : null;
			if (options.warmup() != null) {
				int most = options.clients().stream().mapToInt(Integer::intValue).max().orElse(1);
				this.err.println("load: warming up with " + most + " clients for " + options.warmup());
				new LoadRun(address, options.forWarmup(), serverCpu).run(most);
			}
			List<RunFigures> runs = new ArrayList<>();
			for (int clients : options.clients()) {
				runs.add(new LoadRun(address, options, serverCpu).run(clients));
			}
			LoadReport report = new LoadReport(description, options, runs);
			report.printTable(this.out);
			if (options.json() != null) {
				Files.writeString(options.json(), report.toJson(), StandardCharsets.UTF_8);
			}
			return 0;
		}
		catch (IOException ex) {
			this.err.println("load: could not write " + options.json() + ": " + ex.getMessage());
			return 1;
		}
		catch (RuntimeException ex) {
			this.err.println("load: " + ex);
			return 1;
		}
		finally {
			if (server != null) {
				server.close();
			}
		}
	}

	private static String hostPort(@Nullable InetSocketAddress address) {
		if (address == null) {
			return "?";
		}
		return address.getHostString() + ":" + address.getPort();
	}

}
