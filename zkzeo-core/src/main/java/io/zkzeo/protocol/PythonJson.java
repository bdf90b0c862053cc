package io.zkzeo.protocol;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Writes JSON the way Python's {@code json.dumps} does with its defaults: {@code ", "} and {@code ": "} separators,
 * keys in the map's order, non-ASCII escaped as {@code \\uXXXX}, floats as Python's {@code repr}. Used for the
 * {@code ruok} answer.
 */
final class PythonJson {

	private PythonJson() {
	}

	static String dumps(@Nullable Object value) {
		StringBuilder json = new StringBuilder(256);
		write(json, value, 0);
		return json.toString();
	}

	private static void write(StringBuilder json, @Nullable Object value, int depth) {
		if (depth > 64) {
			throw new ZeoProtocolException("JSON value nested too deeply");
		}
		if (value == null) {
			json.append("null");
		}
		else if (value instanceof String string) {
			writeString(json, string);
		}
		else if (value instanceof Boolean bool) {
			json.append(bool ? "true" : "false");
		}
		else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
				|| value instanceof BigInteger) {
			json.append(value);
		}
		else if (value instanceof Double || value instanceof Float) {
			json.append(floatRepr(((Number) value).doubleValue()));
		}
		else if (value instanceof Map<?, ?> map) {
			json.append('{');
			boolean first = true;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				if (!first) {
					json.append(", ");
				}
				first = false;
				Object key = entry.getKey();
				writeString(json, (key instanceof String string) ? string : dumps(key));
				json.append(": ");
				write(json, entry.getValue(), depth + 1);
			}
			json.append('}');
		}
		else if (value instanceof List<?> list) {
			json.append('[');
			for (int i = 0; i < list.size(); i++) {
				if (i > 0) {
					json.append(", ");
				}
				write(json, list.get(i), depth + 1);
			}
			json.append(']');
		}
		else {
			throw new ZeoProtocolException("Cannot write a " + value.getClass().getName() + " as JSON");
		}
	}

	private static void writeString(StringBuilder json, String string) {
		json.append('"');
		for (int i = 0; i < string.length(); i++) {
			char c = string.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				case '\b' -> json.append("\\b");
				case '\f' -> json.append("\\f");
				default -> {
					if (c < 0x20 || c > 0x7e) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		json.append('"');
	}

	/**
	 * Formats a double as Python's {@code repr(float)}: the shortest digits that read back the same value, in
	 * positional notation for exponents from -4 to 15 and in scientific notation ({@code 1e+16}) otherwise.
	 */
	static String floatRepr(double value) {
		if (Double.isNaN(value)) {
			return "NaN";
		}
		if (Double.isInfinite(value)) {
			return (value > 0) ? "Infinity" : "-Infinity";
		}
		if (value == 0) {
			return (1 / value < 0) ? "-0.0" : "0.0";
		}
		BigDecimal decimal = new BigDecimal(Double.toString(value)).stripTrailingZeros();
		String digits = decimal.unscaledValue().abs().toString();
		int exponent = digits.length() - decimal.scale() - 1;
		StringBuilder text = new StringBuilder();
		if (value < 0) {
			text.append('-');
		}
		if (exponent >= -4 && exponent < 16) {
			if (exponent < 0) {
				text.append("0.").append("0".repeat(-exponent - 1)).append(digits);
			}
			else if (digits.length() <= exponent + 1) {
				text.append(digits).append("0".repeat(exponent + 1 - digits.length())).append(".0");
			}
			else {
				text.append(digits, 0, exponent + 1).append('.').append(digits.substring(exponent + 1));
			}
		}
		else {
			text.append(digits.charAt(0));
			if (digits.length() > 1) {
				text.append('.').append(digits.substring(1));
			}
			text.append('e').append((exponent < 0) ? '-' : '+');
			String power = Integer.toString(Math.abs(exponent));
			text.append((power.length() < 2) ? "0" + power : power);
		}
		return text.toString();
	}

}
