package io.zkzeo.reliability;

import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 4: bad input on the wire ({@link WireFuzzScenario}), in records ({@link PickleFuzzScenario}) and
 * in data files ({@link CorruptFileScenario}).
 */
class BadInputIntegrationTests {

	@TempDir
	Path directory;

	@Test
	void serverSurvivesFiftyThousandBadFrames() throws Exception {
		new WireFuzzScenario(this.directory, 50_000, 2, 20).run();
	}

	@Test
	@Tag("fault")
	void serverSurvivesAMillionBadFrames() throws Exception {
		new WireFuzzScenario(this.directory, 1_000_000, 3, 200).run();
	}

	@Test
	void recordCodecRaisesOnlyPickleExceptionOnFiftyThousandBadRecords() {
		new PickleFuzzScenario(this.directory, 50_000, 1).run();
	}

	@Test
	@Tag("fault")
	void recordCodecRaisesOnlyPickleExceptionOnAMillionBadRecords() {
		new PickleFuzzScenario(this.directory, 1_000_000, System.nanoTime()).run();
	}

	@Test
	void damagedDataFilesAreRefusedOrRecovered() throws Exception {
		new CorruptFileScenario(this.directory).run();
	}

}
