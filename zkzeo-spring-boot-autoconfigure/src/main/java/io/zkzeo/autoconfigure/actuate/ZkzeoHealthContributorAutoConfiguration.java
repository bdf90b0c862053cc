package io.zkzeo.autoconfigure.actuate;

import io.zkzeo.autoconfigure.ZkzeoClientAutoConfiguration;
import io.zkzeo.autoconfigure.ZkzeoServerAutoConfiguration;
import io.zkzeo.spring.actuate.ZkzeoComponents;
import io.zkzeo.spring.health.ZkzeoHealthIndicator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the zkzeo health indicator ({@code management.health.zkzeo.enabled}).
 */
@AutoConfiguration(after = { ZkzeoServerAutoConfiguration.class, ZkzeoClientAutoConfiguration.class })
@ConditionalOnClass(HealthIndicator.class)
@Conditional(OnZkzeoComponentCondition.class)
@ConditionalOnEnabledHealthIndicator("zkzeo")
@Import(ZkzeoComponentsConfiguration.class)
public final class ZkzeoHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "zkzeoHealthIndicator")
	ZkzeoHealthIndicator zkzeoHealthIndicator(ZkzeoComponents components) {
		return new ZkzeoHealthIndicator(components);
	}

}
