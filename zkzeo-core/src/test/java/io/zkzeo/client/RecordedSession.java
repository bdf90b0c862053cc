package io.zkzeo.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.zkzeo.protocol.ZeoEncoding;
import io.zkzeo.protocol.ZeoMessage;

/**
 * A session recorded between Python ZEO 5.4 clients and server ({@code vectors/zeo/zeo-*-session.jsonl}): the frames
 * of each connection, in the order they were sent.
 */
final class RecordedSession {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final ZeoEncoding encoding;

	private final List<Frame> frames;

	private RecordedSession(ZeoEncoding encoding, List<Frame> frames) {
		this.encoding = encoding;
		this.frames = frames;
	}

	/**
	 * Loads the recorded session of an encoding from the class path.
	 */
	static RecordedSession load(ZeoEncoding encoding) {
		String resource = (encoding == ZeoEncoding.MSGPACK) ? "/vectors/zeo/zeo-m5-session.jsonl"
				: "/vectors/zeo/zeo-z5-session.jsonl";
		List<Frame> frames = new ArrayList<>();
		try (InputStream in = Objects.requireNonNull(RecordedSession.class.getResourceAsStream(resource), resource)) {
			for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
				if (line.isBlank()) {
					continue;
				}
				JsonNode node = JSON.readTree(line);
				if (node.has("scenario")) {
					continue;
				}
				frames.add(new Frame(node.get("i").asInt(), node.get("conn").asInt(),
						"c2s".equals(node.get("dir").asText()), node.get("seq").asInt(),
						HexFormat.of().parseHex(node.get("hex").asText())));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new RecordedSession(encoding, frames);
	}

	ZeoEncoding encoding() {
		return this.encoding;
	}

	/**
	 * Returns the frames of one connection in the order they were sent.
	 */
	List<Frame> connection(int conn) {
		return this.frames.stream().filter((frame) -> frame.conn() == conn).toList();
	}

	/**
	 * Decodes a frame after the handshake.
	 */
	ZeoMessage decode(Frame frame) {
		return this.encoding.newCodec().decode(Unpooled.wrappedBuffer(frame.payload()));
	}

	/**
	 * One recorded frame.
	 *
	 * @param index its number in the session
	 * @param conn the connection
	 * @param clientToServer whether the client sent it
	 * @param seq its number among the frames of its connection and direction (0 is the handshake)
	 * @param bytes the frame, length prefix included
	 */
	record Frame(int index, int conn, boolean clientToServer, int seq, byte[] bytes) {

		byte[] payload() {
			return java.util.Arrays.copyOfRange(this.bytes, 4, this.bytes.length);
		}

		boolean isHandshake() {
			return this.seq == 0;
		}

	}

}
