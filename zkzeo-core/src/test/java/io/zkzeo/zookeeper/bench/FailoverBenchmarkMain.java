package io.zkzeo.zookeeper.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.zkzeo.client.ClientOptions;
import io.zkzeo.server.ServerOptions;
import io.zkzeo.storage.ConflictError;
import io.zkzeo.storage.DataRevision;
import io.zkzeo.storage.Oid;
import io.zkzeo.storage.POSException;
import io.zkzeo.storage.StorageError;
import io.zkzeo.storage.Tid;
import io.zkzeo.storage.conformance.TestCommits;
import io.zkzeo.storage.memory.MemoryStorage;
import io.zkzeo.storage.memory.MemoryStorageOptions;
import io.zkzeo.zookeeper.ZkClientStorage;
import io.zkzeo.zookeeper.ZkZeoServer;
import io.zkzeo.zookeeper.ZooKeeperClientFactory;
import io.zkzeo.zookeeper.ZooKeeperOptions;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.slf4j.LoggerFactory;

/**
 * Measures client failover between two servers registered in ZooKeeper: a {@link ZkClientStorage}
 * runs a load+commit loop while the server it uses is stopped (cleanly: node removed, then server
 * closed) or killed (its ZooKeeper connection cut without closing the session, so the node stays until
 * the session expires, and the server closed without unregistering). The time from the stop or kill to
 * the first load+commit completed on the other server is recorded, and a new server takes the place of
 * the stopped one before the next round.
 *
 * <p>Both servers serve the same in-process MemoryStorage (each server has its own connections,
 * invalidation queue and status), because a client never moves to a server whose storage is behind its
 * cache, and with one writer a second, separate storage is always behind.
 *
 * <p>Arguments: {@code [rounds] [killSessionTimeoutMillis]} (defaults 20 and 1000). Not run by the tests.
 */
public final class FailoverBenchmarkMain {

	private static final String PATH = "/databases/bench";

	private FailoverBenchmarkMain() {
	}

	/**
	 * Run both modes and print p50/p99/max of the failover times.
	 * @param args optional number of rounds per mode and session timeout of the server registrations
	 * @throws Exception if the setup fails
	 */
	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 20;
		Duration sessionTimeout = Duration.ofMillis((args.length > 1) ? Long.parseLong(args[1]) : 1_000);
		((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
			.setLevel(Level.ERROR);
		PrintStream out = System.out;
		InstanceSpec spec = new InstanceSpec(null, -1, -1, -1, true, -1, 100, -1);
		try (TestingServer zooKeeper = new TestingServer(spec, true)) {
			ZooKeeperOptions options = ZooKeeperOptions.builder()
				.connectString(zooKeeper.getConnectString())
				.path(PATH)
				.createPath(true)
				.sessionTimeout(sessionTimeout)
				.connectionTimeout(Duration.ofSeconds(5))
				.build();
			MemoryStorage storage = new MemoryStorage(MemoryStorageOptions.defaults());
			out.printf("failover benchmark: %d rounds per mode, server session timeout %d ms%n", rounds,
					sessionTimeout.toMillis());
			for (String mode : List.of("stop", "kill")) {
				List<Long> micros = run(mode, rounds, options, storage);
				Collections.sort(micros);
				out.printf("%s: n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms%n", mode, micros.size(),
						percentile(micros, 50) / 1000.0, percentile(micros, 99) / 1000.0,
						micros.get(micros.size() - 1) / 1000.0);
			}
			storage.close();
		}
	}

	private static List<Long> run(String mode, int rounds, ZooKeeperOptions options, MemoryStorage storage)
			throws Exception {
		List<RegisteredServer> servers = new ArrayList<>();
		servers.add(RegisteredServer.start(storage, options));
		servers.add(RegisteredServer.start(storage, options));
		ClientOptions clientOptions = ClientOptions.defaults().withWaitTimeout(Duration.ofSeconds(30));
		List<Long> micros = new ArrayList<>();
		try (ZkClientStorage client = new ZkClientStorage(clientOptions,
				options.withSessionTimeout(Duration.ofSeconds(10)))) {
			awaitAddresses(client, 2);
			Loop loop = new Loop(client);
			Thread worker = new Thread(loop, "failover-loop");
			worker.start();
			try {
				for (int round = 0; round < rounds; round++) {
					loop.awaitSuccessAfter(System.nanoTime());
					int inUse = client.getServerAddress().getPort();
					RegisteredServer victim = servers.stream().filter((server) -> server.port() == inUse).findFirst()
						.orElseThrow();
					RegisteredServer other = servers.stream().filter((server) -> server != victim).findFirst()
						.orElseThrow();
					long start = System.nanoTime();
					if (mode.equals("stop")) {
						victim.stop();
					}
					else {
						victim.kill();
					}
					long done = loop.awaitSuccessOn(other.port(), start);
					micros.add(TimeUnit.NANOSECONDS.toMicros(done - start));
					victim.close();
					servers.remove(victim);
					servers.add(RegisteredServer.start(storage, options));
					awaitAddresses(client, 2);
				}
			}
			finally {
				loop.running = false;
				worker.join();
			}
			if (loop.failures.get() > 0) {
				System.out.printf("%s: %d load+commit failures seen by the loop (retried), last: %s%n", mode,
						loop.failures.get(), loop.lastFailure);
			}
		}
		finally {
			servers.forEach(RegisteredServer::close);
		}
		return micros;
	}

	private static void awaitAddresses(ZkClientStorage client, int count) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (client.watcher().currentAddresses().size() != count) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The client does not see " + count + " servers");
			}
			Thread.sleep(1);
		}
	}

	private static long percentile(List<Long> sorted, int percent) {
		int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
	}

	/**
	 * The client's load+commit loop: records the completion time and server port of the last success.
	 */
	private static final class Loop implements Runnable {

		private final ZkClientStorage client;

		private final AtomicLong failures = new AtomicLong();

		private volatile boolean running = true;

		private volatile String lastFailure = "";

		private volatile long lastTime;

		private volatile int lastPort;

		Loop(ZkClientStorage client) {
			this.client = client;
		}

		@Override
		public void run() {
			Oid oid = this.client.newOid();
			TestCommits.commit(this.client, "create", TestCommits.store(oid, Tid.ZERO, new byte[] { 0 }));
			int counter = 0;
			Tid committed = null;
			while (this.running) {
				try {
					DataRevision current = this.client.load(oid);
					Tid serial = (committed != null && committed.compareTo(current.serial()) > 0) ? committed
							: current.serial();
					committed = TestCommits.commit(this.client, "update",
							TestCommits.store(oid, serial, new byte[] { (byte) counter++ }));
					InetSocketAddress address = this.client.getServerAddress();
					this.lastPort = (address != null) ? address.getPort() : -1;
					this.lastTime = System.nanoTime();
				}
				catch (ConflictError ex) {
					// a commit whose tpc_finish reply was lost did commit; continue from it
					committed = ex.getCommittedSerial();
					countFailure(ex);
				}
				catch (StorageError ex) {
					countFailure(ex);
				}
			}
		}

		private void countFailure(POSException ex) {
			this.failures.incrementAndGet();
			this.lastFailure = ex.toString();
		}

		void awaitSuccessAfter(long start) throws InterruptedException {
			while (this.lastTime - start <= 0) {
				Thread.sleep(1);
			}
		}

		long awaitSuccessOn(int port, long start) throws InterruptedException {
			long deadline = start + TimeUnit.SECONDS.toNanos(60);
			while (true) {
				long time = this.lastTime;
				if (time - start > 0 && this.lastPort == port) {
					return time;
				}
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("No success on port " + port + " within 60 s");
				}
				Thread.onSpinWait();
			}
		}

	}

	/**
	 * A server registered over its own Curator client, which reaches ZooKeeper through a proxy so that
	 * a kill can cut the connection without closing the session.
	 */
	private static final class RegisteredServer implements AutoCloseable {

		private final ZkZeoServer server;

		private final CuratorFramework curator;

		private final TcpProxy proxy;

		private RegisteredServer(ZkZeoServer server, CuratorFramework curator, TcpProxy proxy) {
			this.server = server;
			this.curator = curator;
			this.proxy = proxy;
		}

		static RegisteredServer start(MemoryStorage storage, ZooKeeperOptions options) throws Exception {
			String[] hostPort = options.connectString().split(":");
			TcpProxy proxy = new TcpProxy(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])));
			ZooKeeperOptions viaProxy = options.withConnectString("127.0.0.1:" + proxy.port());
			CuratorFramework curator = ZooKeeperClientFactory.createStarted(viaProxy);
			ZkZeoServer server = ZkZeoServer
				.of(ServerOptions.builder().storage("1", storage).build(), viaProxy, curator)
				.start();
			if (!server.awaitRegistered(Duration.ofSeconds(30))) {
				throw new IllegalStateException("Not registered");
			}
			return new RegisteredServer(server, curator, proxy);
		}

		int port() {
			return this.server.boundAddress().getPort();
		}

		void stop() {
			this.server.close();
		}

		void kill() {
			this.proxy.close();
			this.server.server().close();
		}

		@Override
		public void close() {
			this.server.close();
			this.curator.close();
			this.proxy.close();
		}

	}

	/**
	 * Forwards TCP connections to ZooKeeper; closing it cuts every connection at once and refuses new
	 * ones, as a crashed host would.
	 */
	private static final class TcpProxy implements AutoCloseable {

		private final ServerSocket listener;

		private final InetSocketAddress target;

		private final List<Socket> sockets = new CopyOnWriteArrayList<>();

		TcpProxy(InetSocketAddress target) throws IOException {
			this.target = target;
			this.listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
			Thread acceptor = new Thread(this::accept, "proxy-accept");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		int port() {
			return this.listener.getLocalPort();
		}

		private void accept() {
			while (!this.listener.isClosed()) {
				try {
					Socket inbound = this.listener.accept();
					Socket outbound = new Socket(this.target.getAddress(), this.target.getPort());
					this.sockets.add(inbound);
					this.sockets.add(outbound);
					pump(inbound, outbound);
					pump(outbound, inbound);
				}
				catch (IOException ex) {
					// closed
				}
			}
		}

		private void pump(Socket from, Socket to) {
			Thread thread = new Thread(() -> {
				byte[] buffer = new byte[8192];
				try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
					int read;
					while ((read = in.read(buffer)) >= 0) {
						out.write(buffer, 0, read);
					}
				}
				catch (IOException ex) {
					// connection cut
				}
				closeQuietly(from);
				closeQuietly(to);
			}, "proxy-pump");
			thread.setDaemon(true);
			thread.start();
		}

		@Override
		public void close() {
			closeQuietly(this.listener);
			this.sockets.forEach(TcpProxy::closeQuietly);
		}

		private static void closeQuietly(java.io.Closeable closeable) {
			try {
				closeable.close();
			}
			catch (IOException ex) {
				// already closed
			}
		}

	}

}
