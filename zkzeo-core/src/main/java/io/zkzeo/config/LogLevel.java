package io.zkzeo.config;

import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.event.Level;

/**
 * A ZConfig logging level: a name ({@code critical}, {@code fatal}, {@code error}, {@code warn},
 * {@code warning}, {@code info}, {@code blather}, {@code debug}, {@code trace}, {@code all},
 * {@code notset}) or a number from 0 to 50, as Python's {@code logging} numbers them.
 *
 * @param value the numeric level (0 means "inherit")
 */
public record LogLevel(int value) {

	/** The {@code notset} level: inherit the parent's level. */
	public static final LogLevel NOTSET = new LogLevel(0);

	/** The {@code info} level. */
	public static final LogLevel INFO = new LogLevel(20);

	private static final Map<String, Integer> NAMES = Map.ofEntries(Map.entry("critical", 50), Map.entry("fatal", 50),
			Map.entry("error", 40), Map.entry("warn", 30), Map.entry("warning", 30), Map.entry("info", 20),
			Map.entry("blather", 15), Map.entry("debug", 10), Map.entry("trace", 5), Map.entry("all", 1),
			Map.entry("notset", 0));

	/**
	 * Parse a level name or number.
	 * @param text the value
	 * @return the level
	 * @throws IllegalArgumentException if the value is not a level
	 */
	public static LogLevel parse(String text) {
		String value = text.strip().toLowerCase(Locale.ROOT);
		Integer named = NAMES.get(value);
		if (named != null) {
			return new LogLevel(named);
		}
		int number = Integer.parseInt(value);
		if (number < 0 || number > 50) {
			throw new IllegalArgumentException("Level out of range: " + number);
		}
		return new LogLevel(number);
	}

	/**
	 * Return the SLF4J level that lets the same messages through, or {@code null} for {@code notset}.
	 * @return the SLF4J level or {@code null}
	 */
	public @Nullable Level slf4jLevel() {
		if (this.value == 0) {
			return null;
		}
		if (this.value >= 40) {
			return Level.ERROR;
		}
		if (this.value >= 30) {
			return Level.WARN;
		}
		if (this.value >= 20) {
			return Level.INFO;
		}
		if (this.value >= 10) {
			return Level.DEBUG;
		}
		return Level.TRACE;
	}

}
