package io.zkzeo.zookeeper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.curator.RetryPolicy;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.data.ACL;
import org.jspecify.annotations.Nullable;

/**
 * Creates Curator clients from {@link ZooKeeperOptions}.
 *
 * <p>The client owns its connection; whoever asks for one closes it. Nothing is cached here.
 */
public final class ZooKeeperClientFactory {

	private static final int BASE_RETRY_SLEEP_MS = 200;

	private static final int MAX_RETRY_SLEEP_MS = 5_000;

	private static final int MAX_RETRIES = 3;

	/** The client socket ZooKeeper needs for TLS; its default NIO socket speaks plain TCP only. */
	static final String NETTY_CLIENT_SOCKET = "org.apache.zookeeper.ClientCnxnSocketNetty";

	static final String SSL_KEY_STORE_LOCATION = "zookeeper.ssl.keyStore.location";

	static final String SSL_KEY_STORE_PASSWORD = "zookeeper.ssl.keyStore.password";

	static final String SSL_KEY_STORE_TYPE = "zookeeper.ssl.keyStore.type";

	static final String SSL_TRUST_STORE_LOCATION = "zookeeper.ssl.trustStore.location";

	static final String SSL_TRUST_STORE_PASSWORD = "zookeeper.ssl.trustStore.password";

	static final String SSL_TRUST_STORE_TYPE = "zookeeper.ssl.trustStore.type";

	static final String SSL_HOSTNAME_VERIFICATION = "zookeeper.ssl.hostnameVerification";

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
	 * policy, digest authentication, ACL provider and, when configured, TLS), for callers that want to
	 * customise it further.
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
		ZooKeeperTlsOptions tls = options.tls();
		if (tls != null) {
			builder.zkClientConfig(clientConfig(tls));
		}
		return builder;
	}

	/**
	 * Return a ZooKeeper client configuration that talks TLS as the given options say: a secure Netty
	 * client socket and the {@code zookeeper.ssl.*} stores. The options are the whole TLS set-up:
	 * store settings that JVM system properties would otherwise contribute are left out. Nothing is
	 * written to system properties.
	 * @param tls the TLS options
	 * @return a new client configuration
	 */
	public static ZKClientConfig clientConfig(ZooKeeperTlsOptions tls) {
		ZKClientConfig config = new ZKClientConfig();
		config.setProperty(ZKClientConfig.SECURE_CLIENT, "true");
		config.setProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET, NETTY_CLIENT_SOCKET);
		config.setProperty(SSL_TRUST_STORE_LOCATION, tls.trustStore().toString());
		setOrClear(config, SSL_TRUST_STORE_PASSWORD, tls.trustStorePassword());
		setOrClear(config, SSL_TRUST_STORE_TYPE, tls.trustStoreType());
		Path keyStore = tls.keyStore();
		setOrClear(config, SSL_KEY_STORE_LOCATION, (keyStore != null) ? keyStore.toString() : null);
		setOrClear(config, SSL_KEY_STORE_PASSWORD, tls.keyStorePassword());
		setOrClear(config, SSL_KEY_STORE_TYPE, tls.keyStoreType());
		config.setProperty(SSL_HOSTNAME_VERIFICATION, Boolean.toString(tls.hostnameVerification()));
		return config;
	}

	private static void setOrClear(ZKClientConfig config, String key, @Nullable String value) {
		if (value != null || config.getProperty(key) != null) {
			config.setProperty(key, value);
		}
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
