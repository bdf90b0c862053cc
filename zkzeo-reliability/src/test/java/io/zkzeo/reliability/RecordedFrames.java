package io.zkzeo.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The client-to-server message bodies recorded from Python ZEO ({@code vectors/zeo/*.jsonl} of zkzeo-core's
 * test resources), without their length prefix; the handshakes are left out.
 */
final class RecordedFrames {

	private RecordedFrames() {
	}

	/**
	 * Reads the client frames of a recording.
	 * @param resource the recording on the class path
	 * @param excludedMethod a method whose calls are left out
	 */
	static List<byte[]> clientBodies(String resource, String excludedMethod) {
		ObjectMapper json = new ObjectMapper();
		List<byte[]> bodies = new ArrayList<>();
		try (InputStream in = RecordedFrames.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("No resource " + resource + " on the class path");
			}
			BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
			String line;
			while ((line = reader.readLine()) != null) {
				JsonNode node = json.readTree(line);
				if (node.has("hex") && "c2s".equals(node.get("dir").asText()) && node.get("seq").asInt() > 0
						&& !isCall(node, excludedMethod)) {
					byte[] frame = HexFormat.of().parseHex(node.get("hex").asText());
					byte[] body = new byte[frame.length - 4];
					System.arraycopy(frame, 4, body, 0, body.length);
					bodies.add(body);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + resource, ex);
		}
		return bodies;
	}

	private static boolean isCall(JsonNode frame, String method) {
		JsonNode decoded = frame.get("decoded");
		return decoded != null && decoded.isArray() && decoded.size() == 4 && method.equals(decoded.get(2).asText());
	}

}
