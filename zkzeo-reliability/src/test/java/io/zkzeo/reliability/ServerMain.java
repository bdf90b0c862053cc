package io.zkzeo.reliability;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.curator.framework.CuratorFramework;
import org.jspecify.annotations.Nullable;

import io.zkzeo.server.ServerOptions;
import io.zkzeo.server.StorageServer;
import io.zkzeo.storage.file.FileStorage;
import io.zkzeo.storage.file.FileStorageOptions;
import io.zkzeo.zookeeper.ZkRegistration;
import io.zkzeo.zookeeper.ZooKeeperClientFactory;
import io.zkzeo.zookeeper.ZooKeeperOptions;

/**
 * A storage server in a process of its own, to be killed: serves a FileStorage (fsync on) on 127.0.0.1,
 * optionally registered in ZooKeeper, prints {@code LISTENING <port>} once it serves, and closes cleanly
 * when {@code stop} is read from its standard input.
 *
 * <p>Arguments: {@code FILE PORT [CONNECT_STRING ZK_PATH]} (port 0 for any).
 */
public final class ServerMain {

	static final String LISTENING = "LISTENING ";

	private ServerMain() {
	}

	/**
	 * Runs the server until {@code stop} or end of input.
	 * @param args the data file, the port, and optionally the ZooKeeper connect string and path
	 */
	public static void main(String[] args) throws Exception {
		Path file = Path.of(args[0]);
		int port = Integer.parseInt(args[1]);
		FileStorage storage = FileStorage.open(file, FileStorageOptions.defaults().withFsync(true));
		StorageServer server = new StorageServer(ServerOptions.of(storage).withAddress("127.0.0.1", port)).start();
		@Nullable CuratorFramework zooKeeper = null;
		@Nullable ZkRegistration registration = null;
		if (args.length >= 4) {
			ZooKeeperOptions options = ZooKeeperOptions.builder()
				.connectString(args[2])
				.sessionTimeout(Duration.ofSeconds(2))
				.connectionTimeout(Duration.ofSeconds(5))
				.build();
			zooKeeper = ZooKeeperClientFactory.createStarted(options);
			registration = ZkRegistration.builder(zooKeeper, args[3])
				.address(server.boundAddress())
				.createPath(true)
				.build();
			registration.start();
			registration.awaitRegistered(Duration.ofSeconds(20));
		}
		System.out.println(LISTENING + server.boundAddress().getPort());
		System.out.flush();
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		String line;
		while ((line = in.readLine()) != null && !line.trim().equals("stop")) {
			// wait for stop
		}
		if (registration != null) {
			registration.close();
		}
		server.close();
		storage.close();
		if (zooKeeper != null) {
			zooKeeper.close();
		}
		System.exit(0);
	}

}
