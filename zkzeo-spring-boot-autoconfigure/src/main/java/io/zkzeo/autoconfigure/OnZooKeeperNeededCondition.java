package io.zkzeo.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when something needs ZooKeeper: a client, a registering server, or the embedded ZooKeeper.
 */
class OnZooKeeperNeededCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Environment environment = context.getEnvironment();
		if (flag(environment, ZkzeoClientProperties.PREFIX + ".enabled", false)) {
			return ConditionOutcome.match("zkzeo.client.enabled is true");
		}
		if (flag(environment, ZkzeoServerProperties.PREFIX + ".enabled", false)
				&& flag(environment, ZkzeoServerProperties.PREFIX + ".register", true)) {
			return ConditionOutcome.match("zkzeo.server.enabled and zkzeo.server.register are true");
		}
		if (flag(environment, ZkzeoZooKeeperProperties.PREFIX + ".embedded.enabled", false)) {
			return ConditionOutcome.match("zkzeo.zookeeper.embedded.enabled is true");
		}
		return ConditionOutcome.noMatch("neither a zkzeo client, a registering zkzeo server nor an embedded ZooKeeper "
				+ "is enabled");
	}

	private static boolean flag(Environment environment, String name, boolean defaultValue) {
		return environment.getProperty(name, Boolean.class, defaultValue);
	}

}
