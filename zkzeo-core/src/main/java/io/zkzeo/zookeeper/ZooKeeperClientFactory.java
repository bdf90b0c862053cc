package io.zkzeo.zookeeper;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.curator.RetryPolicy;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;

/**
 * Creates Curator clients from {@link ZooKeeperOptions}.
 *
 * <p>The client owns its connection; whoever asks for one closes it. Nothing is cached here.
 */
public final class ZooKeeperClientFactory {

	private static final int BASE_RETRY_SLEEP_MS = 200;

	private static final int MAX_RETRY_SLEEP_MS = 5_000;

	private static final int MAX_RETRIES = 3;

	private ZooKeeperClientFactory() {
	}

	/**
	 * Create and start a client for the given options. The client connects in the background; recipes
	 * wait for the connection themselves.
	 * @param options the connection options
	 * @return a started client, to be closed by the caller
	 */
	public static CuratorFramework createStarted(ZooKeeperOptions options) {
		CuratorFramework client = builder(options).build();
		client.start();
		return client;
	}

	/**
	 * Return a Curator builder configured from the given options (connect string, timeouts, retry
	 * policy, digest authentication and ACL provider), for callers that want to customise it further.
	 * @param options the connection options
	 * @return a configured builder
	 */
	public static CuratorFrameworkFactory.Builder builder(ZooKeeperOptions options) {
		CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
			.connectString(options.connectString())
			.sessionTimeoutMs(toMillis(options.sessionTimeout()))
			.connectionTimeoutMs(toMillis(options.connectionTimeout()))
			.retryPolicy(retryPolicy())
			.aclProvider(aclProvider(options.acl()));
		String auth = options.auth();
		if (auth != null) {
			builder.authorization("digest", auth.getBytes(StandardCharsets.UTF_8));
		}
		return builder;
	}

	/**
	 * Return the ACL list that nodes created under the given choice receive.
	 * @param acl the ACL choice
	 * @return the ZooKeeper ACL list
	 */
	public static List<ACL> aclList(ZooKeeperAcl acl) {
		return switch (acl) {
			case OPEN -> ZooDefs.Ids.OPEN_ACL_UNSAFE;
			case CREATOR_ALL_WORLD_READ -> {
				List<ACL> list = new ArrayList<>(ZooDefs.Ids.CREATOR_ALL_ACL);
				list.addAll(ZooDefs.Ids.READ_ACL_UNSAFE);
				// ZooKeeper asks the list whether it contains null, which List.copyOf refuses
				yield Collections.unmodifiableList(list);
			}
		};
	}

	private static ACLProvider aclProvider(ZooKeeperAcl acl) {
		List<ACL> list = aclList(acl);
		return new ACLProvider() {

			@Override
			public List<ACL> getDefaultAcl() {
				return list;
			}

			@Override
			public List<ACL> getAclForPath(String path) {
				return list;
			}

		};
	}

	private static RetryPolicy retryPolicy() {
		return new ExponentialBackoffRetry(BASE_RETRY_SLEEP_MS, MAX_RETRIES, MAX_RETRY_SLEEP_MS);
	}

	private static int toMillis(java.time.Duration duration) {
		return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
	}

}
