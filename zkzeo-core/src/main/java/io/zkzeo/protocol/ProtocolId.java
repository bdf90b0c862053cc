package io.zkzeo.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A ZEO protocol id as exchanged in the handshake: an encoding letter followed by the protocol version,
 * for example {@code M5} (msgpack, ZEO 5) or {@code Z5} (pickle, ZEO 5).
 *
 * @param encoding the message encoding the id names
 * @param version the protocol version, {@code "5"} for ZEO 5
 */
public record ProtocolId(ZeoEncoding encoding, String version) {

	/** The only protocol version ZEO 5 servers and clients speak. */
	public static final String VERSION_5 = "5";

	/** ZEO 5 with msgpack messages. */
	public static final ProtocolId M5 = new ProtocolId(ZeoEncoding.MSGPACK, VERSION_5);

	/** ZEO 5 with pickled messages. */
	public static final ProtocolId Z5 = new ProtocolId(ZeoEncoding.PICKLE, VERSION_5);

	/**
	 * Creates a protocol id.
	 * @param encoding the message encoding
	 * @param version the protocol version (ASCII)
	 */
	public ProtocolId {
		Objects.requireNonNull(encoding, "'encoding' must not be null");
		Objects.requireNonNull(version, "'version' must not be null");
	}

	/**
	 * Returns the ZEO 5 protocol id for an encoding.
	 * @param encoding the message encoding
	 * @return {@link #M5} or {@link #Z5}
	 */
	public static ProtocolId zeo5(ZeoEncoding encoding) {
		return (encoding == ZeoEncoding.MSGPACK) ? M5 : Z5;
	}

	/**
	 * Reads a protocol id from a handshake payload.
	 * @param payload the frame payload, for example {@code b"M5"}
	 * @return the id, or {@code null} if the payload is empty or its first letter names no encoding
	 */
	public static @Nullable ProtocolId parse(byte[] payload) {
		if (payload.length == 0) {
			return null;
		}
		ZeoEncoding encoding = ZeoEncoding.forLetter(payload[0]);
		if (encoding == null) {
			return null;
		}
		return new ProtocolId(encoding, new String(payload, 1, payload.length - 1, StandardCharsets.ISO_8859_1));
	}

	/**
	 * Returns the handshake payload for this id.
	 * @return the letter followed by the version, in ASCII
	 */
	public byte[] toBytes() {
		return toString().getBytes(StandardCharsets.ISO_8859_1);
	}

	@Override
	public String toString() {
		return (char) this.encoding.letter() + this.version;
	}

}
