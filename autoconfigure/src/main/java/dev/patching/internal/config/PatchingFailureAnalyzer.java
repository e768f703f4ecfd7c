package dev.patching.internal.config;

import dev.patching.PatchingConfigurationException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a bad {@code patching.*} value into Spring Boot's "APPLICATION FAILED TO START"
 * report: the property, the value, and what it accepts.
 */
class PatchingFailureAnalyzer extends AbstractFailureAnalyzer<PatchingConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, PatchingConfigurationException cause) {
		String description = "The test context's patching settings are invalid: property '" + cause.getProperty()
				+ "' has the value '" + cause.getValue() + "'.";
		String action = "Change '" + cause.getProperty() + "' to " + cause.getAccepted() + ".";
		return new FailureAnalysis(description, action, cause);
	}

}
