package io.zkzeo.autoconfigure.actuate;

import io.micrometer.core.instrument.MeterRegistry;
import io.zkzeo.autoconfigure.ZkzeoClientAutoConfiguration;
import io.zkzeo.autoconfigure.ZkzeoServerAutoConfiguration;
import io.zkzeo.spring.actuate.ZkzeoComponents;
import io.zkzeo.spring.actuate.ZkzeoMetrics;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the {@code zkzeo.*} Micrometer meters; Spring Boot binds the {@link ZkzeoMetrics}
 * bean to every meter registry.
 */
@AutoConfiguration(after = { ZkzeoServerAutoConfiguration.class, ZkzeoClientAutoConfiguration.class })
@ConditionalOnClass(MeterRegistry.class)
@Conditional(OnZkzeoComponentCondition.class)
@Import(ZkzeoComponentsConfiguration.class)
public final class ZkzeoMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ZkzeoMetrics zkzeoMetrics(ZkzeoComponents components) {
		return new ZkzeoMetrics(components);
	}

}
