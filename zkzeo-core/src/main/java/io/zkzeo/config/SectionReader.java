package io.zkzeo.config;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Reads the keys of one section against a schema: the known keys, their data types (as ZConfig
 * defines them) and the keys zkzeo records as unsupported. Unknown keys, repeated keys and bad values
 * are errors naming the file and line.
 */
final class SectionReader {

	private final ConfigSection section;

	private final Map<String, List<ConfigEntry>> entries = new LinkedHashMap<>();

	private final List<ConfigSetting> unsupported;

	/**
	 * Check the keys of a section.
	 * @param section the section
	 * @param knownKeys every key the schema allows
	 * @param multiKeys the keys that may be given more than once
	 * @param unsupported collects settings zkzeo does not honour
	 */
	SectionReader(ConfigSection section, Set<String> knownKeys, Set<String> multiKeys, List<ConfigSetting> unsupported) {
		this.section = section;
		this.unsupported = unsupported;
		for (ConfigEntry entry : section.entries()) {
			if (!knownKeys.contains(entry.key())) {
				throw new ZConfigException(entry.location(), "Unknown key '" + entry.key() + "' in " + section.header()
						+ "; known keys: " + String.join(", ", new TreeSet<>(knownKeys)));
			}
			List<ConfigEntry> list = this.entries.computeIfAbsent(entry.key(), (key) -> new ArrayList<>());
			if (!list.isEmpty() && !multiKeys.contains(entry.key())) {
				throw new ZConfigException(entry.location(), "Key '" + entry.key() + "' in " + section.header()
						+ " given more than once (first at line " + list.get(0).location().line() + ")");
			}
			list.add(entry);
		}
	}

	ConfigSection section() {
		return this.section;
	}

	@Nullable ConfigEntry entry(String key) {
		List<ConfigEntry> list = this.entries.get(key);
		return (list != null) ? list.get(0) : null;
	}

	List<ConfigEntry> all(String key) {
		return this.entries.getOrDefault(key, List.of());
	}

	/**
	 * Record the key as unsupported when it is set.
	 * @param keys the keys
	 */
	void unsupported(String... keys) {
		for (String key : keys) {
			for (ConfigEntry entry : all(key)) {
				this.unsupported.add(new ConfigSetting(this.section.header(), key, entry.value(), entry.location()));
			}
		}
	}

	@Nullable String string(String key) {
		ConfigEntry entry = entry(key);
		return (entry != null) ? entry.value() : null;
	}

	String string(String key, String defaultValue) {
		String value = string(key);
		return (value != null) ? value : defaultValue;
	}

	String required(String key) {
		ConfigEntry entry = entry(key);
		if (entry == null || entry.value().isEmpty()) {
			throw new ZConfigException(this.section.location(),
					"Missing required key '" + key + "' in " + this.section.header());
		}
		return entry.value();
	}

	@Nullable Boolean bool(String key) {
		return convert(key, "a boolean (on/off, true/false, yes/no)", SectionReader::parseBoolean);
	}

	boolean bool(String key, boolean defaultValue) {
		Boolean value = bool(key);
		return (value != null) ? value : defaultValue;
	}

	@Nullable Integer integer(String key) {
		return convert(key, "an integer", (text) -> Integer.valueOf(text.strip()));
	}

	int integer(String key, int defaultValue) {
		Integer value = integer(key);
		return (value != null) ? value : defaultValue;
	}

	@Nullable Long byteSize(String key) {
		return convert(key, "a size (bytes, or with KB, MB or GB)", SectionReader::parseByteSize);
	}

	long byteSize(String key, long defaultValue) {
		Long value = byteSize(key);
		return (value != null) ? value : defaultValue;
	}

	@Nullable Duration seconds(String key) {
		return convert(key, "a whole number of seconds", (text) -> Duration.ofSeconds(Long.parseLong(text.strip())));
	}

	@Nullable Duration floatSeconds(String key) {
		return convert(key, "a number of seconds", (text) -> {
			BigDecimal seconds = new BigDecimal(text.strip());
			return Duration.ofNanos(seconds.movePointRight(9).longValueExact());
		});
	}

	@Nullable Duration milliseconds(String key) {
		return convert(key, "a whole number of milliseconds", (text) -> Duration.ofMillis(Long.parseLong(text.strip())));
	}

	@Nullable Duration timeInterval(String key) {
		return convert(key, "a time interval (seconds, or with s, m, h or d)", SectionReader::parseTimeInterval);
	}

	@Nullable Path path(String key) {
		String value = string(key);
		return (value != null && !value.isEmpty()) ? Path.of(expandUser(value)) : null;
	}

	@Nullable ZeoAddress address(String key) {
		return convert(key, "an address (host:port, host, port or a socket path)", ZeoAddress::parse);
	}

	private <T> @Nullable T convert(String key, String expected, Function<String, T> converter) {
		ConfigEntry entry = entry(key);
		if (entry == null) {
			return null;
		}
		try {
			return converter.apply(entry.value());
		}
		catch (RuntimeException ex) {
			throw new ZConfigException(entry.location(), "Bad value '" + entry.value() + "' for '" + key + "' in "
					+ this.section.header() + ": expected " + expected);
		}
	}

	static boolean parseBoolean(String text) {
		return switch (text.strip().toLowerCase(Locale.ROOT)) {
			case "yes", "true", "on" -> true;
			case "no", "false", "off" -> false;
			default -> throw new IllegalArgumentException("Not a boolean: " + text);
		};
	}

	/**
	 * Parse a ZConfig {@code byte-size}: an integer with an optional {@code KB}, {@code MB} or {@code GB}
	 * suffix (powers of 1024, case-insensitive).
	 * @param text the value
	 * @return the size in bytes
	 */
	static long parseByteSize(String text) {
		String value = text.strip().toLowerCase(Locale.ROOT);
		long multiplier = 1;
		if (value.endsWith("kb")) {
			multiplier = 1024L;
		}
		else if (value.endsWith("mb")) {
			multiplier = 1024L * 1024;
		}
		else if (value.endsWith("gb")) {
			multiplier = 1024L * 1024 * 1024;
		}
		if (multiplier != 1) {
			value = value.substring(0, value.length() - 2).strip();
		}
		return Math.multiplyExact(Long.parseLong(value), multiplier);
	}

	/**
	 * Parse a ZConfig {@code time-interval}: an integer number of seconds with an optional {@code s},
	 * {@code m}, {@code h} or {@code d} suffix (case-insensitive).
	 * @param text the value
	 * @return the interval
	 */
	static Duration parseTimeInterval(String text) {
		String value = text.strip().toLowerCase(Locale.ROOT);
		long multiplier = 1;
		if (!value.isEmpty()) {
			switch (value.charAt(value.length() - 1)) {
				case 's' -> multiplier = 1;
				case 'm' -> multiplier = 60;
				case 'h' -> multiplier = 3600;
				case 'd' -> multiplier = 86400;
				default -> multiplier = 0;
			}
			if (multiplier != 0) {
				value = value.substring(0, value.length() - 1).strip();
			}
			else {
				multiplier = 1;
			}
		}
		return Duration.ofSeconds(Math.multiplyExact(Long.parseLong(value), multiplier));
	}

	static String expandUser(String path) {
		if (path.equals("~") || path.startsWith("~/")) {
			return System.getProperty("user.home") + path.substring(1);
		}
		return path;
	}

}
