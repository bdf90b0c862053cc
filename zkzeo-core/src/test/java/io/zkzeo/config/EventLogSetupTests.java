package io.zkzeo.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EventLogSetupTests {

	@Test
	void logfileShouldGetRootLevelHandlerThresholdAndTranslatedFormat(@TempDir Path dir) throws Exception {
		Path info = dir.resolve("info.log");
		Path errors = dir.resolve("errors.log");
		String text = """
				<zeo>
				  address 127.0.0.1
				</zeo>
				<mappingstorage/>
				<eventlog>
				  level info
				  <logfile>
				    path %s
				    format %%(levelname)s [%%(name)s] %%(message)s (100%%%%)
				  </logfile>
				  <logfile>
				    path %s
				    level error
				  </logfile>
				</eventlog>
				""".formatted(info, errors);
		EventLogConfig eventLog = RunZeoSetup.parse(text, "log.conf").eventLog();
		LoggerContext context = new LoggerContext();
		context.setMDCAdapter(new LogbackMDCAdapter());
		try {
			EventLogSetup.apply(eventLog, context);
			Logger logger = context.getLogger("zeo.test");
			logger.debug("hidden");
			logger.info("shown");
			logger.error("bad");
		}
		finally {
			context.stop();
		}
		assertThat(Files.readAllLines(info, StandardCharsets.UTF_8)).containsExactly("INFO [zeo.test] shown (100%)",
				"ERROR [zeo.test] bad (100%)");
		assertThat(Files.readString(errors, StandardCharsets.UTF_8)).doesNotContain("shown").contains("ERROR zeo.test bad");
	}

	@Test
	void formatsWithoutLogbackCounterpartShouldNotTranslate() {
		assertThat(LogFormats.isTranslatable("%(asctime)s %(levelname)-8s %(message)s")).isTrue();
		assertThat(LogFormats.isTranslatable("%(process)d %(message)s")).isFalse();
		assertThat(LogFormats.isTranslatable("100% %(message)s")).isFalse();
		assertThat(LogFormats.toPattern(null)).isEqualTo(LogFormats.DEFAULT_PATTERN);
		assertThatIllegalArgumentException().isThrownBy(() -> LogFormats.toPattern("%(process)d"))
			.withMessageContaining("process");
	}

}
