package io.zkzeo.zookeeper;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A small reader of JSON documents (RFC 8259) for node data. Objects become insertion-ordered
 * maps, arrays lists, integers {@code Long} (or {@code BigInteger} when larger), other numbers
 * {@code Double}.
 */
final class JsonParser {

	private final String text;

	private int position;

	JsonParser(String text) {
		this.text = text;
	}

	/**
	 * Parse the whole text as one value.
	 * @return the value
	 * @throws IllegalArgumentException if the text is not one JSON value
	 */
	@Nullable Object parseDocument() {
		Object value = parseValue();
		skipWhitespace();
		if (this.position != this.text.length()) {
			throw error("Unexpected text after the JSON value");
		}
		return value;
	}

	private @Nullable Object parseValue() {
		skipWhitespace();
		if (this.position >= this.text.length()) {
			throw error("Unexpected end of JSON text");
		}
		char c = this.text.charAt(this.position);
		return switch (c) {
			case '{' -> parseObject();
			case '[' -> parseArray();
			case '"' -> parseString();
			case 't' -> literal("true", Boolean.TRUE);
			case 'f' -> literal("false", Boolean.FALSE);
			case 'n' -> literal("null", null);
			default -> {
				if (c == '-' || (c >= '0' && c <= '9')) {
					yield parseNumber();
				}
				throw error("Unexpected character '" + c + "'");
			}
		};
	}

	private Map<String, @Nullable Object> parseObject() {
		Map<String, @Nullable Object> map = new LinkedHashMap<>();
		this.position++;
		skipWhitespace();
		if (peek() == '}') {
			this.position++;
			return Collections.unmodifiableMap(map);
		}
		while (true) {
			skipWhitespace();
			if (peek() != '"') {
				throw error("Expected a string key");
			}
			String key = parseString();
			skipWhitespace();
			expect(':');
			map.put(key, parseValue());
			skipWhitespace();
			char c = next();
			if (c == '}') {
				return Collections.unmodifiableMap(map);
			}
			if (c != ',') {
				throw error("Expected ',' or '}'");
			}
		}
	}

	private List<@Nullable Object> parseArray() {
		List<@Nullable Object> list = new ArrayList<>();
		this.position++;
		skipWhitespace();
		if (peek() == ']') {
			this.position++;
			return Collections.unmodifiableList(list);
		}
		while (true) {
			list.add(parseValue());
			skipWhitespace();
			char c = next();
			if (c == ']') {
				return Collections.unmodifiableList(list);
			}
			if (c != ',') {
				throw error("Expected ',' or ']'");
			}
		}
	}

	private String parseString() {
		expect('"');
		StringBuilder out = new StringBuilder();
		while (true) {
			char c = next();
			if (c == '"') {
				return out.toString();
			}
			if (c < 0x20) {
				throw error("Control character in string");
			}
			if (c != '\\') {
				out.append(c);
				continue;
			}
			char escape = next();
			switch (escape) {
				case '"', '\\', '/' -> out.append(escape);
				case 'b' -> out.append('\b');
				case 'f' -> out.append('\f');
				case 'n' -> out.append('\n');
				case 'r' -> out.append('\r');
				case 't' -> out.append('\t');
				case 'u' -> {
					if (this.position + 4 > this.text.length()) {
						throw error("Truncated \\u escape");
					}
					try {
						out.append((char) Integer.parseInt(this.text.substring(this.position, this.position + 4), 16));
					}
					catch (NumberFormatException ex) {
						throw error("Bad \\u escape");
					}
					this.position += 4;
				}
				default -> throw error("Bad escape '\\" + escape + "'");
			}
		}
	}

	private Object parseNumber() {
		int start = this.position;
		boolean integral = true;
		if (peek() == '-') {
			this.position++;
		}
		while (this.position < this.text.length()) {
			char c = this.text.charAt(this.position);
			if (c >= '0' && c <= '9') {
				this.position++;
			}
			else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
				integral = false;
				this.position++;
			}
			else {
				break;
			}
		}
		String number = this.text.substring(start, this.position);
		try {
			if (integral) {
				BigInteger big = new BigInteger(number);
				return (big.bitLength() < 64) ? (Object) big.longValue() : big;
			}
			return Double.parseDouble(number);
		}
		catch (NumberFormatException ex) {
			throw error("Bad number '" + number + "'");
		}
	}

	private @Nullable Object literal(String word, @Nullable Object value) {
		if (!this.text.startsWith(word, this.position)) {
			throw error("Unexpected word");
		}
		this.position += word.length();
		return value;
	}

	private void expect(char expected) {
		if (next() != expected) {
			throw error("Expected '" + expected + "'");
		}
	}

	private char peek() {
		return (this.position < this.text.length()) ? this.text.charAt(this.position) : '\0';
	}

	private char next() {
		if (this.position >= this.text.length()) {
			throw error("Unexpected end of JSON text");
		}
		return this.text.charAt(this.position++);
	}

	private void skipWhitespace() {
		while (this.position < this.text.length()) {
			char c = this.text.charAt(this.position);
			if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
				return;
			}
			this.position++;
		}
	}

	private IllegalArgumentException error(String message) {
		return new IllegalArgumentException(message + " at offset " + this.position);
	}

}
