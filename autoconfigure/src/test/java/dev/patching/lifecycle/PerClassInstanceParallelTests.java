package dev.patching.lifecycle;

import java.time.Duration;
import java.util.List;

import dev.patching.it.ItApplication;
import dev.patching.it.support.Scenario;
import dev.patching.it.support.Scenarios;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import org.springframework.boot.test.context.SpringBootTest;

import static dev.patching.lifecycle.Runs.KEY;
import static dev.patching.lifecycle.Runs.X;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code @TestInstance(PER_CLASS)} class gets its test instance, and so its context,
 * before its class callbacks. In a parallel run (classes concurrent) beside a class that
 * holds a cached context with another set for about a second, it waits for that class and
 * then runs with its own set: both pass, well within {@code patching.wait-timeout=5s}.
 */
class PerClassInstanceParallelTests {

	static final List<String> seen = Runs.list();

	static volatile boolean holding;

	@BeforeEach
	void clear() {
		seen.clear();
	}

	@AfterEach
	void tidy() {
		holding = false;
		Runs.releaseLeftovers();
	}

	@Test
	void aPerClassInstanceWithAnUncachedContextWaitsForTheOtherSetAndPasses() {
		// The holder's context is cached first, so that in the parallel run it holds its
		// set at once.
		assertThat(Scenarios.failures(Runs.sequential(Duration.ofSeconds(30), Holder.class))).isEmpty();
		seen.clear();
		holding = true;

		EngineExecutionResults results = Runs.within(Duration.ofSeconds(40), Scenarios.CLASSES_CONCURRENT, seen,
				Holder.class, PerClass.class);

		assertThat(Scenarios.failures(results)).isEmpty();
		assertThat(seen).containsExactlyInAnyOrder("holder=held", "holder=held", "per class=own");
		Runs.assertNothingHeld();
	}

	/**
	 * Holds its cached context's set for about a second: two methods of half a second
	 * each.
	 */
	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = { X + "held", "patching.wait-timeout=5s" })
	static class Holder {

		@Test
		void first() {
			seen.add("holder=" + System.getProperty(KEY));
			Runs.sleep(Duration.ofMillis(holding ? 500 : 0));
		}

		@Test
		void second() {
			seen.add("holder=" + System.getProperty(KEY));
			Runs.sleep(Duration.ofMillis(holding ? 500 : 0));
		}

	}

	@Scenario
	@TestInstance(TestInstance.Lifecycle.PER_CLASS)
	@SpringBootTest(classes = ItApplication.class, properties = { X + "own", "patching.wait-timeout=5s" })
	static class PerClass {

		PerClass() {
			// Lets the holder take its set first.
			Runs.sleep(Duration.ofMillis(200));
		}

		@Test
		void looks() {
			seen.add("per class=" + System.getProperty(KEY));
		}

	}

}
