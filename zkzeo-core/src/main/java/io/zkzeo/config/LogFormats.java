package io.zkzeo.config;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Translates a Python {@code logging} format string, as written in a ZConfig {@code <logfile>}, into a
 * logback pattern. Only the record attributes with a logback counterpart are translated; a format using
 * any other attribute is not translatable.
 */
final class LogFormats {

	/** ZConfig's default {@code <logfile>} format, translated. */
	static final String DEFAULT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss} %level %logger %msg%n%ex";

	private static final Pattern FIELD = Pattern.compile("%\\((\\w+)\\)[-#0 +]*\\d*(?:\\.\\d+)?([sdifr])|%%");

	private static final Map<String, String> ATTRIBUTES = Map.of("asctime", "%d{yyyy-MM-dd'T'HH:mm:ss}", "levelname",
			"%level", "name", "%logger", "message", "%msg", "threadName", "%thread", "lineno", "%line", "funcName",
			"%method", "filename", "%file", "msecs", "%d{SSS}");

	private LogFormats() {
	}

	/**
	 * Return whether a Python format string can be translated.
	 * @param format the format
	 * @return whether {@link #toPattern(String)} accepts it
	 */
	static boolean isTranslatable(String format) {
		return translate(format) != null;
	}

	/**
	 * Translate a Python format string into a logback pattern ending with a line break and the stack
	 * trace of a logged exception.
	 * @param format the format, or {@code null} for ZConfig's default
	 * @return the logback pattern
	 * @throws IllegalArgumentException if the format uses an attribute without logback counterpart
	 */
	static String toPattern(@Nullable String format) {
		if (format == null) {
			return DEFAULT_PATTERN;
		}
		String pattern = translate(format);
		if (pattern == null) {
			throw new IllegalArgumentException("Cannot translate log format '" + format + "'; it may use only "
					+ ATTRIBUTES.keySet().stream().sorted().toList());
		}
		return pattern;
	}

	private static @Nullable String translate(String format) {
		StringBuilder pattern = new StringBuilder();
		Matcher matcher = FIELD.matcher(format);
		int last = 0;
		while (matcher.find()) {
			String before = format.substring(last, matcher.start());
			if (before.indexOf('%') >= 0) {
				return null;
			}
			pattern.append(literal(before));
			if (matcher.group().equals("%%")) {
				pattern.append("\\%");
			}
			else {
				String attribute = ATTRIBUTES.get(matcher.group(1));
				if (attribute == null) {
					return null;
				}
				pattern.append(attribute);
			}
			last = matcher.end();
		}
		String rest = format.substring(last);
		if (rest.indexOf('%') >= 0) {
			return null;
		}
		pattern.append(literal(rest));
		return pattern.append("%n%ex").toString();
	}

	private static String literal(String text) {
		return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)");
	}

}
