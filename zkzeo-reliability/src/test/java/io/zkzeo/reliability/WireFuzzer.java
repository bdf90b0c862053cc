package io.zkzeo.reliability;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * Sends bad frames to a live server over plain sockets: mutated recorded frames, random bodies, unknown
 * methods, known methods with arguments of the wrong type, oversized lengths, truncated messages and
 * missing or wrong handshakes. Whatever the server answers is read and thrown away; when it closes a
 * connection a new one is made.
 *
 * <p>{@code pack} is left out: it is a legitimate call any ZEO client may make, and it removes objects not
 * reachable from the root, such as the one the well-behaved client beside the fuzzers writes.
 */
final class WireFuzzer {

	private static final byte[] HANDSHAKE_M5 = { 0, 0, 0, 2, 'M', '5' };

	private static final String[] METHODS = { "register", "get_info", "lastTransaction", "getInvalidations",
			"new_oids", "new_oid", "loadBefore", "loadSerial", "getTid", "history", "record_iternext",
			"tpc_begin", "storea", "checkCurrentSerialInTransaction", "restorea", "deleteObject", "undoa", "vote",
			"tpc_finish", "tpc_abort", "undoLog", "undoInfo", "iterator_start", "iterator_next",
			"iterator_record_start", "iterator_record_next", "iterator_gc", "server_status", "set_client_label",
			"ping", "storeBlobStart", "sendBlob" };

	private final InetSocketAddress server;

	private final List<byte[]> recorded;

	private final Random random;

	final AtomicLong frames = new AtomicLong();

	final AtomicLong connections = new AtomicLong();

	final AtomicLong closedByServer = new AtomicLong();

	WireFuzzer(InetSocketAddress server, List<byte[]> recorded, long seed) {
		this.server = server;
		this.recorded = recorded;
		this.random = new Random(seed);
	}

	/** Sends until the given number of frames has been written by all fuzzers sharing {@code total}. */
	void run(AtomicLong total, long target) {
		while (total.get() < target) {
			int batch = 50 + this.random.nextInt(500);
			long sent = connection(batch);
			total.addAndGet(sent);
			this.frames.addAndGet(sent);
		}
	}

	private long connection(int batch) {
		this.connections.incrementAndGet();
		long sent = 0;
		try (Socket socket = new Socket()) {
			socket.connect(this.server, 5_000);
			socket.setSoTimeout(5_000);
			Thread drain = drain(socket.getInputStream());
			OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
			int opening = this.random.nextInt(20);
			if (opening == 0) {
				out.write(frame("Z4".getBytes()));
			}
			else if (opening == 1) {
				out.write(frame(Mutations.randomBytes(this.random, 8)));
			}
			else if (opening > 2) {
				out.write(HANDSHAKE_M5);
				if (this.random.nextBoolean()) {
					out.write(frame(this.recorded.get(0)));
				}
			}
			for (int i = 0; i < batch; i++) {
				int kind = this.random.nextInt(100);
				if (kind < 35) {
					out.write(frame(Mutations.mutate(pick(), this.random)));
				}
				else if (kind < 50) {
					out.write(frame(pick()));
				}
				else if (kind < 60) {
					out.write(frame(Mutations.randomBytes(this.random, 64)));
				}
				else if (kind < 75) {
					out.write(frame(call("no_such_" + this.random.nextInt(1000), randomArgs())));
				}
				else if (kind < 98) {
					out.write(frame(call(METHODS[this.random.nextInt(METHODS.length)], randomArgs())));
				}
				else if (kind == 98) {
					// a length far larger than the server accepts, then a little of it
					out.write(ByteBuffer.allocate(4).putInt(this.random.nextBoolean() ? Integer.MAX_VALUE : -1).array());
					out.write(Mutations.randomBytes(this.random, 32));
					sent++;
					break;
				}
				else {
					// a truncated message: its length, then half of it, then the connection ends
					byte[] body = pick();
					out.write(ByteBuffer.allocate(4).putInt(body.length).array());
					out.write(body, 0, body.length / 2);
					sent++;
					break;
				}
				sent++;
			}
			out.flush();
			socket.shutdownOutput();
			drain.join(10_000);
		}
		catch (IOException ex) {
			this.closedByServer.incrementAndGet();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		return sent;
	}

	private byte[] pick() {
		return this.recorded.get(this.random.nextInt(this.recorded.size()));
	}

	private byte[] call(String method, Object[] args) {
		try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
			packer.packArrayHeader(4);
			packer.packLong(this.random.nextInt(1_000_000));
			packer.packBoolean(this.random.nextInt(4) == 0);
			packer.packString(method);
			packer.packArrayHeader(args.length);
			for (Object arg : args) {
				pack(packer, arg);
			}
			return packer.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Object[] randomArgs() {
		Object[] args = new Object[this.random.nextInt(6)];
		for (int i = 0; i < args.length; i++) {
			args[i] = randomValue(2);
		}
		return args;
	}

	private Object randomValue(int depth) {
		return switch (this.random.nextInt(depth > 0 ? 9 : 7)) {
			case 0 -> this.random.nextLong();
			case 1 -> this.random.nextInt(10);
			case 2 -> "s" + this.random.nextInt(100);
			case 3 -> Mutations.randomBytes(this.random, 8 + (this.random.nextBoolean() ? 0 : 100));
			case 4 -> this.random.nextBoolean();
			case 5 -> new byte[8];
			case 6 -> this.random.nextDouble();
			case 7 -> new Object[] { randomValue(depth - 1), randomValue(depth - 1) };
			default -> java.util.Map.of("k" + this.random.nextInt(3), randomValue(depth - 1));
		};
	}

	private static void pack(MessageBufferPacker packer, Object value) throws IOException {
		if (value instanceof Long number) {
			packer.packLong(number);
		}
		else if (value instanceof Integer number) {
			packer.packInt(number);
		}
		else if (value instanceof String text) {
			packer.packString(text);
		}
		else if (value instanceof byte[] bytes) {
			packer.packBinaryHeader(bytes.length);
			packer.writePayload(bytes);
		}
		else if (value instanceof Boolean flag) {
			packer.packBoolean(flag);
		}
		else if (value instanceof Double number) {
			packer.packDouble(number);
		}
		else if (value instanceof Object[] items) {
			packer.packArrayHeader(items.length);
			for (Object item : items) {
				pack(packer, item);
			}
		}
		else if (value instanceof java.util.Map<?, ?> map) {
			packer.packMapHeader(map.size());
			for (java.util.Map.Entry<?, ?> entry : map.entrySet()) {
				pack(packer, entry.getKey());
				pack(packer, entry.getValue());
			}
		}
		else {
			packer.packNil();
		}
	}

	static byte[] frame(byte[] body) {
		return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
	}

	private static Thread drain(InputStream in) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16 * 1024];
			try {
				while (in.read(buffer) >= 0) {
					// thrown away
				}
			}
			catch (IOException ex) {
				// the connection ended
			}
		}, "fuzz-drain");
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

}
