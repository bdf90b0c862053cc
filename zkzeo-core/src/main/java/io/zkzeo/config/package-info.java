/**
 * Configuration files in the ZConfig format used by ZEO, ZODB and {@code zc.zkzeo}.
 *
 * <p>{@link io.zkzeo.config.ZConfigParser} reads the syntax (sections, keys, {@code %define} and
 * {@code $NAME} substitution, {@code %include}, {@code %import}) into a tree of
 * {@link io.zkzeo.config.ConfigSection}s. {@link io.zkzeo.config.RunZeoConfig} binds a {@code zkrunzeo}
 * file ({@code <zeo>}, storages, {@code <zookeeper>}, {@code <eventlog>}) and
 * {@link io.zkzeo.config.ZkZeoClientConfig} a {@code <zkzeoclient>} section to typed, immutable values,
 * with the schemas' key names, defaults and data types (sizes such as {@code 100MB}, intervals such as
 * {@code 5m}). Every error names the file and line. Settings that are valid in the Python schemas but
 * that zkzeo does not honour are kept as {@link io.zkzeo.config.ConfigSetting}s so the component that
 * uses them can refuse them clearly.
 *
 * <p>{@link io.zkzeo.config.RunZeoSetup} turns a checked {@code zkrunzeo} file into server options,
 * open storages and ZooKeeper options, refusing every setting zkzeo cannot honour with its key and line;
 * {@link io.zkzeo.config.EventLogSetup} applies {@code <eventlog>} to logback;
 * {@link io.zkzeo.config.ZkZeoClientSetup} turns {@code <zkzeoclient>} into the options of a
 * {@link io.zkzeo.zookeeper.ZkClientStorage}.
 */
@NullMarked
package io.zkzeo.config;

import org.jspecify.annotations.NullMarked;
