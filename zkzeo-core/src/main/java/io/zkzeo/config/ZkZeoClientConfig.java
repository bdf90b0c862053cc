package io.zkzeo.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.zkzeo.zookeeper.ZooKeeperOptions;
import org.jspecify.annotations.Nullable;

/**
 * A {@code <zkzeoclient>} storage section, usually inside {@code <zodb>}: a ZEO client whose servers
 * are found in ZooKeeper. Its keys are those of ZODB's {@code <zeoclient>} and ZEO 5's client storage,
 * plus the required {@code zookeeper} connect string; its single {@code server} is the ZooKeeper path.
 *
 * @param zookeeper the ZooKeeper connect string ({@code zookeeper}, required)
 * @param serverPath the path servers are registered at ({@code server}, required, exactly one)
 * @param storage the storage name on the server ({@code storage}, default {@code 1})
 * @param cacheSize the object cache size in bytes ({@code cache-size}, default 20MB)
 * @param readOnly whether the storage is opened read-only ({@code read-only}, default off)
 * @param readOnlyFallback whether a read-only server is accepted when no writable one is reachable
 * ({@code read-only-fallback}, default off)
 * @param waitForServer whether opening waits for a connection ({@code wait}, default on)
 * @param waitTimeout how long to wait for a connection ({@code wait-timeout}, seconds, default 30)
 * @param minDisconnectPoll shortest delay between reconnection attempts ({@code min-disconnect-poll},
 * seconds, default 5)
 * @param maxDisconnectPoll longest delay between reconnection attempts ({@code max-disconnect-poll},
 * seconds, default 300)
 * @param name the storage's display name ({@code name}), or {@code null} to use the server address
 * @param clientLabel a label for the client in server logs ({@code client-label}), or {@code null}
 * @param dropCacheRatherVerify whether the cache is dropped instead of verified after a long
 * disconnection ({@code drop-cache-rather-verify}, default off)
 * @param ssl the {@code <ssl>} subsection, or {@code null}
 * @param database the enclosing {@code <zodb>} section, or {@code null}
 * @param location where the section starts
 * @param unsupported settings that are valid in the Python schemas but not honoured by zkzeo
 */
public record ZkZeoClientConfig(String zookeeper, String serverPath, String storage, long cacheSize, boolean readOnly,
		boolean readOnlyFallback, boolean waitForServer, Duration waitTimeout, Duration minDisconnectPoll,
		Duration maxDisconnectPoll, @Nullable String name, @Nullable String clientLabel, boolean dropCacheRatherVerify,
		@Nullable SslConfig ssl, @Nullable DatabaseConfig database, ConfigLocation location,
		List<ConfigSetting> unsupported) {

	/** Default of {@code cache-size}: 20MB. */
	public static final long DEFAULT_CACHE_SIZE = 20L * 1024 * 1024;

	private static final Set<String> KEYS = Set.of("zookeeper", "server", "blob-dir", "shared-blob-dir",
			"blob-cache-size", "blob-cache-size-check", "storage", "cache-size", "cache-path", "name", "client", "var",
			"min-disconnect-poll", "max-disconnect-poll", "wait", "wait-timeout", "read-only", "read-only-fallback",
			"username", "password", "realm", "drop-cache-rather-verify", "client-label");

	/**
	 * Create the configuration; the list is copied.
	 */
	public ZkZeoClientConfig {
		unsupported = List.copyOf(unsupported);
	}

	/**
	 * Read a client configuration file holding one {@code <zkzeoclient>} section (at the top level or
	 * inside {@code <zodb>}).
	 * @param file the file
	 * @return the configuration
	 * @throws ZConfigException if the file is malformed or holds an invalid value
	 */
	public static ZkZeoClientConfig parse(Path file) {
		return from(ZConfigParser.parse(file));
	}

	/**
	 * Read client configuration text.
	 * @param text the text
	 * @param source the name used in messages
	 * @return the configuration
	 * @throws ZConfigException if the text is malformed or holds an invalid value
	 */
	public static ZkZeoClientConfig parse(String text, String source) {
		return from(ZConfigParser.parse(text, source));
	}

	/**
	 * Bind a parsed file.
	 * @param top the top level of the file
	 * @return the configuration
	 * @throws ZConfigException if a section or value is invalid
	 */
	public static ZkZeoClientConfig from(ConfigSection top) {
		List<ConfigSetting> unsupported = new ArrayList<>();
		ConfigSection client = null;
		DatabaseConfig database = null;
		for (ConfigSection section : top.sections()) {
			if (section.type().equals("zodb")) {
				if (client != null) {
					throw new ZConfigException(section.location(), "Only one client storage section is allowed");
				}
				database = DatabaseConfig.read(section, unsupported);
				for (ConfigSection inner : section.sections()) {
					client = only(client, inner);
				}
			}
			else {
				client = only(client, section);
			}
		}
		if (client == null) {
			throw new ZConfigException(top.location(), "No <zkzeoclient> section");
		}
		return read(client, database, unsupported);
	}

	/**
	 * Return the ZooKeeper options for following the servers: the connect string and the server path.
	 * @return the options
	 */
	public ZooKeeperOptions zooKeeperOptions() {
		return ZooKeeperOptions.builder().connectString(this.zookeeper).path(this.serverPath).build();
	}

	private static ConfigSection only(@Nullable ConfigSection existing, ConfigSection section) {
		if (!section.type().equals("zkzeoclient")) {
			throw new ZConfigException(section.location(),
					"Unsupported section " + section.header() + "; a zkzeo client is configured with <zkzeoclient>");
		}
		if (existing != null) {
			throw new ZConfigException(section.location(), "Only one <zkzeoclient> section is allowed");
		}
		return section;
	}

	private static ZkZeoClientConfig read(ConfigSection section, @Nullable DatabaseConfig database,
			List<ConfigSetting> unsupported) {
		SectionReader reader = new SectionReader(section, KEYS, Set.of("server"), unsupported);
		reader.unsupported("blob-dir", "shared-blob-dir", "blob-cache-size", "blob-cache-size-check", "cache-path",
				"client", "var", "username", "password", "realm");
		String zookeeper = reader.required("zookeeper");
		List<ConfigEntry> servers = reader.all("server");
		if (servers.isEmpty()) {
			throw new ZConfigException(section.location(), "Missing required key 'server' in " + section.header());
		}
		if (servers.size() > 1) {
			throw new ZConfigException(servers.get(1).location(), "Only one server option is allowed");
		}
		String serverPath = servers.get(0).value();
		if (!serverPath.startsWith("/")) {
			throw new ZConfigException(servers.get(0).location(),
					"server must be a ZooKeeper path, got '" + serverPath + "'");
		}
		SslConfig ssl = null;
		for (ConfigSection child : section.sections()) {
			if (!child.type().equals("ssl") || ssl != null) {
				throw new ZConfigException(child.location(),
						"Unexpected section " + child.header() + " in " + section.header() + "; allowed: one <ssl>");
			}
			ssl = SslConfig.read(child, false, unsupported);
		}
		boolean readOnly = reader.bool("read-only", false);
		boolean readOnlyFallback = reader.bool("read-only-fallback", false);
		String name = reader.string("name");
		return new ZkZeoClientConfig(zookeeper, serverPath, reader.string("storage", "1"),
				reader.byteSize("cache-size", DEFAULT_CACHE_SIZE), readOnly, readOnlyFallback, reader.bool("wait", true),
				orDefault(reader.seconds("wait-timeout"), Duration.ofSeconds(30)),
				orDefault(reader.seconds("min-disconnect-poll"), Duration.ofSeconds(5)),
				orDefault(reader.seconds("max-disconnect-poll"), Duration.ofSeconds(300)),
				(name != null && !name.isEmpty()) ? name : null, reader.string("client-label"),
				reader.bool("drop-cache-rather-verify", false), ssl, database, section.location(), unsupported);
	}

	private static Duration orDefault(@Nullable Duration value, Duration defaultValue) {
		return (value != null) ? value : defaultValue;
	}

}
