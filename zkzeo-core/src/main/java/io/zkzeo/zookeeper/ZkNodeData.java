package io.zkzeo.zookeeper;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code zc.zk} node-data format: node properties are a JSON object written with compact
 * separators ({@code ","} and {@code ":"}) and ASCII-only escapes, as Python's
 * {@code json.dumps(props, separators=(',', ':'))} writes it.
 *
 * <p>Reading follows {@code zc.zk} too: empty data is an empty map, data that is not a JSON object
 * becomes the single property {@code string_value}, and a single {@code string_value} property is
 * written as the bare string.
 */
public final class ZkNodeData {

	/** Property holding data that is not a JSON object. */
	public static final String STRING_VALUE = "string_value";

	private static final Logger logger = LoggerFactory.getLogger(ZkNodeData.class);

	private ZkNodeData() {
	}

	/**
	 * Encode properties as node data.
	 * @param properties the properties (values: strings, numbers, booleans, {@code null}, maps and
	 * collections of those)
	 * @return the UTF-8 bytes of the compact JSON text
	 */
	public static byte[] encode(Map<String, ?> properties) {
		if (properties.size() == 1 && properties.get(STRING_VALUE) instanceof String value) {
			return value.getBytes(StandardCharsets.UTF_8);
		}
		return toJson(properties).getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Write a value as compact JSON.
	 * @param value the value
	 * @return the JSON text
	 */
	public static String toJson(@Nullable Object value) {
		StringBuilder out = new StringBuilder();
		write(out, value);
		return out.toString();
	}

	/**
	 * Decode node data into properties.
	 * @param data the node data, may be {@code null} or empty
	 * @param path the node path, for the log message when the JSON is malformed
	 * @return the properties, in their order in the data
	 */
	public static Map<String, @Nullable Object> decode(byte @Nullable [] data, String path) {
		String text = (data != null) ? new String(data, StandardCharsets.UTF_8) : "";
		String stripped = text.strip();
		Map<String, @Nullable Object> result = new LinkedHashMap<>();
		if (stripped.isEmpty()) {
			return result;
		}
		if (stripped.startsWith("{") && stripped.endsWith("}")) {
			try {
				Object parsed = new JsonParser(stripped).parseDocument();
				if (parsed instanceof Map<?, ?> map) {
					map.forEach((key, value) -> result.put((String) key, value));
					return result;
				}
			}
			catch (IllegalArgumentException ex) {
				logger.warn("Bad JSON data in node {}: {}", path, ex.getMessage());
			}
		}
		result.put(STRING_VALUE, text);
		return result;
	}

	private static void write(StringBuilder out, @Nullable Object value) {
		if (value == null) {
			out.append("null");
		}
		else if (value instanceof CharSequence text) {
			writeString(out, text.toString());
		}
		else if (value instanceof Boolean bool) {
			out.append(bool.booleanValue());
		}
		else if (value instanceof Integer || value instanceof Long || value instanceof Short
				|| value instanceof Byte || value instanceof BigInteger) {
			out.append(value);
		}
		else if (value instanceof BigDecimal decimal) {
			out.append(decimal.toPlainString());
		}
		else if (value instanceof Number number) {
			double d = number.doubleValue();
			if (Double.isNaN(d) || Double.isInfinite(d)) {
				throw new IllegalArgumentException("Cannot write " + d + " as JSON");
			}
			out.append(d);
		}
		else if (value instanceof Map<?, ?> map) {
			out.append('{');
			boolean first = true;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				if (!first) {
					out.append(',');
				}
				first = false;
				writeString(out, String.valueOf(entry.getKey()));
				out.append(':');
				write(out, entry.getValue());
			}
			out.append('}');
		}
		else if (value instanceof Collection<?> collection) {
			out.append('[');
			boolean first = true;
			for (Object element : collection) {
				if (!first) {
					out.append(',');
				}
				first = false;
				write(out, element);
			}
			out.append(']');
		}
		else {
			throw new IllegalArgumentException("Cannot write a " + value.getClass().getName() + " as JSON");
		}
	}

	private static void writeString(StringBuilder out, String text) {
		out.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				case '\b' -> out.append("\\b");
				case '\f' -> out.append("\\f");
				default -> {
					if (c < 0x20 || c > 0x7e) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

}
