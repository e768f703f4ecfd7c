package dev.patching.lifecycle;

import java.time.Duration;
import java.util.List;

import dev.patching.it.ItApplication;
import dev.patching.it.support.Scenario;
import dev.patching.it.support.Scenarios;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import org.springframework.boot.test.context.SpringBootTest;

import static dev.patching.lifecycle.Runs.KEY;
import static dev.patching.lifecycle.Runs.X;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The methods of one class run concurrently (JUnit's {@code mode.default=concurrent},
 * classes one after the other): each method, on whichever worker thread it runs, sees the
 * class's set, and once the class is over nothing of it is left in the JVM.
 */
class ConcurrentMethodsTests {

	static final List<String> seen = Runs.list();

	static final List<String> threads = Runs.list();

	@BeforeEach
	void clear() {
		seen.clear();
		threads.clear();
	}

	@AfterEach
	void tidy() {
		Runs.releaseLeftovers();
	}

	@Test
	void everyConcurrentMethodSeesTheClassesSetAndNothingIsHeldAfterTheClass() {
		EngineExecutionResults results = Runs.within(Duration.ofSeconds(60), Scenarios.METHODS_CONCURRENT,
				EightMethods.class);

		assertThat(Scenarios.failures(results)).isEmpty();
		assertThat(results.testEvents().succeeded().count()).isEqualTo(8);
		assertThat(seen).hasSize(16).containsOnly("M");
		assertThat(threads).as("the methods ran on more than one thread").hasSizeGreaterThan(1);
		Runs.assertNothingHeld();
	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = { X + "M", "patching.wait-timeout=5s" })
	static class EightMethods {

		static void look() {
			String thread = Thread.currentThread().getName();
			if (!threads.contains(thread)) {
				threads.add(thread);
			}
			seen.add(String.valueOf(System.getProperty(KEY)));
			Runs.sleep(Duration.ofMillis(100));
			seen.add(String.valueOf(System.getProperty(KEY)));
		}

		@Test
		void one() {
			look();
		}

		@Test
		void two() {
			look();
		}

		@Test
		void three() {
			look();
		}

		@Test
		void four() {
			look();
		}

		@Test
		void five() {
			look();
		}

		@Test
		void six() {
			look();
		}

		@Test
		void seven() {
			look();
		}

		@Test
		void eight() {
			look();
		}

	}

}
