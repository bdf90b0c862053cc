package io.zkzeo.autoconfigure;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.zkzeo.server.ServerOptions;
import io.zkzeo.server.ServerTlsOptions;
import io.zkzeo.server.StorageServer;
import io.zkzeo.storage.Storage;
import io.zkzeo.storage.file.FileStorage;
import io.zkzeo.storage.file.FileStorageOptions;
import io.zkzeo.storage.memory.MemoryStorage;
import io.zkzeo.storage.memory.MemoryStorageOptions;
import io.zkzeo.zookeeper.ZkPathNotFoundException;
import io.zkzeo.zookeeper.ZkRegistration;
import io.zkzeo.zookeeper.ZooKeeperOptions;
import org.apache.curator.framework.CuratorFramework;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.util.unit.DataSize;

/**
 * Auto-configuration of a ZEO storage server ({@code zkzeo.server.enabled}): the served storage (a
 * FileStorage or a MemoryStorage), the {@link StorageServer}, and its {@link ZkRegistration} in ZooKeeper
 * ({@code zkzeo.server.register}, on by default).
 */
@AutoConfiguration(after = ZkzeoZooKeeperAutoConfiguration.class)
@ConditionalOnClass(StorageServer.class)
@ConditionalOnProperty(name = ZkzeoServerProperties.PREFIX + ".enabled", havingValue = "true")
@EnableConfigurationProperties({ ZkzeoServerProperties.class, ZkzeoZooKeeperProperties.class })
public final class ZkzeoServerAutoConfiguration {

	/**
	 * Name of the storage bean the server serves.
	 */
	public static final String STORAGE_BEAN_NAME = "zkzeoServerStorage";

	@Bean(name = STORAGE_BEAN_NAME, destroyMethod = "close")
	@ConditionalOnMissingBean(name = STORAGE_BEAN_NAME)
	Storage zkzeoServerStorage(ZkzeoServerProperties properties) {
		return switch (properties.getStorage().getType()) {
			case MEMORY -> new MemoryStorage(MemoryStorageOptions.defaults()
				.withName(properties.getName())
				.withReadOnly(properties.isReadOnly()));
			case FILE -> openFileStorage(properties);
		};
	}

	private static FileStorage openFileStorage(ZkzeoServerProperties properties) {
		String property = ZkzeoServerProperties.PREFIX + ".storage.path";
		Path path = properties.getStorage().getPath();
		if (path == null) {
			throw new ZkzeoConfigurationException(property, null,
					"a file storage needs the path of its data file; set it, for example '" + property
							+ "=data/Data.fs', or set '" + ZkzeoServerProperties.PREFIX
							+ ".storage.type=memory' for a storage kept in memory");
		}
		if (Files.isDirectory(path)) {
			throw new ZkzeoConfigurationException(property, path.toString(),
					"it is a directory; name the data file in it, for example '" + path.resolve("Data.fs") + "'");
		}
		Path directory = path.toAbsolutePath().getParent();
		if (directory != null && !properties.isReadOnly()) {
			try {
				Files.createDirectories(directory);
			}
			catch (IOException ex) {
				throw new ZkzeoConfigurationException(property, path.toString(),
						"its directory cannot be created (" + ex + ")", ex);
			}
		}
		if (properties.isReadOnly() && !Files.exists(path)) {
			throw new ZkzeoConfigurationException(property, path.toString(),
					"a read-only server needs an existing data file, and there is none");
		}
		DataSize recordCacheSize = properties.getStorage().getRecordCacheSize();
		if (recordCacheSize.isNegative()) {
			throw new ZkzeoConfigurationException("zkzeo.server.storage.record-cache-size", recordCacheSize.toString(),
					"a cache size must not be negative (0 turns the cache off)");
		}
		FileStorageOptions options = FileStorageOptions.defaults()
			.withReadOnly(properties.isReadOnly())
			.withName(properties.getName())
			.withRecordCacheSize(recordCacheSize.toBytes());
		return FileStorage.open(path, options);
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	StorageServer zkzeoStorageServer(ZkzeoServerProperties properties,
			@Qualifier(STORAGE_BEAN_NAME) Storage storage) {
		ServerAddress address = ServerAddress.parse(properties.getAddress());
		ServerOptions options = ServerOptions.builder()
			.host(address.host())
			.port(address.port())
			.storage(properties.getName(), storage)
			.readOnly(properties.isReadOnly())
			.transactionTimeout(properties.getTransactionTimeout())
			.invalidationQueueSize(checkedQueueSize(properties.getInvalidationQueueSize()))
			.ioThreads(checkedIoThreads(properties.getIoThreads()))
			.transport(AvailableTransport.check(ZkzeoServerProperties.PREFIX + ".transport", properties.getTransport()))
			.tls(tls(properties.getSsl()))
			.closeStorages(false)
			.build();
		try {
			return new StorageServer(options).start();
		}
		catch (Exception ex) {
			// Netty rethrows the bind failure, a checked BindException, without declaring it
			if (hasCause(ex, BindException.class)) {
				throw new ZkzeoConfigurationException(ZkzeoServerProperties.PREFIX + ".address",
						properties.getAddress(), "the server cannot listen there (" + rootMessage(ex)
								+ "); choose a free port, or port 0 for one the system picks",
						ex);
			}
			if (ex instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException("Cannot start the ZEO server at " + properties.getAddress(), ex);
		}
	}

	private static int checkedQueueSize(int size) {
		if (size < 0) {
			throw new ZkzeoConfigurationException(ZkzeoServerProperties.PREFIX + ".invalidation-queue-size",
					Integer.toString(size), "it must not be negative");
		}
		return size;
	}

	private static int checkedIoThreads(int threads) {
		if (threads < 0) {
			throw new ZkzeoConfigurationException(ZkzeoServerProperties.PREFIX + ".io-threads",
					Integer.toString(threads), "it must be 0 (one per processor) or more");
		}
		return threads;
	}

	private static @Nullable ServerTlsOptions tls(ZkzeoServerProperties.Ssl ssl) {
		if (!ssl.isEnabled()) {
			return null;
		}
		try {
			return new ServerTlsOptions(ssl.getCertificate(), ssl.getPrivateKey(), ssl.getPrivateKeyPassword(),
					ssl.getKeyStore(), ssl.getKeyStorePassword(), ssl.getTrustedCertificates(), ssl.getTrustStore(),
					ssl.getTrustStorePassword(), ssl.getClientAuthentication());
		}
		catch (IllegalArgumentException ex) {
			throw new ZkzeoConfigurationException(ZkzeoServerProperties.PREFIX + ".ssl", "enabled",
					ex.getMessage() + "; set '" + ZkzeoServerProperties.PREFIX + ".ssl.certificate' and '"
							+ ZkzeoServerProperties.PREFIX + ".ssl.private-key', or '" + ZkzeoServerProperties.PREFIX
							+ ".ssl.key-store'",
					ex);
		}
	}

	private static boolean hasCause(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return String.valueOf(root.getMessage());
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	@ConditionalOnBean(CuratorFramework.class)
	@ConditionalOnProperty(name = ZkzeoServerProperties.PREFIX + ".register", havingValue = "true",
			matchIfMissing = true)
	ZkRegistration zkzeoRegistration(StorageServer server, CuratorFramework curator,
			ZkzeoZooKeeperProperties zooKeeper) {
		String path = zooKeeper.requiredPath("A registering server ('" + ZkzeoServerProperties.PREFIX
				+ ".register=true')");
		ZooKeeperOptions options = zooKeeper
			.toOptions(curator.getZookeeperClient().getCurrentConnectionString())
			.withPath(path);
		ZkRegistration registration = ZkRegistration.builder(curator, options)
			.address(server.boundAddress())
			.build();
		try {
			registration.start();
		}
		catch (ZkPathNotFoundException ex) {
			throw new ZkzeoConfigurationException(ZkzeoZooKeeperProperties.PREFIX + ".path", path,
					"it does not exist in ZooKeeper at " + options.connectString() + "; create it, or set '"
							+ ZkzeoZooKeeperProperties.PREFIX + ".create-path=true'",
					ex);
		}
		return registration;
	}

}
