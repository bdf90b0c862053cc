package io.zkzeo.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.zkzeo.client.ClientOptions;
import io.zkzeo.zookeeper.ZkClientStorage;
import io.zkzeo.zookeeper.ZooKeeperOptions;

/**
 * Turns a {@code <zkzeoclient>} section into the options of a {@link ZkClientStorage}: the
 * {@link ClientOptions} and the {@link ZooKeeperOptions} to find the servers with.
 *
 * <p>Settings zkzeo cannot honour (blob settings, a persistent cache, authentication realms, an
 * {@code <ssl>} section, {@code min-disconnect-poll}, {@code drop-cache-rather-verify}) are refused with
 * a {@link ZConfigException} naming each key and its line. The enclosing {@code <zodb>} section's
 * settings are for the database, not for the storage, and are not read here.
 */
public final class ZkZeoClientSetup {

	private static final Duration DEFAULT_MIN_DISCONNECT_POLL = Duration.ofSeconds(5);

	private final ZkZeoClientConfig config;

	private ZkZeoClientSetup(ZkZeoClientConfig config) {
		this.config = config;
	}

	/**
	 * Check a client configuration.
	 * @param config the configuration
	 * @return the checked setup
	 * @throws ZConfigException if the configuration sets something zkzeo cannot honour
	 */
	public static ZkZeoClientSetup of(ZkZeoClientConfig config) {
		List<ConfigSetting> refused = new ArrayList<>(config.unsupported());
		String section = "<zkzeoclient>";
		if (config.ssl() != null) {
			refused.add(new ConfigSetting(section, "ssl", "", config.location()));
		}
		if (!config.minDisconnectPoll().equals(DEFAULT_MIN_DISCONNECT_POLL)) {
			refused.add(new ConfigSetting(section, "min-disconnect-poll", config.minDisconnectPoll().toString(),
					config.location()));
		}
		if (config.dropCacheRatherVerify()) {
			refused.add(new ConfigSetting(section, "drop-cache-rather-verify", "true", config.location()));
		}
		if (!refused.isEmpty()) {
			StringBuilder message = new StringBuilder("zkzeo cannot honour these client settings; remove them:");
			refused.forEach((setting) -> message.append("\n  line ")
				.append(setting.location().line())
				.append(": '")
				.append(setting.key())
				.append("' in ")
				.append(setting.section()));
			throw new ZConfigException(refused.get(0).location(), message.toString());
		}
		return new ZkZeoClientSetup(config);
	}

	/**
	 * Return the client settings (without addresses: those come from ZooKeeper).
	 * @return the client options
	 */
	public ClientOptions clientOptions() {
		return ClientOptions.builder()
			.storageName(this.config.storage())
			.name(this.config.name())
			.cacheSize(this.config.cacheSize())
			.readOnly(this.config.readOnly())
			.readOnlyFallback(this.config.readOnlyFallback())
			.waitForConnection(this.config.waitForServer())
			.waitTimeout(this.config.waitTimeout())
			.maxDisconnectPoll(this.config.maxDisconnectPoll())
			.clientLabel(this.config.clientLabel())
			.build();
	}

	/**
	 * Return where the servers are registered.
	 * @return the ZooKeeper options
	 */
	public ZooKeeperOptions zooKeeperOptions() {
		return this.config.zooKeeperOptions();
	}

	/**
	 * Open a client storage following the servers registered in ZooKeeper.
	 * @return the storage
	 */
	public ZkClientStorage open() {
		return new ZkClientStorage(clientOptions(), zooKeeperOptions());
	}

}
