package io.zkzeo.config;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * A log handler inside {@code <eventlog>}: {@code <logfile>} is mapped to logging settings; the other
 * ZConfig handler types ({@code <syslog>}, {@code <http-logger>}, {@code <email-notifier>},
 * {@code <win32-eventlog>}) are kept with their settings and recorded as unsupported.
 *
 * @param type the handler section type, such as {@code logfile}
 * @param location where the section starts
 * @param path the log file ({@code path}; {@code STDOUT} and {@code STDERR} name the standard streams),
 * or {@code null} for handlers without one
 * @param level the handler's threshold ({@code level}, default {@code notset})
 * @param format the Python format string ({@code format}), or {@code null} for the default
 * @param dateFormat the {@code strftime} date format ({@code dateformat}), or {@code null}
 * @param maxSize the size at which the file is rotated ({@code max-size}, 0 for never)
 * @param oldFiles how many rotated files are kept ({@code old-files})
 * @param when the time-based rotation ({@code when}), or {@code null}
 * @param interval the rotation interval for {@code when} ({@code interval})
 * @param settings every key of the section as written
 */
public record LogHandlerConfig(String type, ConfigLocation location, @Nullable String path, LogLevel level,
		@Nullable String format, @Nullable String dateFormat, long maxSize, int oldFiles, @Nullable String when,
		int interval, Map<String, String> settings) {

	private static final Set<String> BASE_KEYS = Set.of("formatter", "dateformat", "level", "style", "format");

	private static final Map<String, Set<String>> KEYS = Map.of("logfile",
			Set.of("path", "old-files", "max-size", "when", "interval", "encoding", "delay"), "syslog",
			Set.of("facility", "address"), "win32-eventlog", Set.of("appname"), "http-logger", Set.of("url", "method"),
			"email-notifier", Set.of("from", "to", "subject", "smtp-server", "smtp-username", "smtp-password"));

	/**
	 * Return whether a section type is a log handler.
	 * @param type the section type
	 * @return whether it is a handler type
	 */
	static boolean isHandler(String type) {
		return KEYS.containsKey(type);
	}

	static LogHandlerConfig read(ConfigSection section, List<ConfigSetting> unsupported) {
		Set<String> keys = new java.util.HashSet<>(BASE_KEYS);
		keys.addAll(KEYS.get(section.type()));
		SectionReader reader = new SectionReader(section, keys, Set.of("to"), unsupported);
		FileStorageConfig.noSubsections(section);
		boolean logfile = section.type().equals("logfile");
		if (!logfile) {
			unsupported.add(new ConfigSetting(section.header(), section.type(), "", section.location()));
		}
		reader.unsupported("formatter", "style");
		LogLevel level = levelOf(reader, "level", LogLevel.NOTSET);
		Map<String, String> settings = section.entries()
			.stream()
			.collect(Collectors.toUnmodifiableMap(ConfigEntry::key, ConfigEntry::value, (a, b) -> a + "\n" + b));
		return new LogHandlerConfig(section.type(), section.location(), logfile ? reader.required("path") : null, level,
				reader.string("format"), reader.string("dateformat"), reader.byteSize("max-size", 0),
				reader.integer("old-files", 0), emptyToNull(reader.string("when")), reader.integer("interval", 0), settings);
	}

	static LogLevel levelOf(SectionReader reader, String key, LogLevel defaultLevel) {
		ConfigEntry entry = reader.entry(key);
		if (entry == null) {
			return defaultLevel;
		}
		try {
			return LogLevel.parse(entry.value());
		}
		catch (RuntimeException ex) {
			throw new ZConfigException(entry.location(), "Bad value '" + entry.value() + "' for '" + key + "' in "
					+ reader.section().header() + ": expected a level name (critical ... debug, trace, all, notset) or 0-50");
		}
	}

	private static @Nullable String emptyToNull(@Nullable String value) {
		return (value == null || value.isEmpty()) ? null : value;
	}

}
