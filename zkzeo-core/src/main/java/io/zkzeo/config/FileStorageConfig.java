package io.zkzeo.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A {@code <filestorage>} section, with every key of ZODB 5's schema.
 *
 * @param name the storage name
 * @param location where the section starts
 * @param path the {@code Data.fs} file ({@code path}, required)
 * @param blobDir the blob directory ({@code blob-dir}; zkzeo has no blob support, recorded), or
 * {@code null}
 * @param create whether an existing file is truncated ({@code create}, default off)
 * @param readOnly whether only reads are allowed ({@code read-only}, default off)
 * @param quota the largest allowed file size in bytes ({@code quota}), or {@code null}
 * @param packer the Python dotted name of a packer ({@code packer}; not supported, recorded), or
 * {@code null}
 * @param packGc whether pack collects unreachable objects ({@code pack-gc}, default on)
 * @param packKeepOld whether pack keeps the old file as {@code .old} ({@code pack-keep-old}, default on)
 */
public record FileStorageConfig(String name, ConfigLocation location, Path path, @Nullable Path blobDir, boolean create,
		boolean readOnly, @Nullable Long quota, @Nullable String packer, boolean packGc, boolean packKeepOld)
		implements StorageConfig {

	private static final Set<String> KEYS = Set.of("path", "blob-dir", "create", "read-only", "quota", "packer",
			"pack-gc", "pack-keep-old");

	static FileStorageConfig read(ConfigSection section, String name, List<ConfigSetting> unsupported) {
		SectionReader reader = new SectionReader(section, KEYS, Set.of(), unsupported);
		noSubsections(section);
		reader.unsupported("blob-dir", "packer");
		Path path = Path.of(SectionReader.expandUser(reader.required("path")));
		return new FileStorageConfig(name, section.location(), path, reader.path("blob-dir"), reader.bool("create", false),
				reader.bool("read-only", false), reader.byteSize("quota"), reader.string("packer"),
				reader.bool("pack-gc", true), reader.bool("pack-keep-old", true));
	}

	static void noSubsections(ConfigSection section) {
		if (!section.sections().isEmpty()) {
			ConfigSection child = section.sections().get(0);
			throw new ZConfigException(child.location(), "Unexpected section " + child.header() + " in " + section.header());
		}
	}

}
