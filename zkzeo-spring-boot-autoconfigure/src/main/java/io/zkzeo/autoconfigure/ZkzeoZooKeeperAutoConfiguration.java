package io.zkzeo.autoconfigure;

import io.zkzeo.zookeeper.ZooKeeperClientFactory;
import io.zkzeo.zookeeper.ZooKeeperOptions;
import org.apache.curator.framework.CuratorFramework;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Auto-configuration of the ZooKeeper connection zkzeo servers register with and clients follow: a
 * {@link CuratorFramework} built from {@code zkzeo.zookeeper.*} unless the application (or Spring Cloud
 * Zookeeper) already has one, and, with {@code zkzeo.zookeeper.embedded.enabled}, an in-process ZooKeeper.
 */
@AutoConfiguration(afterName = "org.springframework.cloud.zookeeper.ZookeeperAutoConfiguration")
@ConditionalOnClass(CuratorFramework.class)
@Conditional(OnZooKeeperNeededCondition.class)
@EnableConfigurationProperties(ZkzeoZooKeeperProperties.class)
public final class ZkzeoZooKeeperAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = ZkzeoZooKeeperProperties.PREFIX + ".embedded.enabled", havingValue = "true")
	@ConditionalOnClass(name = "org.apache.zookeeper.server.embedded.ZooKeeperServerEmbedded")
	EmbeddedZooKeeper zkzeoEmbeddedZooKeeper(ZkzeoZooKeeperProperties properties) {
		return EmbeddedZooKeeper.start(properties.getEmbedded().getPort(), properties.getEmbedded().getDataDirectory());
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	CuratorFramework zkzeoCuratorFramework(ZkzeoZooKeeperProperties properties,
			ObjectProvider<EmbeddedZooKeeper> embedded) {
		EmbeddedZooKeeper server = embedded.getIfAvailable();
		String connectString = (server != null) ? server.getConnectString() : properties.getConnectString();
		ZooKeeperOptions options = properties.toOptions(connectString);
		return ZooKeeperClientFactory.createStarted(options);
	}

}
