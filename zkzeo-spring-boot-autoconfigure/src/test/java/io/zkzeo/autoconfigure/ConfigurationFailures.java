package io.zkzeo.autoconfigure;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finds the {@link ZkzeoConfigurationException} behind a failed start and checks what the failure analyzer
 * tells the user.
 */
final class ConfigurationFailures {

	private ConfigurationFailures() {
	}

	static ZkzeoConfigurationException cause(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		for (Throwable cause = context.getStartupFailure(); cause != null; cause = cause.getCause()) {
			if (cause instanceof ZkzeoConfigurationException configuration) {
				return configuration;
			}
		}
		throw new AssertionError("No ZkzeoConfigurationException in " + context.getStartupFailure());
	}

	/**
	 * Asserts that the start failed because of the given property, and that the analysis names it in both
	 * its description and its action.
	 */
	static FailureAnalysis assertFailedOn(AssertableApplicationContext context, String property) {
		ZkzeoConfigurationException cause = cause(context);
		assertThat(cause.getProperty()).isEqualTo(property);
		FailureAnalysis analysis = new ZkzeoConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("'" + property + "'");
		assertThat(analysis.getAction()).contains("'" + property + "'");
		return analysis;
	}

}
