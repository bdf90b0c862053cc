package io.zkzeo.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The {@code <zeo>} section of a server configuration, with every key of ZEO 5's schema.
 *
 * @param address the address to listen on (port {@code null}: assigned by the operating system)
 * @param readOnly whether the server refuses writes to all storages ({@code read-only}, default off)
 * @param invalidationQueueSize how many recent transactions are kept for quick client verification
 * ({@code invalidation-queue-size}, default 100)
 * @param invalidationAge the oldest client state verified by iterating the storage
 * ({@code invalidation-age}, seconds), or {@code null}
 * @param transactionTimeout the longest a transaction may hold the commit lock
 * ({@code transaction-timeout}, seconds), or {@code null} for no limit
 * @param pidFilename the file to write the process id to ({@code pid-filename}), or {@code null}
 * @param clientConflictResolution whether conflicts are returned to clients for resolution
 * ({@code client-conflict-resolution}, default off)
 * @param msgpack the {@code msgpack} flag as given, or {@code null}
 * @param ssl the {@code <ssl>} subsection, or {@code null}
 */
public record ZeoServerConfig(ZeoAddress address, boolean readOnly, int invalidationQueueSize,
		@Nullable Duration invalidationAge, @Nullable Duration transactionTimeout, @Nullable Path pidFilename,
		boolean clientConflictResolution, @Nullable Boolean msgpack, @Nullable SslConfig ssl) {

	/** Default of {@code invalidation-queue-size} in ZEO. */
	public static final int DEFAULT_INVALIDATION_QUEUE_SIZE = 100;

	private static final Set<String> KEYS = Set.of("address", "read-only", "invalidation-queue-size",
			"invalidation-age", "transaction-timeout", "pid-filename", "client-conflict-resolution", "msgpack");

	static ZeoServerConfig read(ConfigSection section, List<ConfigSetting> unsupported) {
		SectionReader reader = new SectionReader(section, KEYS, Set.of(), unsupported);
		reader.required("address");
		ZeoAddress address = reader.address("address");
		if (address.isSocketPath()) {
			reader.unsupported("address");
		}
		SslConfig ssl = null;
		for (ConfigSection child : section.sections()) {
			if (!child.type().equals("ssl")) {
				throw new ZConfigException(child.location(),
						"Unknown section " + child.header() + " in " + section.header() + "; allowed: <ssl>");
			}
			if (ssl != null) {
				throw new ZConfigException(child.location(), "Only one <ssl> section is allowed in " + section.header());
			}
			ssl = SslConfig.read(child, true, unsupported);
		}
		return new ZeoServerConfig(address, reader.bool("read-only", false),
				reader.integer("invalidation-queue-size", DEFAULT_INVALIDATION_QUEUE_SIZE),
				reader.floatSeconds("invalidation-age"), reader.seconds("transaction-timeout"), reader.path("pid-filename"),
				reader.bool("client-conflict-resolution", false), reader.bool("msgpack"), ssl);
	}

}
