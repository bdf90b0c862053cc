package io.zkzeo.autoconfigure.actuate;

import io.zkzeo.autoconfigure.ZkzeoClientAutoConfiguration;
import io.zkzeo.autoconfigure.ZkzeoServerAutoConfiguration;
import io.zkzeo.autoconfigure.ZkzeoTransactionAutoConfiguration;
import io.zkzeo.server.ServerOptions;
import io.zkzeo.server.StorageServer;
import io.zkzeo.spring.actuate.MonitorUrlPublisher;
import io.zkzeo.spring.actuate.ZkzeoComponents;
import io.zkzeo.spring.actuate.ZkzeoEndpoint;
import io.zkzeo.zookeeper.ZkRegistration;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the {@code zkzeo} Actuator endpoint and, in a web application whose server is
 * registered in ZooKeeper, the publication of the endpoint's URL as the nodes' {@code monitor} property.
 */
@AutoConfiguration(after = { ZkzeoServerAutoConfiguration.class, ZkzeoClientAutoConfiguration.class,
		ZkzeoTransactionAutoConfiguration.class })
@ConditionalOnClass(Endpoint.class)
@Conditional(OnZkzeoComponentCondition.class)
@Import(ZkzeoComponentsConfiguration.class)
public final class ZkzeoEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	ZkzeoEndpoint zkzeoEndpoint(ZkzeoComponents components) {
		return new ZkzeoEndpoint(components);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication
	@ConditionalOnClass(name = "org.springframework.boot.web.server.context.WebServerInitializedEvent")
	@ConditionalOnSingleCandidate(ZkRegistration.class)
	@ConditionalOnAvailableEndpoint(ZkzeoEndpoint.class)
	static class MonitorConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MonitorUrlPublisher zkzeoMonitorUrlPublisher(ZkRegistration registration, StorageServer server,
				Environment environment) {
			ServerOptions options = server.options();
			return new MonitorUrlPublisher(registration, environment, options.host());
		}

	}

}
