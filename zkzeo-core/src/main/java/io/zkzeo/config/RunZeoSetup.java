package io.zkzeo.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.zkzeo.server.ClientAuthentication;
import io.zkzeo.server.ServerOptions;
import io.zkzeo.server.ServerTlsOptions;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.file.FileStorage;
import io.zkzeo.storage.file.FileStorageOptions;
import io.zkzeo.storage.memory.MemoryStorage;
import io.zkzeo.storage.memory.MemoryStorageOptions;
import io.zkzeo.zookeeper.ZooKeeperOptions;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@code zkrunzeo} configuration file into what runs it: the {@link ServerOptions}, the storages
 * to serve (opened here), the {@link ZooKeeperOptions} to register with, the pid file and the event
 * log settings.
 *
 * <p>Loading checks the whole file first: every setting that is valid in the Python schemas but that
 * zkzeo cannot honour (blob directories, Python dotted names, {@code <runner>}, a monitor server, a
 * {@code <filestorage>} quota, log rotation, ...) is refused with a {@link ZConfigException} naming each
 * such key and its line, so nothing is silently ignored and nothing is opened before the check passes.
 */
public final class RunZeoSetup {

	private static final Logger logger = LoggerFactory.getLogger(RunZeoSetup.class);

	private static final Set<String> LOG_FILE_KEYS = Set.of("path", "level", "format");

	private static final Set<String> SIGNED_CLIENTS = Set.of("signed", "-", "dynamic");

	private final RunZeoConfig config;

	private final ConfigSection top;

	private RunZeoSetup(RunZeoConfig config, ConfigSection top) {
		this.config = config;
		this.top = top;
	}

	/**
	 * Read and check a configuration file.
	 * @param file the file
	 * @return the checked setup
	 * @throws ZConfigException if the file is malformed, holds an invalid value, or sets something zkzeo
	 * cannot honour
	 */
	public static RunZeoSetup load(Path file) {
		return of(ZConfigParser.parse(file));
	}

	/**
	 * Read and check configuration text.
	 * @param text the text
	 * @param source the name used in messages
	 * @return the checked setup
	 * @throws ZConfigException if the text is malformed, holds an invalid value, or sets something zkzeo
	 * cannot honour
	 */
	public static RunZeoSetup parse(String text, String source) {
		return of(ZConfigParser.parse(text, source));
	}

	private static RunZeoSetup of(ConfigSection top) {
		RunZeoSetup setup = new RunZeoSetup(RunZeoConfig.from(top), top);
		setup.check();
		return setup;
	}

	/**
	 * Return the configuration read from the file.
	 * @return the configuration
	 */
	public RunZeoConfig config() {
		return this.config;
	}

	/**
	 * Return where to register: the {@code <zookeeper>} section's connect string, path and session
	 * timeout.
	 * @return the options, or {@code null} when there is no {@code <zookeeper>} section
	 */
	public @Nullable ZooKeeperOptions zooKeeperOptions() {
		ZooKeeperConfig zookeeper = this.config.zookeeper();
		return (zookeeper != null) ? zookeeper.toOptions() : null;
	}

	/**
	 * Return the file to write the process id to ({@code pid-filename}).
	 * @return the file, or {@code null}
	 */
	public @Nullable Path pidFile() {
		return this.config.zeo().pidFilename();
	}

	/**
	 * Return the {@code <eventlog>} settings.
	 * @return the settings, or {@code null} when there is no {@code <eventlog>} section
	 */
	public @Nullable EventLogConfig eventLog() {
		return this.config.eventLog();
	}

	/**
	 * Open the configured storages, in file order. If one cannot be opened, those already opened are
	 * closed and the failure is thrown.
	 * @return the open storages by the name clients select them with
	 */
	public Map<String, Storage> openStorages() {
		Map<String, Storage> storages = new LinkedHashMap<>();
		try {
			for (StorageConfig storage : this.config.storages()) {
				storages.put(storage.name(), open(storage));
			}
			return storages;
		}
		catch (RuntimeException ex) {
			storages.values().forEach(RunZeoSetup::closeQuietly);
			throw ex;
		}
	}

	/**
	 * Return the server settings of the {@code <zeo>} section serving the given storages, which the
	 * server closes when it closes.
	 * @param storages the open storages, as {@link #openStorages()} returns them
	 * @return the server options
	 */
	public ServerOptions serverOptions(Map<String, Storage> storages) {
		ZeoServerConfig zeo = this.config.zeo();
		ZeoAddress address = zeo.address();
		ServerOptions.Builder builder = ServerOptions.builder()
			.host(address.host())
			.port((address.port() != null) ? address.port() : 0)
			.readOnly(zeo.readOnly())
			.invalidationQueueSize(zeo.invalidationQueueSize())
			.invalidationAge(zeo.invalidationAge())
			.transactionTimeout(zeo.transactionTimeout())
			.clientConflictResolution(zeo.clientConflictResolution())
			.closeStorages(true);
		if (zeo.msgpack() != null) {
			builder.msgpack(zeo.msgpack());
		}
		SslConfig ssl = zeo.ssl();
		if (ssl != null) {
			builder.tls(tlsOptions(ssl));
		}
		storages.forEach(builder::storage);
		return builder.build();
	}

	private static ServerTlsOptions tlsOptions(SslConfig ssl) {
		Path key = (ssl.key() != null) ? ssl.key() : ssl.certificate();
		ServerTlsOptions tls = ServerTlsOptions.pem(ssl.certificate(), key);
		String authenticate = ssl.authenticate();
		if (authenticate != null) {
			tls = tls.withTrustedCertificates(Path.of(SectionReader.expandUser(authenticate)),
					ClientAuthentication.REQUIRED);
		}
		return tls;
	}

	private static Storage open(StorageConfig storage) {
		if (storage instanceof FileStorageConfig file) {
			FileStorageOptions options = FileStorageOptions.defaults()
				.withReadOnly(file.readOnly())
				.withKeepOldOnPack(file.packKeepOld())
				.withName(file.name());
			logger.info("Opening FileStorage {} at {}", file.name(), file.path());
			return FileStorage.open(file.path(), options);
		}
		MemoryStorageConfig memory = (MemoryStorageConfig) storage;
		return new MemoryStorage(MemoryStorageOptions.defaults().withName(memory.name()));
	}

	private static void closeQuietly(Storage storage) {
		try {
			storage.close();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not close storage {}", storage.getName(), ex);
		}
	}

	private void check() {
		List<ConfigSetting> refused = new ArrayList<>(this.config.unsupported());
		ConfigSection zeoSection = this.top.sections("zeo").get(0);
		SslConfig ssl = this.config.zeo().ssl();
		if (ssl != null) {
			ConfigSection sslSection = zeoSection.sections("ssl").get(0);
			refuseIf(refused, sslSection, "check-hostname", ssl.checkHostname() != null);
			refuseIf(refused, sslSection, "server-hostname", ssl.serverHostname() != null);
			String authenticate = ssl.authenticate();
			if (authenticate != null && (SIGNED_CLIENTS.contains(authenticate.toLowerCase(Locale.ROOT))
					|| Files.isDirectory(Path.of(SectionReader.expandUser(authenticate))))) {
				refuseIf(refused, sslSection, "authenticate", true);
			}
		}
		ZooKeeperConfig zookeeper = this.config.zookeeper();
		if (zookeeper != null && zookeeper.monitorServer() != null && !zookeeper.monitorServer().isSocketPath()) {
			refuseIf(refused, this.top.sections("zookeeper").get(0), "monitor-server", true);
		}
		for (StorageConfig storage : this.config.storages()) {
			if (storage instanceof FileStorageConfig file) {
				ConfigSection section = sectionAt(file.location());
				refuseIf(refused, section, "create", file.create());
				refuseIf(refused, section, "quota", file.quota() != null);
				refuseIf(refused, section, "pack-gc", !file.packGc());
			}
		}
		EventLogConfig eventLog = this.config.eventLog();
		if (eventLog != null) {
			for (LogHandlerConfig handler : eventLog.handlers()) {
				if (handler.type().equals("logfile")) {
					ConfigSection section = sectionAt(handler.location());
					for (ConfigEntry entry : section.entries()) {
						if (!LOG_FILE_KEYS.contains(entry.key()) || (entry.key().equals("format")
								&& !LogFormats.isTranslatable(entry.value()))) {
							refuseIf(refused, section, entry.key(), true);
						}
					}
				}
			}
		}
		if (!refused.isEmpty()) {
			refused.sort(java.util.Comparator.comparingInt((ConfigSetting setting) -> setting.location().line()));
			StringBuilder message = new StringBuilder("zkzeo cannot honour ")
				.append((refused.size() == 1) ? "this setting" : "these settings")
				.append("; remove or change ")
				.append((refused.size() == 1) ? "it" : "them")
				.append(":");
			for (ConfigSetting setting : refused) {
				message.append("\n  line ")
					.append(setting.location().line())
					.append(": '")
					.append(setting.key())
					.append("' in ")
					.append(setting.section())
					.append(setting.value().isEmpty() ? "" : " (" + setting.value() + ")");
			}
			throw new ZConfigException(refused.get(0).location(), message.toString());
		}
	}

	private ConfigSection sectionAt(ConfigLocation location) {
		ConfigSection found = find(this.top, location);
		if (found == null) {
			throw new IllegalStateException("No section at " + location);
		}
		return found;
	}

	private static @Nullable ConfigSection find(ConfigSection section, ConfigLocation location) {
		for (ConfigSection child : section.sections()) {
			if (child.location().equals(location)) {
				return child;
			}
			ConfigSection nested = find(child, location);
			if (nested != null) {
				return nested;
			}
		}
		return null;
	}

	private static void refuseIf(List<ConfigSetting> refused, ConfigSection section, String key, boolean condition) {
		if (!condition) {
			return;
		}
		for (ConfigEntry entry : section.entries()) {
			if (entry.key().equals(key)) {
				ConfigSetting setting = new ConfigSetting(section.header(), key, entry.value(), entry.location());
				if (!refused.contains(setting)) {
					refused.add(setting);
				}
				return;
			}
		}
	}

}
