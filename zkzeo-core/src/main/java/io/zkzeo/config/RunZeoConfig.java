package io.zkzeo.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A {@code zkrunzeo -C FILE} configuration: ZEO's {@code runzeo} schema ({@code <zeo>}, storage
 * sections, {@code <eventlog>}, {@code <runner>}) plus {@code zc.zkzeo}'s {@code <zookeeper>} section.
 *
 * <p>Storage sections are {@code <filestorage>} and {@code <mappingstorage>}; each is named by its
 * section name, and one unnamed storage is named {@code 1}, as {@code runzeo} does.
 *
 * @param zeo the {@code <zeo>} section
 * @param storages the storage sections, in file order
 * @param zookeeper the {@code <zookeeper>} section, or {@code null}
 * @param eventLog the {@code <eventlog>} section, or {@code null}
 * @param unsupported settings that are valid in the Python schemas but not honoured by zkzeo
 */
public record RunZeoConfig(ZeoServerConfig zeo, List<StorageConfig> storages, @Nullable ZooKeeperConfig zookeeper,
		@Nullable EventLogConfig eventLog, List<ConfigSetting> unsupported) {

	private static final Set<String> STORAGE_TYPES = Set.of("filestorage", "mappingstorage");

	private static final Set<String> OTHER_STORAGE_TYPES = Set.of("demostorage", "blobstorage", "zlibstorage",
			"relstorage", "fullstorage", "minimalstorage", "zeoclient", "clientstorage", "zkzeoclient", "beforestorage",
			"hexstorage", "temporarystorage");

	/**
	 * Create the configuration; the lists are copied.
	 */
	public RunZeoConfig {
		storages = List.copyOf(storages);
		unsupported = List.copyOf(unsupported);
	}

	/**
	 * Read a configuration file.
	 * @param file the file
	 * @return the configuration
	 * @throws ZConfigException if the file is malformed or holds an invalid value
	 */
	public static RunZeoConfig parse(Path file) {
		return from(ZConfigParser.parse(file));
	}

	/**
	 * Read configuration text.
	 * @param text the text
	 * @param source the name used in messages
	 * @return the configuration
	 * @throws ZConfigException if the text is malformed or holds an invalid value
	 */
	public static RunZeoConfig parse(String text, String source) {
		return from(ZConfigParser.parse(text, source));
	}

	/**
	 * Bind a parsed file.
	 * @param top the top level of the file
	 * @return the configuration
	 * @throws ZConfigException if a section or value is invalid
	 */
	public static RunZeoConfig from(ConfigSection top) {
		List<ConfigSetting> unsupported = new ArrayList<>();
		if (!top.entries().isEmpty()) {
			ConfigEntry entry = top.entries().get(0);
			throw new ZConfigException(entry.location(), "Unexpected key '" + entry.key() + "' outside of a section");
		}
		ZeoServerConfig zeo = null;
		ZooKeeperConfig zookeeper = null;
		EventLogConfig eventLog = null;
		List<ConfigSection> storageSections = new ArrayList<>();
		for (ConfigSection section : top.sections()) {
			switch (section.type()) {
				case "zeo" -> {
					single(zeo, section);
					zeo = ZeoServerConfig.read(section, unsupported);
				}
				case "zookeeper" -> {
					single(zookeeper, section);
					zookeeper = ZooKeeperConfig.read(section, unsupported);
				}
				case "eventlog" -> {
					single(eventLog, section);
					eventLog = EventLogConfig.read(section, unsupported);
				}
				case "runner" -> {
					unsupported.add(new ConfigSetting(section.header(), "runner", "", section.location()));
					section.entries()
						.forEach((entry) -> unsupported
							.add(new ConfigSetting(section.header(), entry.key(), entry.value(), entry.location())));
				}
				default -> {
					if (STORAGE_TYPES.contains(section.type())) {
						storageSections.add(section);
					}
					else if (OTHER_STORAGE_TYPES.contains(section.type())) {
						throw new ZConfigException(section.location(), "Storage type " + section.header()
								+ " is not supported; zkzeo serves <filestorage> and <mappingstorage>");
					}
					else {
						throw new ZConfigException(section.location(), "Unknown section " + section.header()
								+ "; allowed: <zeo>, <zookeeper>, <filestorage>, <mappingstorage>, <eventlog>, <runner>");
					}
				}
			}
		}
		if (zeo == null) {
			throw new ZConfigException(top.location(), "Missing required section <zeo>");
		}
		if (storageSections.isEmpty()) {
			throw new ZConfigException(top.location(), "No storage section; add <filestorage> or <mappingstorage>");
		}
		return new RunZeoConfig(zeo, readStorages(storageSections, unsupported), zookeeper, eventLog, unsupported);
	}

	/**
	 * Return the storage with the given name.
	 * @param name the storage name
	 * @return the storage, if configured
	 */
	public Optional<StorageConfig> storage(String name) {
		return this.storages.stream().filter((storage) -> storage.name().equals(name)).findFirst();
	}

	private static List<StorageConfig> readStorages(List<ConfigSection> sections, List<ConfigSetting> unsupported) {
		List<ConfigSection> unnamed = sections.stream().filter((section) -> section.name() == null).toList();
		if (unnamed.size() > 1) {
			throw new ZConfigException(unnamed.get(1).location(), "No more than one storage may be unnamed");
		}
		Map<String, ConfigSection> byName = new HashMap<>();
		List<StorageConfig> storages = new ArrayList<>();
		for (ConfigSection section : sections) {
			String name = (section.name() != null) ? section.name() : "1";
			ConfigSection previous = byName.putIfAbsent(name, section);
			if (previous != null) {
				throw new ZConfigException(section.location(), "Storage name '" + name + "' is used twice (also at line "
						+ previous.location().line() + "; an unnamed storage is named '1')");
			}
			storages.add(section.type().equals("filestorage") ? FileStorageConfig.read(section, name, unsupported)
					: MemoryStorageConfig.read(section, name, unsupported));
		}
		return storages;
	}

	private static void single(@Nullable Object existing, ConfigSection section) {
		if (existing != null) {
			throw new ZConfigException(section.location(), "Only one <" + section.type() + "> section is allowed");
		}
	}

}
