package io.zkzeo.spring.health;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Asks a ZEO server {@code ruok} over a plain socket, as ZEO's monitoring does: read the server's greeting
 * frame, send the frame {@code ruok}, read the JSON status frame. Frames are a 4-byte big-endian length
 * followed by that many bytes.
 */
final class RuokProbe {

	private static final int MAX_FRAME = 16 * 1024 * 1024;

	private static final byte[] RUOK = "ruok".getBytes(StandardCharsets.US_ASCII);

	private final Duration timeout;

	RuokProbe(Duration timeout) {
		this.timeout = timeout;
	}

	/**
	 * Probes a server.
	 * @param address the server's bound address; a wildcard address is probed on the loopback interface
	 * @return the JSON status the server answered
	 * @throws IOException if the server does not answer as a ZEO server does
	 */
	String probe(InetSocketAddress address) throws IOException {
		InetSocketAddress target = address.getAddress() != null && address.getAddress().isAnyLocalAddress()
				? new InetSocketAddress(InetAddress.getLoopbackAddress(), address.getPort()) : address;
		int millis = (int) Math.min(Integer.MAX_VALUE, this.timeout.toMillis());
		try (Socket socket = new Socket()) {
			socket.connect(target, millis);
			socket.setSoTimeout(millis);
			DataInputStream in = new DataInputStream(socket.getInputStream());
			DataOutputStream out = new DataOutputStream(socket.getOutputStream());
			readFrame(in);
			out.writeInt(RUOK.length);
			out.write(RUOK);
			out.flush();
			String status = new String(readFrame(in), StandardCharsets.UTF_8);
			if (!status.startsWith("{")) {
				throw new IOException("ZEO server at " + target + " answered ruok with " + status);
			}
			return status;
		}
	}

	private static byte[] readFrame(DataInputStream in) throws IOException {
		int length = in.readInt();
		if (length < 0 || length > MAX_FRAME) {
			throw new IOException("Not a ZEO frame (length " + length + ")");
		}
		byte[] frame = new byte[length];
		in.readFully(frame);
		return frame;
	}

}
