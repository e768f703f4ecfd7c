package dev.patching.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.patching.internal.core.PatchOwners;
import dev.patching.internal.core.PatchRegistry;
import dev.patching.it.support.Scenario;
import dev.patching.it.support.Scenarios;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static dev.patching.lifecycle.Runs.X;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A context that fails to load is reported as Spring reports it: each test method fails
 * (the class itself does not), the first with "Failed to load ApplicationContext" caused
 * by the bean's own exception, the later ones with Spring's "failure threshold exceeded"
 * (by default Spring tries a failing context once), as without the library.
 */
class ContextLoadFailureTests {

	@AfterEach
	void tidy() {
		Runs.releaseLeftovers();
	}

	@Test
	void eachTestMethodFailsWithSpringsFailedToLoadAndTheCause() {
		EngineExecutionResults results = Runs.sequential(Duration.ofSeconds(30), FailsToLoad.class);

		assertThat(results.containerEvents().failed().count())
			.as("failed containers (the class must not fail itself); failures: %s", Scenarios.failures(results))
			.isZero();
		Map<String, String> failures = results.testEvents()
			.failed()
			.stream()
			.collect(Collectors.toMap((event) -> event.getTestDescriptor().getDisplayName(),
					ContextLoadFailureTests::chain));
		assertThat(failures).containsOnlyKeys("first()", "second()");
		assertThat(failures.get("first()")).contains("Failed to load ApplicationContext", "this bean refuses to start");
		assertThat(failures.get("second()")).contains("ApplicationContext failure threshold (1) exceeded");
		// Found by the lifecycle fuzzer: with its context gone the class held nothing, so
		// its @AfterAll ran under whichever set a parallel class had put in effect.
		assertThat(FailsToLoad.heldInAfterAll).as("leases held in @AfterAll")
			.anySatisfy(
					(lease) -> assertThat(lease).contains("test class " + FailsToLoad.class.getName(), "(exclusive)"));
		Runs.assertNothingHeld();
	}

	@Test
	void aPerClassInstanceWhoseContextFailsLeavesNothingHeld() {
		// Found by the lifecycle fuzzer: the class kept a lease for an afterTestClass
		// that never
		// comes (a PER_CLASS instance is prepared before beforeTestClass; when that
		// fails, the class
		// never starts).
		EngineExecutionResults results = Runs.sequential(Duration.ofSeconds(30), PerClassFailsToLoad.class);

		assertThat(Scenarios.failures(results)).contains("this bean refuses to start");
		Runs.assertNothingHeld();
	}

	@Test
	void aPerClassInstanceWhoseContextFailsLeavesNoOwnerOnItsThread() {
		// Found by the lifecycle fuzzer: the class stayed the owner acting on the thread
		// that prepared its instance, so a context the next class's condition loaded
		// there was kept for it, "being created" for good, and classes waited for it
		// until their wait timeout. Run on this thread to see what it leaves here.
		Object before = PatchOwners.get();

		EngineExecutionResults results = Scenarios.run(Map.of(), PerClassFailsToLoadOnThisThread.class);

		assertThat(Scenarios.failures(results)).contains("this bean refuses to start");
		assertThat(PatchOwners.get()).as("the owner acting on this thread after the run").isSameAs(before);
		Runs.assertNothingHeld();
	}

	private static String chain(Event event) {
		StringBuilder text = new StringBuilder();
		Throwable failure = event.getPayload(TestExecutionResult.class)
			.flatMap(TestExecutionResult::getThrowable)
			.orElseThrow();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			text.append(cause.getClass().getName()).append(": ").append(cause.getMessage()).append('\n');
		}
		return text.toString();
	}

	@Configuration(proxyBeanMethods = false)
	static class FailingBeans {

		@Bean
		Object refusesToStart() {
			throw new IllegalStateException("this bean refuses to start");
		}

	}

	@Scenario
	@SpringBootTest(classes = FailingBeans.class, properties = { X + "fails", "patching.wait-timeout=5s" })
	@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
	static class FailsToLoad {

		@Test
		@Order(1)
		void first() {
		}

		@Test
		@Order(2)
		void second() {
		}

		static List<String> heldInAfterAll = List.of();

		@AfterAll
		static void afterAll() {
			heldInAfterAll = PatchRegistry.jvm().leases().stream().map(Object::toString).toList();
		}

	}

	@Scenario
	@SpringBootTest(classes = FailingBeans.class, properties = { X + "fails-per-class", "patching.wait-timeout=5s" })
	@TestInstance(TestInstance.Lifecycle.PER_CLASS)
	static class PerClassFailsToLoad {

		@Test
		void first() {
		}

	}

	/** The same with a context of its own (Spring does not try a failed one again). */
	@Scenario
	@SpringBootTest(classes = FailingBeans.class,
			properties = { X + "fails-per-class-here", "patching.wait-timeout=5s" })
	@TestInstance(TestInstance.Lifecycle.PER_CLASS)
	static class PerClassFailsToLoadOnThisThread {

		@Test
		void first() {
		}

	}

}
