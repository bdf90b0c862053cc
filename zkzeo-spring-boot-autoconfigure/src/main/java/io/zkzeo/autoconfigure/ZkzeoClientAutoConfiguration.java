package io.zkzeo.autoconfigure;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLException;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.zkzeo.client.ClientOptions;
import io.zkzeo.client.ClientStorage;
import io.zkzeo.client.ClientTlsOptions;
import io.zkzeo.db.DB;
import io.zkzeo.db.DbOptions;
import io.zkzeo.zookeeper.ZkAddressWatcher;
import io.zkzeo.zookeeper.ZkRegistration;
import org.apache.curator.framework.CuratorFramework;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;

/**
 * Auto-configuration of a zkzeo client ({@code zkzeo.client.enabled}): a {@link ClientStorage} whose servers
 * follow the nodes registered under {@code zkzeo.zookeeper.path} (a {@link ZkAddressWatcher} feeding
 * {@link ClientStorage#setAddresses}), and the {@link DB} over it. The database bean is lazy: with
 * {@code zkzeo.client.wait} (the default) it is opened at the end of startup, without it on first use.
 */
@AutoConfiguration(after = { ZkzeoZooKeeperAutoConfiguration.class, ZkzeoServerAutoConfiguration.class })
@ConditionalOnClass(ClientStorage.class)
@ConditionalOnProperty(name = ZkzeoClientProperties.PREFIX + ".enabled", havingValue = "true")
@EnableConfigurationProperties({ ZkzeoClientProperties.class, ZkzeoZooKeeperProperties.class })
public final class ZkzeoClientAutoConfiguration {

	private static final Duration CONNECTED_POLL = Duration.ofMillis(20);

	@Bean
	@ConditionalOnMissingBean
	ZkzeoServerAddresses zkzeoServerAddresses() {
		return new ZkzeoServerAddresses();
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	ZkAddressWatcher zkzeoAddressWatcher(ObjectProvider<CuratorFramework> curator, ZkzeoZooKeeperProperties zooKeeper,
			ZkzeoServerAddresses addresses, ObjectProvider<ZkRegistration> registration) {
		String path = zooKeeper.requiredPath("A client ('" + ZkzeoClientProperties.PREFIX + ".enabled=true')");
		zooKeeper.toOptions(zooKeeper.getConnectString());
		CuratorFramework client = curator.getIfAvailable();
		if (client == null) {
			throw new ZkzeoConfigurationException(ZkzeoZooKeeperProperties.PREFIX + ".connect-string",
					zooKeeper.getConnectString(),
					"a client follows the servers registered in ZooKeeper, and no CuratorFramework is available; "
							+ "add org.apache.curator:curator-recipes to the class path");
		}
		// a server in this application registers before its clients look for servers
		registration.ifAvailable((own) -> own.awaitRegistered(zooKeeper.getConnectionTimeout()));
		ZkAddressWatcher watcher = new ZkAddressWatcher(client, path, addresses);
		watcher.start();
		return watcher;
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	ClientStorage zkzeoClientStorage(ZkzeoClientProperties properties, ZkzeoZooKeeperProperties zooKeeper,
			ZkAddressWatcher watcher, ZkzeoServerAddresses addresses) {
		List<InetSocketAddress> initial = addresses.awaitInitial(zooKeeper.getConnectionTimeout());
		if (initial == null && properties.isWait()) {
			throw new ZkzeoConfigurationException(ZkzeoZooKeeperProperties.PREFIX + ".connect-string",
					zooKeeper.getConnectString(), "ZooKeeper did not list " + watcher.path() + " within "
							+ zooKeeper.getConnectionTimeout() + "; check that ZooKeeper runs there");
		}
		ClientOptions options = clientOptions(properties, (initial != null) ? initial : List.of());
		ClientStorage storage = new ClientStorage(options);
		addresses.attach(storage);
		if (properties.isWait() && !awaitConnected(storage, properties.getWaitTimeout())) {
			storage.close();
			throw new ZkzeoConfigurationException(ZkzeoZooKeeperProperties.PREFIX + ".path", watcher.path(),
					"no storage server registered there (" + addresses.current() + ") served storage '"
							+ properties.getStorageName() + "' within " + properties.getWaitTimeout()
							+ "; start a server registering under this path, or set '" + ZkzeoClientProperties.PREFIX
							+ ".wait=false' to start without one");
		}
		return storage;
	}

	private static boolean awaitConnected(ClientStorage storage, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!storage.isConnected()) {
			if (System.nanoTime() - deadline >= 0) {
				return false;
			}
			try {
				Thread.sleep(CONNECTED_POLL.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return true;
	}

	private static ClientOptions clientOptions(ZkzeoClientProperties properties, List<InetSocketAddress> addresses) {
		try {
			return ClientOptions.builder()
				.addresses(addresses)
				.storageName(properties.getStorageName())
				.cacheSize(properties.getCacheSize().toBytes())
				.readOnly(properties.isReadOnly())
				.readOnlyFallback(properties.isReadOnlyFallback())
				.oidsOnConnect(properties.isOidsOnConnect())
				.waitForConnection(false)
				.waitTimeout(properties.getWaitTimeout())
				.maxDisconnectPoll(properties.getMaxDisconnectPoll())
				.tls(tls(properties.getSsl()))
				.transport(AvailableTransport.check(ZkzeoClientProperties.PREFIX + ".transport",
						properties.getTransport()))
				.build();
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new ZkzeoConfigurationException(ZkzeoClientProperties.PREFIX, null, ex.getMessage()
					+ "; review 'cache-size', 'wait-timeout', 'max-disconnect-poll' and 'storage-name'", ex);
		}
	}

	private static @Nullable ClientTlsOptions tls(ZkzeoClientProperties.Ssl ssl) {
		if (!ssl.isEnabled()) {
			return null;
		}
		String prefix = ZkzeoClientProperties.PREFIX + ".ssl";
		if ((ssl.getCertificate() == null) != (ssl.getPrivateKey() == null)) {
			throw new ZkzeoConfigurationException(prefix + ((ssl.getCertificate() == null) ? ".certificate"
					: ".private-key"), null, "a client certificate needs both '" + prefix + ".certificate' and '"
							+ prefix + ".private-key'");
		}
		try {
			SslContextBuilder builder = SslContextBuilder.forClient();
			if (ssl.getTrustedCertificates() != null) {
				builder.trustManager(ssl.getTrustedCertificates().toFile());
			}
			if (ssl.getCertificate() != null && ssl.getPrivateKey() != null) {
				builder.keyManager(ssl.getCertificate().toFile(), ssl.getPrivateKey().toFile());
			}
			SslContext context = builder.build();
			return new ClientTlsOptions(context, ssl.getServerHostname(), ssl.isCheckHostname());
		}
		catch (SSLException | IllegalArgumentException ex) {
			throw new ZkzeoConfigurationException(prefix, "enabled",
					"the TLS settings cannot be used (" + ex.getMessage() + ")", ex);
		}
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	@Lazy
	DB zkzeoDb(ClientStorage storage, ZkzeoClientProperties properties,
			ObjectProvider<DbOptionsCustomizer> customizers) {
		DbOptions options;
		try {
			options = DbOptions.defaults()
				.withPoolSize(properties.getDb().getPoolSize())
				.withCacheSize(properties.getDb().getCacheSize())
				.withPrefetchLimit(properties.getDb().getPrefetchLimit());
		}
		catch (IllegalArgumentException ex) {
			throw new ZkzeoConfigurationException(ZkzeoClientProperties.PREFIX + ".db", null, ex.getMessage()
					+ "; 'pool-size' must be at least 1, 'cache-size' and 'prefetch-limit' not negative", ex);
		}
		for (DbOptionsCustomizer customizer : customizers.orderedStream().toList()) {
			options = customizer.customize(options);
		}
		return new DB(storage, options);
	}

	/**
	 * Opens the (lazy) database at startup when the client waits for a server, so that a storage that cannot
	 * be opened stops the start; without waiting, the database opens on first use.
	 */
	@Bean
	@ConditionalOnProperty(name = ZkzeoClientProperties.PREFIX + ".wait", havingValue = "true", matchIfMissing = true)
	static SmartInitializingSingleton zkzeoDbOpener(ObjectProvider<DB> db) {
		return db::getIfUnique;
	}

}
