package io.zkzeo.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the ZConfig syntax into a tree of {@link ConfigSection}s, without any schema.
 *
 * <p>The syntax: one item per line; blank lines and lines starting with {@code #} are ignored;
 * {@code <type [name]>} opens a section and {@code </type>} closes it ({@code <type [name]/>} is an empty
 * section); {@code key value} sets a key; {@code %define NAME value} defines a name that
 * {@code $NAME}, {@code ${NAME}} in later values stand for ({@code $(NAME)} reads an environment variable,
 * {@code $$} is a dollar sign); {@code %include path} reads another file in place;
 * {@code %import package} (which loads a Python schema component) is accepted and ignored. Types, names,
 * keys and defined names are case-insensitive and kept in lower case.
 */
public final class ZConfigParser {

	private static final Logger logger = LoggerFactory.getLogger(ZConfigParser.class);

	private static final Pattern SECTION_HEADER = Pattern.compile("([^\\s()]+)(?:\\s+([^\\s()]+))?");

	private static final Pattern KEY_VALUE = Pattern.compile("([^\\s()]+)\\s*(.*)");

	private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

	private static final int MAX_INCLUDE_DEPTH = 20;

	private final Map<String, String> defines = new HashMap<>();

	private final UnaryOperator<@Nullable String> environment;

	private ZConfigParser(UnaryOperator<@Nullable String> environment) {
		this.environment = environment;
	}

	/**
	 * Parse a file.
	 * @param file the file
	 * @return the top level of the file
	 * @throws ZConfigException if the file is malformed
	 * @throws UncheckedIOException if the file cannot be read
	 */
	public static ConfigSection parse(Path file) {
		return new ZConfigParser(System::getenv).parseFile(file, 0);
	}

	/**
	 * Parse text.
	 * @param text the configuration text
	 * @param source the name used in messages (and as the base of relative {@code %include} paths when it
	 * is a file name)
	 * @return the top level of the text
	 * @throws ZConfigException if the text is malformed
	 */
	public static ConfigSection parse(String text, String source) {
		return new ZConfigParser(System::getenv).parseText(text, source, 0);
	}

	/**
	 * Parse text with a given environment for {@code $(NAME)} references.
	 * @param text the configuration text
	 * @param source the name used in messages
	 * @param environment the environment lookup, returning {@code null} for an unset variable
	 * @return the top level of the text
	 * @throws ZConfigException if the text is malformed
	 */
	public static ConfigSection parse(String text, String source, UnaryOperator<@Nullable String> environment) {
		return new ZConfigParser(environment).parseText(text, source, 0);
	}

	private ConfigSection parseFile(Path file, int depth) {
		String text;
		try {
			text = Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read configuration file " + file, ex);
		}
		return parseText(text, file.toString(), depth);
	}

	private ConfigSection parseText(String text, String source, int depth) {
		Builder top = new Builder("", null, new ConfigLocation(source, 1));
		Deque<Builder> stack = new ArrayDeque<>();
		stack.push(top);
		parseInto(text, source, depth, stack);
		if (stack.size() > 1) {
			Builder open = stack.peek();
			throw new ZConfigException(open.location, "Section " + open.header() + " is not closed");
		}
		return top.build();
	}

	private void parseInto(String text, String source, int depth, Deque<Builder> stack) {
		int bottom = stack.size();
		String[] lines = text.split("\r\n|\r|\n", -1);
		for (int index = 0; index < lines.length; index++) {
			ConfigLocation location = new ConfigLocation(source, index + 1);
			String line = lines[index].strip();
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			if (line.startsWith("</")) {
				endSection(line, location, stack, bottom);
			}
			else if (line.startsWith("<")) {
				startSection(line, location, stack);
			}
			else if (line.startsWith("%")) {
				directive(line.substring(1), location, stack, depth);
			}
			else {
				Matcher matcher = KEY_VALUE.matcher(line);
				if (!matcher.matches()) {
					throw new ZConfigException(location, "Malformed line '" + line + "'");
				}
				String value = substitute(matcher.group(2).strip(), location);
				stack.peek().entries.add(new ConfigEntry(matcher.group(1).toLowerCase(), value, location));
			}
		}
		if (stack.size() > bottom) {
			Builder open = stack.peek();
			throw new ZConfigException(open.location, "Section " + open.header() + " is not closed");
		}
	}

	private void startSection(String line, ConfigLocation location, Deque<Builder> stack) {
		if (!line.endsWith(">")) {
			throw new ZConfigException(location, "Malformed section start '" + line + "'");
		}
		String inner = line.substring(1, line.length() - 1);
		boolean empty = inner.endsWith("/");
		if (empty) {
			inner = inner.substring(0, inner.length() - 1);
		}
		Matcher matcher = SECTION_HEADER.matcher(inner.strip());
		if (!matcher.matches()) {
			throw new ZConfigException(location, "Malformed section header '" + line + "'");
		}
		String name = matcher.group(2);
		Builder section = new Builder(matcher.group(1).toLowerCase(), (name != null) ? name.toLowerCase() : null,
				location);
		if (empty) {
			stack.peek().sections.add(section.build());
		}
		else {
			stack.push(section);
		}
	}

	private void endSection(String line, ConfigLocation location, Deque<Builder> stack, int bottom) {
		if (!line.endsWith(">")) {
			throw new ZConfigException(location, "Malformed section end '" + line + "'");
		}
		String type = line.substring(2, line.length() - 1).strip().toLowerCase();
		if (stack.size() <= bottom) {
			throw new ZConfigException(location, "Unexpected section end </" + type + "> with no open section");
		}
		Builder open = stack.peek();
		if (!open.type.equals(type)) {
			throw new ZConfigException(location, "Unbalanced section end </" + type + ">: " + open.header()
					+ " opened at line " + open.location.line() + " is still open");
		}
		stack.pop();
		stack.peek().sections.add(open.build());
	}

	private void directive(String text, ConfigLocation location, Deque<Builder> stack, int depth) {
		Matcher matcher = KEY_VALUE.matcher(text.strip());
		if (!matcher.matches()) {
			throw new ZConfigException(location, "Missing or unrecognized directive '%" + text + "'");
		}
		String name = matcher.group(1).toLowerCase();
		String argument = matcher.group(2).strip();
		if (argument.isEmpty() && !name.equals("define")) {
			throw new ZConfigException(location, "Missing argument to %" + name + " directive");
		}
		switch (name) {
			case "define" -> define(argument, location);
			case "import" -> logger.debug("Ignoring %import {} at {}: schemas are built in", argument, location);
			case "include" -> include(substitute(argument, location), location, stack, depth);
			default -> throw new ZConfigException(location, "Unknown directive '%" + name + "'");
		}
	}

	private void define(String argument, ConfigLocation location) {
		String[] parts = argument.split("\\s+", 2);
		if (parts[0].isEmpty()) {
			throw new ZConfigException(location, "Missing argument to %define directive");
		}
		String name = parts[0].toLowerCase();
		if (!NAME.matcher(name).matches()) {
			throw new ZConfigException(location, "Not a legal substitution name: '" + parts[0] + "'");
		}
		String value = substitute((parts.length == 2) ? parts[1] : "", location);
		String previous = this.defines.get(name);
		if (previous != null && !previous.equals(value)) {
			throw new ZConfigException(location, "Cannot redefine '" + name + "'");
		}
		this.defines.put(name, value);
	}

	private void include(String argument, ConfigLocation location, Deque<Builder> stack, int depth) {
		if (depth >= MAX_INCLUDE_DEPTH) {
			throw new ZConfigException(location, "Too many nested %include directives");
		}
		Path base = Path.of(location.source()).toAbsolutePath().getParent();
		Path file = (base != null) ? base.resolve(argument) : Path.of(argument);
		String text;
		try {
			text = Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new ZConfigException(location, "Cannot read included file " + file, ex);
		}
		parseInto(text, file.toString(), depth + 1, stack);
	}

	private String substitute(String text, ConfigLocation location) {
		if (text.indexOf('$') < 0) {
			return text;
		}
		StringBuilder out = new StringBuilder();
		int i = 0;
		while (i < text.length()) {
			char c = text.charAt(i);
			if (c != '$') {
				out.append(c);
				i++;
				continue;
			}
			if (i + 1 >= text.length()) {
				throw new ZConfigException(location, "Illegal lone '$' at end of value");
			}
			char next = text.charAt(i + 1);
			if (next == '$') {
				out.append('$');
				i += 2;
				continue;
			}
			boolean braced = next == '{';
			boolean environmentReference = next == '(';
			int start = (braced || environmentReference) ? i + 2 : i + 1;
			Matcher matcher = NAME.matcher(text).region(start, text.length());
			if (!matcher.lookingAt()) {
				throw new ZConfigException(location, "'$' not followed by '$' or a name in '" + text + "'");
			}
			String name = matcher.group();
			int end = matcher.end();
			if (braced || environmentReference) {
				char close = braced ? '}' : ')';
				if (end >= text.length() || text.charAt(end) != close) {
					throw new ZConfigException(location, "'" + next + name + "' not followed by '" + close + "'");
				}
				end++;
			}
			String value = environmentReference ? this.environment.apply(name) : this.defines.get(name.toLowerCase());
			if (value == null) {
				throw new ZConfigException(location,
						(environmentReference ? "Environment variable '" + name + "' is not set"
								: "Undefined name '" + name + "'"));
			}
			out.append(value);
			i = end;
		}
		return out.toString();
	}

	private static final class Builder {

		private final String type;

		private final @Nullable String name;

		private final ConfigLocation location;

		private final List<ConfigEntry> entries = new ArrayList<>();

		private final List<ConfigSection> sections = new ArrayList<>();

		Builder(String type, @Nullable String name, ConfigLocation location) {
			this.type = type;
			this.name = name;
			this.location = location;
		}

		String header() {
			return "<" + this.type + ((this.name != null) ? " " + this.name : "") + ">";
		}

		ConfigSection build() {
			return new ConfigSection(this.type, this.name, this.location, this.entries, this.sections);
		}

	}

}
