package dev.patching.it.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class that only runs inside {@link Scenarios#run}, never on its own (its outcome
 * is asserted by the test that runs it, so a run of its own would only fail or muddle the
 * cache).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(Scenario.OnlyInScenarios.class)
public @interface Scenario {

	/** The configuration parameter {@link Scenarios} sets. */
	String PARAMETER = "dev.patching.scenario";

	class OnlyInScenarios implements ExecutionCondition {

		@Override
		public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
			return context.getConfigurationParameter(PARAMETER).isPresent()
					? ConditionEvaluationResult.enabled("run by Scenarios") : ConditionEvaluationResult
						.disabled("a scenario: runs only inside the test that asserts its outcome");
		}

	}

}
