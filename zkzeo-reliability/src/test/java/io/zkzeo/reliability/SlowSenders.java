package io.zkzeo.reliability;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Connections that send a handshake and the start of a frame, then stall, now and then adding one more
 * byte, as a slow or malicious client would.
 */
final class SlowSenders implements AutoCloseable {

	private final List<Socket> sockets = new ArrayList<>();

	int dropped;

	SlowSenders open(InetSocketAddress server, int count) throws IOException {
		for (int i = 0; i < count; i++) {
			Socket socket = new Socket();
			socket.connect(server, 5_000);
			socket.getOutputStream().write(new byte[] { 0, 0, 0, 2, 'M', '5' });
			// a frame of 1000 bytes, of which only the length and a few bytes come
			socket.getOutputStream().write(ByteBuffer.allocate(4).putInt(1000).array());
			socket.getOutputStream().write(new byte[] { (byte) 0x94, 1 });
			socket.getOutputStream().flush();
			this.sockets.add(socket);
		}
		return this;
	}

	/** Sends one more byte on every connection still open. */
	void trickle() {
		for (Socket socket : this.sockets) {
			if (!socket.isClosed()) {
				try {
					socket.getOutputStream().write(0);
				}
				catch (IOException ex) {
					this.dropped++;
					closeQuietly(socket);
				}
			}
		}
	}

	int size() {
		return this.sockets.size();
	}

	@Override
	public void close() {
		this.sockets.forEach(SlowSenders::closeQuietly);
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

}
