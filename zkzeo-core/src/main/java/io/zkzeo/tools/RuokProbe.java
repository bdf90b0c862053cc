package io.zkzeo.tools;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Asks a ZEO 5 server how it is: reads the server's protocol greeting, sends the {@code ruok} frame in
 * its place and returns the one frame of JSON status the server answers with. Works with Python's ZEO
 * servers and zkzeo's.
 */
final class RuokProbe {

	private static final int MAX_ANSWER = 16 * 1024 * 1024;

	private RuokProbe() {
	}

	/**
	 * Probe a server.
	 * @param address the server address
	 * @param timeout the bound of the connection and of each read
	 * @return the JSON status text
	 * @throws IOException if the server cannot be reached or does not answer
	 */
	static String probe(InetSocketAddress address, Duration timeout) throws IOException {
		int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
		try (Socket socket = new Socket()) {
			socket.connect(address, millis);
			socket.setSoTimeout(millis);
			DataInputStream in = new DataInputStream(socket.getInputStream());
			DataOutputStream out = new DataOutputStream(socket.getOutputStream());
			readFrame(in);
			byte[] ruok = "ruok".getBytes(StandardCharsets.US_ASCII);
			out.writeInt(ruok.length);
			out.write(ruok);
			out.flush();
			return new String(readFrame(in), StandardCharsets.UTF_8);
		}
	}

	private static byte[] readFrame(DataInputStream in) throws IOException {
		int length = in.readInt();
		if (length < 0 || length > MAX_ANSWER) {
			throw new IOException("Not a ZEO server: frame length " + length);
		}
		byte[] frame = new byte[length];
		in.readFully(frame);
		return frame;
	}

}
