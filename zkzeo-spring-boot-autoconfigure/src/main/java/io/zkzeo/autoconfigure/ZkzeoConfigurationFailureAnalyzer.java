package io.zkzeo.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link ZkzeoConfigurationException}: which property is wrong, why, and what to set.
 */
class ZkzeoConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<ZkzeoConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ZkzeoConfigurationException cause) {
		String description = (cause.getValue() != null)
				? "The value '" + cause.getValue() + "' of the property '" + cause.getProperty() + "' cannot be used: "
						+ cause.getReason() + "."
				: "The property '" + cause.getProperty() + "' is not set: " + cause.getReason() + ".";
		String action = "Review the value of the property '" + cause.getProperty()
				+ "' (in application.properties, an environment variable such as "
				+ cause.getProperty().toUpperCase().replace('.', '_').replace("-", "")
				+ ", or a --" + cause.getProperty() + "=... argument).";
		return new FailureAnalysis(description, action, cause);
	}

}
