package dev.patching.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.patching.it.ItApplication;
import dev.patching.it.support.Scenario;
import dev.patching.it.support.Scenarios;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.junit.jupiter.DisabledIf;
import org.springframework.test.context.junit.jupiter.EnabledIf;

import static dev.patching.lifecycle.Runs.KEY;
import static dev.patching.lifecycle.Runs.X;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A class that a Spring condition skips after loading its context
 * ({@code loadContext = true}) never runs a test, so nothing of its context may stay in
 * effect: the next plain class sees a clean JVM, and the next class with an uncached
 * context and another set starts without waiting.
 */
class SkippedByConditionTests {

	static final List<String> seen = Runs.list();

	/**
	 * Every class here has {@code patching.wait-timeout=3s}: a class that waited for the
	 * skipped one's set would fail after 3 s. A wait that is not bounded by it stalls the
	 * run, which fails at this limit.
	 */
	static final Duration LIMIT = Duration.ofSeconds(15);

	@BeforeEach
	void clear() {
		seen.clear();
	}

	@AfterEach
	void tidy() {
		Runs.releaseLeftovers();
	}

	@Test
	void aClassDisabledAfterLoadingItsContextLeavesTheJvmCleanAndHoldsUpNoOne() {
		EngineExecutionResults results = Runs.within(LIMIT, Map.of(), seen, DisabledAfterLoading.class, Plain.class,
				NextAfterDisabled.class);

		assertThat(seen).containsExactly("plain=null", "next=after disabled");
		assertThat(Scenarios.failures(results)).isEmpty();
		assertThat(results.containerEvents().skipped().count()).isEqualTo(1);
		Runs.assertNothingHeld();
	}

	@Test
	void aClassNotEnabledAfterLoadingItsContextLeavesTheJvmCleanAndHoldsUpNoOne() {
		EngineExecutionResults results = Runs.within(LIMIT, Map.of(), seen, NotEnabledAfterLoading.class, Plain.class,
				NextAfterNotEnabled.class);

		assertThat(seen).containsExactly("plain=null", "next=after not enabled");
		assertThat(Scenarios.failures(results)).isEmpty();
		assertThat(results.containerEvents().skipped().count()).isEqualTo(1);
		Runs.assertNothingHeld();
	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = { X + "disabled", "patching.wait-timeout=3s" })
	@DisabledIf(expression = "true", loadContext = true)
	static class DisabledAfterLoading {

		@Test
		void neverRuns() {
			seen.add("disabled ran");
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = { X + "not enabled", "patching.wait-timeout=3s" })
	@EnabledIf(expression = "false", loadContext = true)
	static class NotEnabledAfterLoading {

		@Test
		void neverRuns() {
			seen.add("not enabled ran");
		}

	}

	@Scenario
	static class Plain {

		@Test
		void looks() {
			seen.add("plain=" + System.getProperty(KEY));
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = { X + "after disabled", "patching.wait-timeout=3s" })
	static class NextAfterDisabled {

		@Test
		void looks() {
			seen.add("next=" + System.getProperty(KEY));
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = { X + "after not enabled", "patching.wait-timeout=3s" })
	static class NextAfterNotEnabled {

		@Test
		void looks() {
			seen.add("next=" + System.getProperty(KEY));
		}

	}

}
