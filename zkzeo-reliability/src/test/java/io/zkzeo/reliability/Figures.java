package io.zkzeo.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The figures of one scenario run: named values, logged together and appended as one line to
 * {@code target/reliability-figures.txt} so the latest figures can be read after a build.
 */
final class Figures {

	private static final Logger logger = LoggerFactory.getLogger(Figures.class);

	private static final Path FILE = Path.of("target", "reliability-figures.txt");

	private final String scenario;

	private final Map<String, Object> values = new LinkedHashMap<>();

	Figures(String scenario) {
		this.scenario = scenario;
	}

	Figures put(String name, Object value) {
		this.values.put(name, value);
		return this;
	}

	/** Adds p50, p99 and max of durations in nanoseconds, as milliseconds. */
	Figures putLatencies(String name, List<Long> nanos) {
		List<Long> sorted = new ArrayList<>(nanos);
		Collections.sort(sorted);
		put(name + ".count", sorted.size());
		if (!sorted.isEmpty()) {
			put(name + ".p50ms", millis(percentile(sorted, 50)));
			put(name + ".p99ms", millis(percentile(sorted, 99)));
			put(name + ".maxms", millis(sorted.get(sorted.size() - 1)));
		}
		return this;
	}

	static long percentile(List<Long> sorted, int percent) {
		int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
	}

	private static String millis(long nanos) {
		return String.format("%.1f", nanos / 1_000_000.0);
	}

	void report() {
		StringBuilder line = new StringBuilder(this.scenario).append(':');
		this.values.forEach((name, value) -> line.append(' ').append(name).append('=').append(value));
		logger.info("Figures {}", line);
		try {
			Files.createDirectories(FILE.getParent());
			Files.writeString(FILE, Instant.now() + " " + line + System.lineSeparator(), StandardCharsets.UTF_8,
					StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + FILE, ex);
		}
	}

}
