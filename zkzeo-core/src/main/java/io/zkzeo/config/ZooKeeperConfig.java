package io.zkzeo.config;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.zkzeo.zookeeper.ZooKeeperOptions;
import org.jspecify.annotations.Nullable;

/**
 * The {@code <zookeeper>} section of a {@code zkrunzeo} configuration, with the keys of
 * {@code zc.zkzeo}'s schema.
 *
 * @param connection the ZooKeeper connect string ({@code connection}, default {@code 127.0.0.1:2181})
 * @param path the path to register at ({@code path}), or {@code null} for no registration
 * @param sessionTimeout the session timeout ({@code session-timeout}, milliseconds), or {@code null} for
 * the default
 * @param monitorServer the address of a monitoring server to run and publish as the node's
 * {@code monitor} property ({@code monitor-server}), or {@code null}
 */
public record ZooKeeperConfig(String connection, @Nullable String path, @Nullable Duration sessionTimeout,
		@Nullable ZeoAddress monitorServer) {

	private static final Set<String> KEYS = Set.of("connection", "path", "session-timeout", "monitor-server");

	/**
	 * Return the ZooKeeper options these settings stand for.
	 * @return the options
	 */
	public ZooKeeperOptions toOptions() {
		ZooKeeperOptions.Builder builder = ZooKeeperOptions.builder().connectString(this.connection).path(this.path);
		if (this.sessionTimeout != null) {
			builder.sessionTimeout(this.sessionTimeout);
		}
		return builder.build();
	}

	static ZooKeeperConfig read(ConfigSection section, List<ConfigSetting> unsupported) {
		SectionReader reader = new SectionReader(section, KEYS, Set.of(), unsupported);
		FileStorageConfig.noSubsections(section);
		String path = reader.string("path");
		if (path != null && !path.startsWith("/")) {
			throw new ZConfigException(reader.entry("path").location(),
					"Bad value '" + path + "' for 'path' in " + section.header() + ": expected an absolute ZooKeeper path");
		}
		ZeoAddress monitor = reader.address("monitor-server");
		if (monitor != null && monitor.isSocketPath()) {
			reader.unsupported("monitor-server");
		}
		return new ZooKeeperConfig(reader.string("connection", ZooKeeperOptions.DEFAULT_CONNECT_STRING),
				(path != null && !path.isEmpty()) ? path : null, reader.milliseconds("session-timeout"), monitor);
	}

}
