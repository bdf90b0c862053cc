package io.zkzeo.reliability;

import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 1: a server process killed with SIGKILL under concurrent commit load, see {@link CrashScenario}.
 */
class CrashIntegrationTests {

	@TempDir
	Path directory;

	@Test
	void acknowledgedCommitsSurviveTwoKills() throws Exception {
		new CrashScenario(this.directory, 2, 3, 1).run();
	}

	@Test
	@Tag("fault")
	void acknowledgedCommitsSurviveTwentyKills() throws Exception {
		new CrashScenario(this.directory, 20, 4, System.nanoTime()).run();
	}

}
