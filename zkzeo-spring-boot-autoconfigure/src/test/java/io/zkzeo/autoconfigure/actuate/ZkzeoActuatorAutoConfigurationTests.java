package io.zkzeo.autoconfigure.actuate;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zkzeo.autoconfigure.ZkzeoClientAutoConfiguration;
import io.zkzeo.autoconfigure.ZkzeoServerAutoConfiguration;
import io.zkzeo.autoconfigure.ZkzeoTransactionAutoConfiguration;
import io.zkzeo.autoconfigure.ZkzeoZooKeeperAutoConfiguration;
import io.zkzeo.client.ClientOptions;
import io.zkzeo.client.ClientStorage;
import io.zkzeo.db.DB;
import io.zkzeo.server.StorageServer;
import io.zkzeo.spring.actuate.MonitorUrlPublisher;
import io.zkzeo.spring.actuate.ZkzeoEndpoint;
import io.zkzeo.spring.actuate.ZkzeoEndpoint.StorageDescriptor;
import io.zkzeo.spring.actuate.ZkzeoEndpoint.ZkzeoDescriptor;
import io.zkzeo.spring.actuate.ZkzeoMetrics;
import io.zkzeo.spring.health.ZkzeoHealthIndicator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class ZkzeoActuatorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZkzeoZooKeeperAutoConfiguration.class,
				ZkzeoServerAutoConfiguration.class, ZkzeoClientAutoConfiguration.class,
				ZkzeoTransactionAutoConfiguration.class, ZkzeoEndpointAutoConfiguration.class,
				ZkzeoHealthContributorAutoConfiguration.class, ZkzeoMetricsAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=zkzeo");

	private final ApplicationContextRunner serverRunner = this.contextRunner.withPropertyValues(
			"zkzeo.server.enabled=true", "zkzeo.server.storage.type=memory", "zkzeo.server.register=false");

	@Test
	void runWithoutServerOrClientCreatesNoMonitoring() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(ZkzeoEndpoint.class)
			.doesNotHaveBean(ZkzeoHealthIndicator.class)
			.doesNotHaveBean(ZkzeoMetrics.class));
	}

	@Test
	void endpointReportsTheCountersOfTheServedStorage() {
		this.serverRunner.run((context) -> {
			assertThat(context).hasSingleBean(ZkzeoEndpoint.class).doesNotHaveBean(MonitorUrlPublisher.class);
			StorageServer server = context.getBean(StorageServer.class);
			commitThrough(server);
			ZkzeoDescriptor report = context.getBean(ZkzeoEndpoint.class).zkzeo();
			assertThat(report.client()).isNull();
			assertThat(report.zookeeper()).isNull();
			assertThat(report.server().running()).isTrue();
			assertThat(report.server().registration()).isNull();
			StorageDescriptor storage = report.server().storages().get("1");
			assertThat(storage.commits()).isEqualTo(2);
			assertThat(storage.stores()).isEqualTo(2);
			assertThat(storage.loads()).isPositive();
			assertThat(storage.lastTransactionTime()).isNotNull();
			assertThat(storage.lastTransaction()).hasSize(16).isNotEqualTo("0000000000000000");
			assertThat(storage.commitLockAcquisitions()).isGreaterThanOrEqualTo(-1);
			assertThat(storage.commitLockHoldSeconds()).isGreaterThanOrEqualTo(0);
		});
	}

	@Test
	void endpointCanBeTurnedOff() {
		this.serverRunner.withPropertyValues("management.endpoint.zkzeo.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(ZkzeoEndpoint.class)
				.hasSingleBean(ZkzeoHealthIndicator.class));
	}

	@Test
	void healthIsUpWhileTheServerAnswersRuokAndDownOnceItStops() {
		this.serverRunner.run((context) -> {
			ZkzeoHealthIndicator indicator = context.getBean(ZkzeoHealthIndicator.class);
			Health up = indicator.health(true);
			assertThat(up.getStatus()).isEqualTo(Status.UP);
			assertThat(up.getDetails().get("server").toString()).startsWith("answers ruok");
			context.getBean(StorageServer.class).close();
			Health down = indicator.health(true);
			assertThat(down.getStatus()).isEqualTo(Status.DOWN);
			assertThat(down.getDetails().get("server")).isEqualTo("not running");
		});
	}

	@Test
	void healthIndicatorCanBeTurnedOff() {
		this.serverRunner.withPropertyValues("management.health.zkzeo.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ZkzeoHealthIndicator.class)
				.hasSingleBean(ZkzeoEndpoint.class));
	}

	@Test
	void metersCountTheServedStorageTaggedByName() {
		this.serverRunner.withPropertyValues("zkzeo.server.name=main").run((context) -> {
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(ZkzeoMetrics.class).bindTo(registry);
			assertThat(registry.get("zkzeo.server.commits").tag("storage", "main").functionCounter().count()).isZero();
			try (DB db = new DB(new ClientStorage(
					ClientOptions.of(context.getBean(StorageServer.class).boundAddress()).withStorageName("main")))) {
				db.transaction((connection) -> connection.root().put("k", "v"));
				assertThat(registry.get("zkzeo.server.connections").tag("storage", "main").gauge().value()).isOne();
			}
			assertThat(registry.get("zkzeo.server.commits").tag("storage", "main").functionCounter().count())
				.isEqualTo(2);
			assertThat(registry.get("zkzeo.server.commit.lock.hold").tag("storage", "main").functionCounter().count())
				.isGreaterThanOrEqualTo(0);
		});
	}

	@Test
	void metersAndEndpointReportTheClientAndItsDatabase() {
		this.contextRunner
			.withPropertyValues("zkzeo.zookeeper.embedded.enabled=true", "zkzeo.zookeeper.path=/monitored",
					"zkzeo.zookeeper.create-path=true", "zkzeo.server.enabled=true",
					"zkzeo.server.storage.type=memory", "zkzeo.client.enabled=true")
			.run((context) -> {
				SimpleMeterRegistry registry = new SimpleMeterRegistry();
				context.getBean(ZkzeoMetrics.class).bindTo(registry);
				context.getBean(DB.class).transaction((connection) -> connection.root().put("k", "v"));
				assertThat(registry.get("zkzeo.client.connected").tag("storage", "1").gauge().value()).isOne();
				assertThat(registry.get("zkzeo.db.conflicts").tag("storage", "1").functionCounter().count()).isZero();
				ZkzeoDescriptor report = context.getBean(ZkzeoEndpoint.class).zkzeo();
				assertThat(report.client().connected()).isTrue();
				assertThat(report.client().addresses()).hasSize(1);
				assertThat(report.zookeeper().connected()).isTrue();
				assertThat(report.server().registration().nodes()).hasSize(1);
				Health health = context.getBean(ZkzeoHealthIndicator.class).health(true);
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("zookeeper", "connected");
			});
	}

	private static void commitThrough(StorageServer server) {
		try (DB db = new DB(new ClientStorage(ClientOptions.of(server.boundAddress())))) {
			db.transaction((connection) -> connection.root().put("k", "v"));
		}
	}

}
