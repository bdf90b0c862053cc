package io.zkzeo.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.zkzeo.protocol.MessageCodec;
import io.zkzeo.protocol.ZeoMessage;

/**
 * A ZEO session recorded between Python ZEO 5.4 clients and server (test resources {@code vectors/zeo/...}).
 */
final class RecordedSession {

	static final String M5 = "/vectors/zeo/zeo-m5-session.jsonl";

	static final String Z5 = "/vectors/zeo/zeo-z5-session.jsonl";

	private static final ObjectMapper mapper = new ObjectMapper();

	private RecordedSession() {
	}

	/**
	 * One recorded frame.
	 * @param index its number in the session
	 * @param conn the connection (1..3 clients, 4 the ruok probe)
	 * @param clientToServer its direction
	 * @param payload the frame without its length prefix
	 * @param decoded the recording's JSON view of it
	 */
	record Frame(int index, int conn, boolean clientToServer, byte[] payload, JsonNode decoded) {

		boolean isHandshake() {
			return this.decoded.has("protocol") || this.decoded.has("json");
		}

		ZeoMessage message(MessageCodec codec) {
			return codec.decode(Unpooled.wrappedBuffer(this.payload));
		}

		@Override
		public String toString() {
			return "frame " + this.index + " conn" + this.conn + (this.clientToServer ? " c2s" : " s2c");
		}

	}

	static List<Frame> frames(String resource) {
		List<Frame> frames = new ArrayList<>();
		try (InputStream in = RecordedSession.class.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("No test resource " + resource);
			}
			BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
			String line;
			while ((line = reader.readLine()) != null) {
				if (line.isBlank()) {
					continue;
				}
				JsonNode node = mapper.readTree(line);
				if (node.has("scenario")) {
					continue;
				}
				byte[] wire = HexFormat.of().parseHex(node.get("hex").asText());
				frames.add(new Frame(node.get("i").asInt(), node.get("conn").asInt(),
						"c2s".equals(node.get("dir").asText()), Arrays.copyOfRange(wire, 4, wire.length),
						node.get("decoded")));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return frames;
	}

}
