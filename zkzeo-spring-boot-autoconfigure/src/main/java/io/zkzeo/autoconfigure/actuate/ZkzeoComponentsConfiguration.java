package io.zkzeo.autoconfigure.actuate;

import io.zkzeo.client.ClientStorage;
import io.zkzeo.db.DB;
import io.zkzeo.server.StorageServer;
import io.zkzeo.spring.actuate.ZkzeoComponents;
import io.zkzeo.zookeeper.ZkRegistration;
import org.apache.curator.framework.CuratorFramework;

import org.springframework.beans.factory.ObjectProvider;
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
			ObjectProvider<CuratorFramework> curator, ObjectProvider<ClientStorage> client, ObjectProvider<DB> db) {
		return new ZkzeoComponents(server.getIfUnique(), registration.getIfUnique(), curator.getIfUnique(),
				client.getIfUnique(), db.getIfUnique());
	}

}
