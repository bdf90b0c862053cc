package io.zkzeo.autoconfigure.actuate;

import io.zkzeo.client.ClientStorage;
import io.zkzeo.db.DB;
import io.zkzeo.server.StorageServer;
import io.zkzeo.spring.actuate.ZkzeoComponents;
import io.zkzeo.zookeeper.ZkRegistration;
import org.apache.curator.framework.CuratorFramework;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link ZkzeoComponents} that every monitoring part reports on.
 */
@Configuration(proxyBeanMethods = false)
class ZkzeoComponentsConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ZkzeoComponents zkzeoComponents(ObjectProvider<StorageServer> server, ObjectProvider<ZkRegistration> registration,
			ObjectProvider<CuratorFramework> curator, ObjectProvider<ClientStorage> client,
			ConfigurableListableBeanFactory beanFactory) {
		return new ZkzeoComponents(server.getIfUnique(), registration.getIfUnique(), curator.getIfUnique(),
				client.getIfUnique(), () -> openDb(beanFactory));
	}

	/**
	 * Returns the database bean if it has been created, without creating it (it may wait for a server).
	 */
	private static @Nullable DB openDb(ConfigurableListableBeanFactory beanFactory) {
		String[] names = beanFactory.getBeanNamesForType(DB.class, true, false);
		if (names.length != 1 || !beanFactory.containsSingleton(names[0])) {
			return null;
		}
		return (beanFactory.getSingleton(names[0]) instanceof DB db) ? db : null;
	}

}
