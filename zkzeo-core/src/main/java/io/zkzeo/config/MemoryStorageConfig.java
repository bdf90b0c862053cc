package io.zkzeo.config;

import java.util.List;
import java.util.Set;

/**
 * A {@code <mappingstorage>} section: an in-memory storage.
 *
 * @param name the storage name clients select
 * @param location where the section starts
 * @param displayName the storage's own name ({@code name} key, default {@code Mapping Storage})
 */
public record MemoryStorageConfig(String name, ConfigLocation location, String displayName) implements StorageConfig {

	/** Default of the {@code name} key in ZODB. */
	public static final String DEFAULT_DISPLAY_NAME = "Mapping Storage";

	static MemoryStorageConfig read(ConfigSection section, String name, List<ConfigSetting> unsupported) {
		SectionReader reader = new SectionReader(section, Set.of("name"), Set.of(), unsupported);
		FileStorageConfig.noSubsections(section);
		return new MemoryStorageConfig(name, section.location(), reader.string("name", DEFAULT_DISPLAY_NAME));
	}

}
