package dev.patching.lifecycle;

import java.time.Duration;
import java.util.List;

import dev.patching.internal.core.PatchOwners;
import dev.patching.it.ItApplication;
import dev.patching.it.support.Scenario;
import dev.patching.it.support.Scenarios;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import org.springframework.boot.test.context.SpringBootTest;

import static dev.patching.lifecycle.Runs.X;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The thread's current owner ({@link PatchOwners}) is the test class the listener works
 * for; it decides whose a context created or closed on that thread is, and so whether
 * that context may stack its set on a class's leases without waiting. When a class is
 * over, no thread it ran on may still name it: a context started there later would
 * otherwise count as the finished class's.
 * <p>
 * JUnit's worker threads live as long as the run, so the check is made inside the run: a
 * plain JUnit class that follows a Spring class whose methods ran concurrently looks, on
 * every worker thread it reaches (some of them threads the Spring methods ran on),
 * whether the thread still names an owner. The plain class has no Spring listener, so
 * nothing of its own can have set one.
 */
class OwnerClearedOnWorkerThreadsTests {

	static final List<String> springThreads = Runs.list();

	static final List<String> plainThreads = Runs.list();

	static final List<String> stale = Runs.list();

	@BeforeEach
	void clear() {
		springThreads.clear();
		plainThreads.clear();
		stale.clear();
	}

	@AfterEach
	void tidy() {
		Runs.releaseLeftovers();
	}

	@Test
	void noWorkerThreadStillNamesAFinishedClassAsItsOwner() {
		EngineExecutionResults results = Runs.within(Duration.ofSeconds(60), Scenarios.METHODS_CONCURRENT,
				SpringMethods.class, PlainMethods.class);

		assertThat(Scenarios.failures(results)).isEmpty();
		assertThat(plainThreads).as("the plain class ran on threads the Spring class's methods ran on")
			.containsAnyElementsOf(springThreads);
		assertThat(stale).as("owners left on threads after their class was over").isEmpty();
	}

	static void note(List<String> into) {
		String thread = Thread.currentThread().getName();
		if (!into.contains(thread)) {
			into.add(thread);
		}
	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = { X + "owners", "patching.wait-timeout=5s" })
	static class SpringMethods {

		static void run() {
			note(springThreads);
			Runs.sleep(Duration.ofMillis(100));
		}

		@Test
		void one() {
			run();
		}

		@Test
		void two() {
			run();
		}

		@Test
		void three() {
			run();
		}

		@Test
		void four() {
			run();
		}

		@Test
		void five() {
			run();
		}

		@Test
		void six() {
			run();
		}

	}

	@Scenario
	static class PlainMethods {

		static void look() {
			note(plainThreads);
			Object owner = PatchOwners.current();
			if (owner != Thread.currentThread()) {
				stale.add(Thread.currentThread().getName() + " -> " + owner);
			}
			Runs.sleep(Duration.ofMillis(100));
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
