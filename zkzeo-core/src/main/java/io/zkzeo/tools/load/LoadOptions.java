package io.zkzeo.tools.load;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import io.zkzeo.protocol.Transport;
import org.jspecify.annotations.Nullable;

/**
 * What a load run does: where the server is (or that one runs in-process), how many clients run at once,
 * how many objects each transaction carries and how long the run goes on.
 *
 * @param address the ZEO server's address; {@code null} with {@link #inProcess()}
 * @param inProcess whether to start a zkzeo server on 127.0.0.1 in this process
 * @param storage the in-process server's storage: {@code file} (a FileStorage in a temporary folder) or
 * {@code memory}
 * @param clients the numbers of concurrent clients to measure, one run each
 * @param objectsPerTransaction how many objects each transaction adds, changes or reads
 * @param rounds how many rounds of every phase each client runs
 * @param duration when set, rounds go on until this much time has passed (at least one round)
 * @param warmup when set, an unmeasured run of the largest number of clients for this long comes first, so that
 * the measured runs find the client's and the server's code compiled
 * @param json where to write the figures as JSON, or {@code null}
 * @param storageName the name of the storage on the server
 * @param label a name for the server in the report, or {@code null} for its address
 * @param waitTimeout how long a client waits for its connection to the server
 * @param serverPid the server's process on this (Linux) machine, whose processor time is reported per phase, or
 * {@code null}
 */
public record LoadOptions(@Nullable InetSocketAddress address, boolean inProcess, String storage,
		List<Integer> clients, int objectsPerTransaction, int rounds, @Nullable Duration duration,
		@Nullable Duration warmup, @Nullable Path json, String storageName, @Nullable String label, Duration waitTimeout,
		@Nullable Long serverPid) {

	/** Usage text of {@code zkzeo load}. */
	public static final String USAGE = """
			usage: zkzeo load (--address HOST:PORT | --in-process [--storage file|memory]) [OPTIONS]

			options:
			  --clients N[,N...]     concurrent clients, each with its own client storage and database;
			                         one run per number (default 1)
			  --objects-per-txn K    objects added, changed or read per transaction (default 100)
			  --rounds R             rounds of every phase per client (default 10)
			  --duration D           go on with rounds until D has passed, e.g. 30s or 2m (at least one round)
			  --warmup D             first run the largest number of clients for D, unmeasured, so that
			                         the measured runs find the client's and the server's code compiled
			  --json FILE            write the figures as JSON
			  --storage-name NAME    the storage's name on the server (default 1)
			  --label TEXT           the server's name in the report
			  --wait-timeout D       how long a client waits to connect (default 30s)
			  --server-pid PID       also report the processor time the server process PID (on this Linux
			                         machine) uses per object; the load tool's own is always reported
			""";

	/**
	 * Checks the options.
	 */
	public LoadOptions {
		Objects.requireNonNull(storage, "'storage' must not be null");
		Objects.requireNonNull(storageName, "'storageName' must not be null");
		Objects.requireNonNull(waitTimeout, "'waitTimeout' must not be null");
		clients = List.copyOf(clients);
		if (inProcess == (address != null)) {
			throw new IllegalArgumentException("give either --address or --in-process");
		}
		if (!storage.equals("file") && !storage.equals("memory")) {
			throw new IllegalArgumentException("--storage must be 'file' or 'memory', not '" + storage + "'");
		}
		if (clients.isEmpty() || clients.stream().anyMatch((count) -> count < 1)) {
			throw new IllegalArgumentException("--clients must be positive numbers");
		}
		if (objectsPerTransaction < 1 || rounds < 1) {
			throw new IllegalArgumentException("--objects-per-txn and --rounds must be positive");
		}
		if (inProcess && serverPid != null) {
			throw new IllegalArgumentException("--server-pid measures a server in another process, not --in-process");
		}
	}

	/**
	 * Reads options from command-line arguments.
	 * @param args the arguments after the command's name
	 * @return the options
	 * @throws IllegalArgumentException naming what is wrong
	 */
	public static LoadOptions parse(List<String> args) {
		InetSocketAddress address = null;
		boolean inProcess = false;
		String storage = "file";
		List<Integer> clients = List.of(1);
		int objects = 100;
		int rounds = 10;
		Duration duration = null;
		Duration warmup = null;
		Path json = null;
		String storageName = "1";
		String label = null;
		Duration waitTimeout = Duration.ofSeconds(30);
		Long serverPid = null;
		for (int i = 0; i < args.size(); i++) {
			String arg = args.get(i);
			if (arg.equals("--in-process")) {
				inProcess = true;
				continue;
			}
			String value = valueOf(args, i++);
			switch (arg) {
				case "--address" -> address = parseAddress(value);
				case "--storage" -> storage = value;
				case "--clients", "--concurrency" -> clients = parseCounts(value);
				case "--objects-per-txn" -> objects = parseInt(arg, value);
				case "--rounds" -> rounds = parseInt(arg, value);
				case "--duration" -> duration = parseDuration(value);
				case "--warmup" -> warmup = parseDuration(value);
				case "--json" -> json = Path.of(value);
				case "--storage-name" -> storageName = value;
				case "--label" -> label = value;
				case "--wait-timeout" -> waitTimeout = parseDuration(value);
				case "--server-pid" -> serverPid = (long) parseInt(arg, value);
				default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
			}
		}
		return new LoadOptions(address, inProcess, storage, clients, objects, rounds, duration, warmup, json,
				storageName, label, waitTimeout, serverPid);
	}

	/**
	 * Returns the options of the warm-up run: rounds for the warm-up's time.
	 * @return new options
	 * @throws IllegalStateException if no warm-up is set
	 */
	LoadOptions forWarmup() {
		if (this.warmup == null) {
			throw new IllegalStateException("No warm-up set");
		}
		return new LoadOptions(this.address, this.inProcess, this.storage, this.clients, this.objectsPerTransaction,
				this.rounds, this.warmup, null, null, this.storageName, this.label, this.waitTimeout, this.serverPid);
	}

	private static String valueOf(List<String> args, int index) {
		if (index + 1 >= args.size()) {
			throw new IllegalArgumentException("option '" + args.get(index) + "' needs a value");
		}
		return args.get(index + 1);
	}

	/**
	 * Reads {@code HOST:PORT}.
	 * @param value the text
	 * @return the unresolved-free address
	 */
	static InetSocketAddress parseAddress(String value) {
		int colon = value.lastIndexOf(':');
		if (colon <= 0 || colon == value.length() - 1) {
			throw new IllegalArgumentException("expected HOST:PORT, got '" + value + "'");
		}
		String host = value.substring(0, colon);
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		return new InetSocketAddress(host, parseInt("port", value.substring(colon + 1)));
	}

	private static List<Integer> parseCounts(String value) {
		List<Integer> counts = new ArrayList<>();
		for (String part : value.split(",")) {
			counts.add(parseInt("--clients", part.trim()));
		}
		return counts;
	}

	static int parseInt(String name, String value) {
		try {
			return Integer.parseInt(value);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(name + " must be a number, not '" + value + "'");
		}
	}

	/**
	 * Reads a socket transport: {@code auto}, {@code epoll} or {@code nio}.
	 * @param value the text
	 * @return the transport
	 */
	static Transport parseTransport(String value) {
		String name = value.trim().toLowerCase(Locale.ROOT);
		for (Transport transport : Transport.values()) {
			if (transport.toString().equals(name)) {
				return transport;
			}
		}
		throw new IllegalArgumentException("--transport must be auto, epoll or nio, not '" + value + "'");
	}

	/**
	 * Reads a duration such as {@code 30s}, {@code 500ms}, {@code 2m} or ISO-8601 {@code PT30S}.
	 * @param value the text
	 * @return the duration
	 */
	static Duration parseDuration(String value) {
		String text = value.trim().toLowerCase(java.util.Locale.ROOT);
		try {
			if (text.startsWith("pt")) {
				return Duration.parse(text);
			}
			if (text.endsWith("ms")) {
				return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
			}
			if (text.endsWith("s")) {
				return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
			}
			if (text.endsWith("m")) {
				return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
			}
			return Duration.ofSeconds(Long.parseLong(text));
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("durations must look like 30s, 500ms or 2m, not '" + value + "'");
		}
	}

}
