package io.zkzeo.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jspecify.annotations.Nullable;

/**
 * Loads the recorded ZEO 5 sessions of Python ZEO 5.4 (test resources {@code vectors/zeo/...}).
 */
final class ZeoVectors {

	static final String M5_SESSION = "/vectors/zeo/zeo-m5-session.jsonl";

	static final String Z5_SESSION = "/vectors/zeo/zeo-z5-session.jsonl";

	static final String M5_SUMMARY = "/vectors/zeo/zeo-m5-session.summary.json";

	static final String Z5_SUMMARY = "/vectors/zeo/zeo-z5-session.summary.json";

	private static final ObjectMapper mapper = new ObjectMapper();

	private static final HexFormat hex = HexFormat.of();

	private ZeoVectors() {
	}

	/**
	 * One recorded frame.
	 */
	record Frame(int index, int conn, String dir, int seq, byte[] wire, JsonNode decoded) {

		byte[] payload() {
			return Arrays.copyOfRange(this.wire, 4, this.wire.length);
		}

		boolean isClientToServer() {
			return "c2s".equals(this.dir);
		}

		/** Whether this is an RPC message (not a handshake or ruok frame). */
		boolean isMessage() {
			return this.decoded.isArray() || this.decoded.has("pickle");
		}

		@Override
		public String toString() {
			return "frame " + this.index + " conn" + this.conn + " " + this.dir;
		}

	}

	static List<Frame> frames(String resource) {
		List<Frame> frames = new ArrayList<>();
		for (JsonNode line : readLines(resource)) {
			if (line.has("scenario")) {
				continue;
			}
			frames.add(new Frame(line.get("i").asInt(), line.get("conn").asInt(), line.get("dir").asText(),
					line.get("seq").asInt(), hex.parseHex(line.get("hex").asText()), line.get("decoded")));
		}
		return frames;
	}

	static Frame frame(String resource, int index) {
		return frames(resource).stream()
			.filter((frame) -> frame.index() == index)
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No frame " + index + " in " + resource));
	}

	static List<Frame> messages(String resource) {
		return frames(resource).stream().filter(Frame::isMessage).toList();
	}

	/** The method (or {@code .reply}) of each frame, as the summary lists it ({@code "2 conn1 c2s register id=1"}). */
	static Map<Integer, String> summaryNames(String resource) {
		Map<Integer, String> names = new LinkedHashMap<>();
		JsonNode summary = readTree(resource);
		for (JsonNode scenario : summary.get("scenarios")) {
			for (JsonNode line : scenario.get("frames")) {
				String[] words = line.asText().split(" ");
				names.put(Integer.parseInt(words[0]), words[3]);
			}
		}
		return names;
	}

	/** Converts the JSON form of a decoded msgpack value into the Java values the codec produces. */
	static @Nullable Object toValue(JsonNode node) {
		if (node.isNull()) {
			return null;
		}
		if (node.isBoolean()) {
			return node.booleanValue();
		}
		if (node.isIntegralNumber()) {
			BigInteger value = node.bigIntegerValue();
			return (value.bitLength() < 64) ? (Object) value.longValue() : value;
		}
		if (node.isNumber()) {
			return node.doubleValue();
		}
		if (node.isTextual()) {
			return node.textValue();
		}
		if (node.isArray()) {
			List<@Nullable Object> items = new ArrayList<>();
			node.forEach((item) -> items.add(toValue(item)));
			return items;
		}
		if (node.has("b")) {
			return hex.parseHex(node.get("b").asText());
		}
		if (node.has("map")) {
			Map<Object, @Nullable Object> map = new LinkedHashMap<>();
			for (JsonNode pair : node.get("map")) {
				map.put(toValue(pair.get(0)), toValue(pair.get(1)));
			}
			return map;
		}
		throw new IllegalArgumentException("Unexpected vector value " + node);
	}

	/** Converts plain JSON (the ruok answer) into ordered Java maps and lists. */
	static @Nullable Object fromJson(JsonNode node) {
		if (node.isObject()) {
			Map<String, @Nullable Object> map = new LinkedHashMap<>();
			Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
			while (fields.hasNext()) {
				Map.Entry<String, JsonNode> field = fields.next();
				map.put(field.getKey(), fromJson(field.getValue()));
			}
			return map;
		}
		return toValue(node);
	}

	private static List<JsonNode> readLines(String resource) {
		try (InputStream in = open(resource)) {
			String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
			List<JsonNode> lines = new ArrayList<>();
			for (String line : text.split("\n")) {
				if (!line.isBlank()) {
					lines.add(mapper.readTree(line));
				}
			}
			return lines;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static JsonNode readTree(String resource) {
		try (InputStream in = open(resource)) {
			return mapper.readTree(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static InputStream open(String resource) {
		InputStream in = ZeoVectors.class.getResourceAsStream(resource);
		if (in == null) {
			throw new IllegalStateException("Missing test resource " + resource);
		}
		return in;
	}

	static byte[] hex(String digits) {
		return hex.parseHex(digits.replace(" ", ""));
	}

	static String hex(byte[] bytes) {
		return hex.formatHex(bytes);
	}

}
