package io.zkzeo.spring.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

import io.zkzeo.client.ClientStorage;
import io.zkzeo.server.StorageServer;
import io.zkzeo.spring.actuate.ZkzeoComponents;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.imps.CuratorFrameworkState;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.util.Assert;

/**
 * Health of zkzeo: UP when the storage server (if any) answers {@code ruok} on its port, the ZooKeeper client
 * (if any) is connected, and the client storage (if any) is connected to a server; DOWN otherwise, with the
 * failing part in the details.
 */
public class ZkzeoHealthIndicator extends AbstractHealthIndicator {

	private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

	private final ZkzeoComponents components;

	private final RuokProbe probe = new RuokProbe(PROBE_TIMEOUT);

	/**
	 * Creates the indicator.
	 * @param components the parts to check
	 */
	public ZkzeoHealthIndicator(ZkzeoComponents components) {
		super("zkzeo health check failed");
		Assert.notNull(components, "'components' must not be null");
		this.components = components;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean up = true;
		StorageServer server = this.components.server();
		if (server != null) {
			up &= checkServer(builder, server);
		}
		CuratorFramework curator = this.components.curator();
		if (curator != null) {
			boolean connected = curator.getState() == CuratorFrameworkState.STARTED
					&& curator.getZookeeperClient().isConnected();
			builder.withDetail("zookeeper", connected ? "connected" : "not connected")
				.withDetail("zookeeperConnectString", curator.getZookeeperClient().getCurrentConnectionString());
			up &= connected;
		}
		ClientStorage client = this.components.client();
		if (client != null) {
			boolean connected = client.isConnected();
			InetSocketAddress used = client.getServerAddress();
			builder.withDetail("client",
					(connected && used != null) ? "connected to " + address(used) : "not connected");
			up &= connected;
		}
		if (up) {
			builder.up();
		}
		else {
			builder.down();
		}
	}

	private static String address(InetSocketAddress address) {
		return address.getHostString() + ":" + address.getPort();
	}

	private boolean checkServer(Health.Builder builder, StorageServer server) {
		if (!server.isRunning()) {
			builder.withDetail("server", "not running");
			return false;
		}
		try {
			this.probe.probe(server.boundAddress());
			builder.withDetail("server", "answers ruok at " + address(server.boundAddress()));
			return true;
		}
		catch (IOException ex) {
			builder.withDetail("server", "does not answer ruok at " + address(server.boundAddress()) + ": " + ex);
			return false;
		}
	}

}
