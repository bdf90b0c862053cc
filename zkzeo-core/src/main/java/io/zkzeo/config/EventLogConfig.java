package io.zkzeo.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.event.Level;

/**
 * The {@code <eventlog>} section: the root logging level and its handlers.
 *
 * @param level the root level ({@code level}, default {@code info})
 * @param handlers the handler sections, in file order
 */
public record EventLogConfig(LogLevel level, List<LogHandlerConfig> handlers) {

	/**
	 * Create the settings; the list is copied.
	 */
	public EventLogConfig {
		handlers = List.copyOf(handlers);
	}

	/**
	 * Return the SLF4J level for the root logger.
	 * @return the level, or {@code null} when {@code notset}
	 */
	public @Nullable Level rootLevel() {
		return this.level.slf4jLevel();
	}

	/**
	 * Return the paths of the {@code <logfile>} handlers ({@code STDOUT}/{@code STDERR} included as
	 * written).
	 * @return the log file paths
	 */
	public List<String> logFilePaths() {
		return this.handlers.stream().map(LogHandlerConfig::path).filter(java.util.Objects::nonNull).toList();
	}

	static EventLogConfig read(ConfigSection section, List<ConfigSetting> unsupported) {
		SectionReader reader = new SectionReader(section, Set.of("level"), Set.of(), unsupported);
		LogLevel level = LogHandlerConfig.levelOf(reader, "level", LogLevel.INFO);
		List<LogHandlerConfig> handlers = new ArrayList<>();
		for (ConfigSection child : section.sections()) {
			if (!LogHandlerConfig.isHandler(child.type())) {
				throw new ZConfigException(child.location(), "Unknown log handler " + child.header() + " in "
						+ section.header() + "; allowed: <logfile>, <syslog>, <http-logger>, <email-notifier>, <win32-eventlog>");
			}
			handlers.add(LogHandlerConfig.read(child, unsupported));
		}
		return new EventLogConfig(level, handlers);
	}

}
