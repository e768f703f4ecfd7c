package dev.patching.lifecycle;

import java.time.Duration;
import java.util.List;

import dev.patching.it.support.Scenario;
import dev.patching.it.support.Scenarios;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adding the library changes nothing for a class that patches nothing (no
 * {@code patching.*} property): Spring loads a class's context when the first test
 * instance is prepared, after the class's {@code @BeforeAll} methods, so an assumption
 * there skips the class without loading its context, and a {@code @BeforeAll} runs before
 * any bean is created.
 */
class ClassCallbacksBeforeContextTests {

	static final List<String> journal = Runs.list();

	@BeforeEach
	void clear() {
		journal.clear();
	}

	@AfterEach
	void tidy() {
		Runs.releaseLeftovers();
	}

	@Test
	void anAssumptionInBeforeAllSkipsTheClassEvenThoughItsContextWouldFailToLoad() {
		EngineExecutionResults results = Runs.sequential(Duration.ofSeconds(30), AssumesInBeforeAll.class);

		assertThat(Scenarios.failures(results)).isEmpty();
		assertThat(results.containerEvents().aborted().count()).as("the class aborted (skipped)").isEqualTo(1);
		assertThat(journal).containsExactly("beforeAll");
		Runs.assertNothingHeld();
	}

	@Test
	void beforeAllRunsBeforeTheContextIsLoaded() {
		EngineExecutionResults results = Runs.sequential(Duration.ofSeconds(30), JournalsBeforeAll.class);

		assertThat(Scenarios.failures(results)).isEmpty();
		assertThat(journal).containsExactly("beforeAll", "bean constructor", "test");
		Runs.assertNothingHeld();
	}

	@Configuration(proxyBeanMethods = false)
	static class FailingBeans {

		@Bean
		Object refusesToStart() {
			journal.add("bean constructor");
			throw new IllegalStateException("this bean refuses to start");
		}

	}

	@Scenario
	@SpringBootTest(classes = FailingBeans.class)
	static class AssumesInBeforeAll {

		@BeforeAll
		static void assume() {
			journal.add("beforeAll");
			Assumptions.assumeTrue(false, "not here");
		}

		@Test
		void neverRuns() {
			journal.add("test");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class JournalingBeans {

		@Bean
		Journaled journaled() {
			return new Journaled();
		}

	}

	static class Journaled {

		Journaled() {
			journal.add("bean constructor");
		}

	}

	@Scenario
	@SpringBootTest(classes = JournalingBeans.class)
	static class JournalsBeforeAll {

		@BeforeAll
		static void first() {
			journal.add("beforeAll");
		}

		@Test
		void looks() {
			journal.add("test");
		}

	}

}
