package io.zkzeo.zookeeper;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Reads, once, the servers registered under a ZooKeeper path with their node data.
 */
public final class ZkServerList {

	private ZkServerList() {
	}

	/**
	 * Read the children of a registration path, sorted by name.
	 * @param client a started, connected Curator client
	 * @param path the registration path
	 * @return the registered servers
	 * @throws ZkPathNotFoundException if the path does not exist
	 * @throws ZkException if ZooKeeper cannot be read
	 */
	public static List<RegisteredServer> read(CuratorFramework client, String path) {
		String connectString = client.getZookeeperClient().getCurrentConnectionString();
		try {
			List<String> names = new ArrayList<>(client.getChildren().forPath(path));
			names.sort(Comparator.naturalOrder());
			List<RegisteredServer> servers = new ArrayList<>(names.size());
			for (String name : names) {
				String childPath = ZKPaths.makePath(path, name);
				Stat stat = new Stat();
				byte[] data;
				try {
					data = client.getData().storingStatIn(stat).forPath(childPath);
				}
				catch (KeeperException.NoNodeException ex) {
					continue;
				}
				servers.add(new RegisteredServer(name, ServerNodeNames.parse(name).orElse(null),
						Collections.unmodifiableMap(ZkNodeData.decode(data, childPath)), stat.getEphemeralOwner() != 0));
			}
			return List.copyOf(servers);
		}
		catch (KeeperException.NoNodeException ex) {
			throw new ZkPathNotFoundException(connectString, path);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ZkException("Interrupted while reading " + path + " at " + connectString, ex);
		}
		catch (Exception ex) {
			throw new ZkException("Cannot read " + path + " at " + connectString + ": " + ex, ex);
		}
	}

}
