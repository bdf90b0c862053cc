package io.zkzeo.reliability;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 3: ZooKeeper faults under a registered server and a following client, see
 * {@link ZooKeeperFaultScenario}.
 */
class ZooKeeperFaultIntegrationTests {

	@TempDir
	Path directory;

	@Test
	void expiredSessionRegistersAgain() throws Exception {
		new ZooKeeperFaultScenario(this.directory).sessionExpiry(1);
	}

	@Test
	void losingOneEnsembleNodeDisturbsNoClient() throws Exception {
		new ZooKeeperFaultScenario(this.directory).ensembleNodeLoss(1, Duration.ofSeconds(2));
	}

	@Test
	void serversKeepServingWhileZooKeeperIsDown() throws Exception {
		new ZooKeeperFaultScenario(this.directory).zooKeeperDown(Duration.ofSeconds(4));
	}

	@Test
	@Tag("fault")
	void expiredSessionRegistersAgainTenTimes() throws Exception {
		new ZooKeeperFaultScenario(this.directory).sessionExpiry(10);
	}

	@Test
	@Tag("fault")
	void sessionExpiringAgainWhileReconnectingRegistersAgain() throws Exception {
		new ZooKeeperFaultScenario(this.directory).sessionExpiryWhileReconnecting(20);
	}

	@Test
	@Tag("fault")
	void losingEnsembleNodesOneAtATimeDisturbsNoClient() throws Exception {
		new ZooKeeperFaultScenario(this.directory).ensembleNodeLoss(3, Duration.ofSeconds(5));
	}

	@Test
	@Tag("fault")
	void serversKeepServingWhileZooKeeperIsDownForTwentySeconds() throws Exception {
		new ZooKeeperFaultScenario(this.directory).zooKeeperDown(Duration.ofSeconds(20));
	}

}
