package dev.patching.it;

import dev.patching.PatchingTestExecutionListener;
import dev.patching.it.support.Scenario;
import dev.patching.it.support.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.TestExecutionListeners;
import org.springframework.test.context.support.DependencyInjectionTestExecutionListener;

import static org.assertj.core.api.Assertions.assertThat;

/** What a user sees when a context cannot be patched as configured. */
class ContextFailureMessageTests {

	@Test
	void aBadValueFailsTheContextNamingPropertyAndValue() {
		EngineExecutionResults results = Scenarios.run(BadTimeZone.class);
		assertThat(Scenarios.failures(results))
			.contains("Invalid value 'Moon/Tranquility' for property 'patching.time-zone'");
	}

	@Test
	void replacingTheDefaultListenersWithPatchesOnFailsClearlyInsteadOfLeaking() {
		EngineExecutionResults results = Scenarios.run(ListenersReplaced.class);
		assertThat(Scenarios.failures(results)).contains(
				"declares @TestExecutionListeners without PatchingTestExecutionListener", "MERGE_WITH_DEFAULTS",
				"or list dev.patching.PatchingTestExecutionListener in it");
		assertThat(System.getProperty("it.replaced")).isNull();
	}

	@Test
	void replacingTheDefaultListenersWithPatchingsListedWorks() {
		EngineExecutionResults results = Scenarios.run(ListenerListed.class);
		assertThat(Scenarios.failures(results)).isEmpty();
		results.testEvents().assertStatistics((stats) -> stats.succeeded(1));
		assertThat(System.getProperty("it.listed")).isNull();
	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = "patching.time-zone=Moon/Tranquility")
	static class BadTimeZone {

		@Test
		void neverRuns() {
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = "patching.system-properties[it.replaced]=on")
	@TestExecutionListeners(DependencyInjectionTestExecutionListener.class)
	static class ListenersReplaced {

		@Test
		void neverRuns() {
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = "patching.system-properties[it.listed]=on")
	@TestExecutionListeners({ PatchingTestExecutionListener.class, DependencyInjectionTestExecutionListener.class })
	static class ListenerListed {

		@Test
		void seesItsPatches() {
			assertThat(System.getProperty("it.listed")).isEqualTo("on");
		}

	}

}
