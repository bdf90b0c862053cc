package io.zkzeo.spring.actuate;

import io.zkzeo.storage.memory.MemoryStorage;
import io.zkzeo.storage.memory.MemoryStorageOptions;
import io.zkzeo.server.ServerOptions;
import io.zkzeo.server.StorageServer;
import io.zkzeo.zookeeper.ZkRegistration;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class MonitorUrlPublisherTests {

	@Test
	void urlUsesTheActuatorBasePathAndContextPath() throws Exception {
		try (Fixture fixture = new Fixture()) {
			MockEnvironment environment = new MockEnvironment();
			assertThat(new MonitorUrlPublisher(fixture.registration, environment, "db1").url(8080, false))
				.isEqualTo("http://db1:8080/actuator/zkzeo");
			environment.setProperty("server.servlet.context-path", "/app/");
			environment.setProperty("management.endpoints.web.base-path", "manage");
			assertThat(new MonitorUrlPublisher(fixture.registration, environment, "db1").url(8081, false))
				.isEqualTo("http://db1:8081/app/manage/zkzeo");
			environment.setProperty("management.server.base-path", "/ops");
			assertThat(new MonitorUrlPublisher(fixture.registration, environment, "db1").url(9000, true))
				.isEqualTo("http://db1:9000/ops/manage/zkzeo");
		}
	}

	@Test
	void wildcardHostIsReplacedByAName() throws Exception {
		try (Fixture fixture = new Fixture()) {
			String url = new MonitorUrlPublisher(fixture.registration, new MockEnvironment(), "0.0.0.0").url(8080,
					false);
			assertThat(url).startsWith("http://").doesNotContain("0.0.0.0").endsWith(":8080/actuator/zkzeo");
		}
	}

	private static final class Fixture implements AutoCloseable {

		private final TestingServer zooKeeper = new TestingServer(true);

		private final CuratorFramework curator = CuratorFrameworkFactory.newClient(this.zooKeeper.getConnectString(),
				new RetryOneTime(100));

		private final StorageServer server = new StorageServer(
				ServerOptions.of(new MemoryStorage(MemoryStorageOptions.defaults())))
			.start();

		private final ZkRegistration registration;

		Fixture() throws Exception {
			this.curator.start();
			this.registration = ZkRegistration.builder(this.curator, "/monitor")
				.address(this.server.boundAddress())
				.createPath(true)
				.build();
		}

		@Override
		public void close() throws Exception {
			this.registration.close();
			this.server.close();
			this.curator.close();
			this.zooKeeper.close();
		}

	}

}
