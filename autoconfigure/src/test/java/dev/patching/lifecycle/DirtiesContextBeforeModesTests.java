package dev.patching.lifecycle;

import java.time.Duration;
import java.util.List;

import dev.patching.it.support.Scenario;
import dev.patching.it.support.Scenarios;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.annotation.DirtiesContext;

import static dev.patching.lifecycle.Runs.KEY;
import static dev.patching.lifecycle.Runs.X;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @DirtiesContext} modes that act before the class or before each method: the
 * class's context is created exactly as often as Spring creates it without the library,
 * each time with the set in effect from its first bean.
 */
class DirtiesContextBeforeModesTests {

	static final List<String> journal = Runs.list();

	@BeforeEach
	void clear() {
		journal.clear();
	}

	@AfterEach
	void tidy() {
		Runs.releaseLeftovers();
	}

	/**
	 * Spring alone:
	 * {@code DirtiesContextBeforeModesTestExecutionListener.beforeTestClass} closes the
	 * class's context if one is cached (none is), then the context is loaded once, when
	 * {@code DependencyInjectionTestExecutionListener.prepareTestInstance} injects the
	 * first test instance, and the second method finds it cached: one context for the
	 * class.
	 */
	@Test
	void beforeClassCreatesTheContextOnce() {
		EngineExecutionResults results = Runs.sequential(Duration.ofSeconds(30), DirtiedBeforeClass.class);

		assertThat(Scenarios.failures(results)).isEmpty();
		assertThat(journal).containsExactly("constructor=before class", "test=before class", "test=before class");
		Runs.assertNothingHeld();
	}

	/**
	 * Spring alone, for each of the three methods: {@code prepareTestInstance} injects
	 * the new instance from the cache (loading it for the first method only), then
	 * {@code DirtiesContextBeforeModesTestExecutionListener.beforeTestMethod} closes that
	 * context and asks for re-injection, and
	 * {@code DependencyInjectionTestExecutionListener.beforeTestMethod} loads a new one.
	 * The first method thus creates two contexts and each other one more: four for three
	 * methods.
	 */
	@Test
	void beforeEachMethodCreatesTheContextOnceMoreThanThereAreMethods() {
		EngineExecutionResults results = Runs.sequential(Duration.ofSeconds(30), DirtiedBeforeEachMethod.class);

		assertThat(Scenarios.failures(results)).isEmpty();
		assertThat(journal).containsExactly("constructor=before each", "constructor=before each", "test=before each",
				"constructor=before each", "test=before each", "constructor=before each", "test=before each");
		Runs.assertNothingHeld();
	}

	@Configuration(proxyBeanMethods = false)
	static class CountedBeans {

		@Bean
		Counted counted() {
			return new Counted();
		}

	}

	static class Counted {

		Counted() {
			journal.add("constructor=" + System.getProperty(KEY));
		}

	}

	@Scenario
	@SpringBootTest(classes = CountedBeans.class, properties = { X + "before class", "patching.wait-timeout=5s" })
	@DirtiesContext(classMode = DirtiesContext.ClassMode.BEFORE_CLASS)
	@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
	static class DirtiedBeforeClass {

		@Test
		@Order(1)
		void one() {
			journal.add("test=" + System.getProperty(KEY));
		}

		@Test
		@Order(2)
		void two() {
			journal.add("test=" + System.getProperty(KEY));
		}

	}

	@Scenario
	@SpringBootTest(classes = CountedBeans.class, properties = { X + "before each", "patching.wait-timeout=5s" })
	@DirtiesContext(classMode = DirtiesContext.ClassMode.BEFORE_EACH_TEST_METHOD)
	@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
	static class DirtiedBeforeEachMethod {

		@Test
		@Order(1)
		void one() {
			journal.add("test=" + System.getProperty(KEY));
		}

		@Test
		@Order(2)
		void two() {
			journal.add("test=" + System.getProperty(KEY));
		}

		@Test
		@Order(3)
		void three() {
			journal.add("test=" + System.getProperty(KEY));
		}

	}

}
