package io.zkzeo.reliability;

import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 2: failover between two servers registered in ZooKeeper, see {@link FailoverScenario}.
 */
class FailoverIntegrationTests {

	@TempDir
	Path directory;

	@Test
	void clientMovesToTheOtherServerAfterAStopAndAKill() throws Exception {
		new FailoverScenario(this.directory, 2).run();
	}

	@Test
	@Tag("fault")
	void clientMovesToTheOtherServerAfterTenStopsAndTenKills() throws Exception {
		new FailoverScenario(this.directory, 20).run();
	}

}
