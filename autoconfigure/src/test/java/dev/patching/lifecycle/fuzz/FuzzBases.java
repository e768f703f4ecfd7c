package dev.patching.lifecycle.fuzz;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * The templates of the fuzzer's test classes. The fuzzer derives concrete classes from
 * them at run time, adding the set's properties and the drawn features as annotations;
 * each class journals every callback (see {@link FuzzJournal}).
 */
public final class FuzzBases {

	/**
	 * The configuration parameter the fuzzer sets; without it these classes are skipped.
	 */
	public static final String PARAMETER = "dev.patching.fuzz";

	private FuzzBases() {
	}

	/**
	 * Runs the classes only inside the fuzzer, never when a build happens to select them.
	 */
	public static class OnlyInFuzzer implements ExecutionCondition {

		@Override
		public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
			return context.getConfigurationParameter(PARAMETER).isPresent()
					? ConditionEvaluationResult.enabled("fuzzing")
					: ConditionEvaluationResult.disabled("a fuzzer template: runs only inside the fuzzer");
		}

	}

	@ExtendWith(OnlyInFuzzer.class)
	public abstract static class Methods {

		static final int TEST_PAUSE_MILLIS = 4;

		@BeforeAll
		static void beforeAll(TestInfo info) {
			Class<?> testClass = info.getTestClass().orElseThrow();
			FuzzJournal.inClass("beforeAll", testClass, 0);
			Assumptions.assumeFalse(FuzzJournal.roleOf(testClass).abortInBeforeAll(), "skipped in @BeforeAll");
		}

		@AfterAll
		static void afterAll(TestInfo info) {
			FuzzJournal.inClass("afterAll", info.getTestClass().orElseThrow(), 0);
		}

		// For a test of a @Nested class these also run on the outer instance: the test's
		// class is the nested one.
		@BeforeEach
		void beforeEach(TestInfo info) {
			FuzzJournal.inClass("beforeEach", info.getTestClass().orElseThrow(), 0);
		}

		@AfterEach
		void afterEach(TestInfo info) {
			FuzzJournal.inClass("afterEach", info.getTestClass().orElseThrow(), 0);
		}

		@Test
		void first() {
			FuzzJournal.inClass("test first", getClass(), TEST_PAUSE_MILLIS);
		}

		@Test
		void second() {
			FuzzJournal.inClass("test second", getClass(), TEST_PAUSE_MILLIS);
		}

		@Test
		void third() {
			FuzzJournal.inClass("test third", getClass(), TEST_PAUSE_MILLIS);
		}

	}

	/** A plain JUnit class. */
	public abstract static class Plain extends Methods {

	}

	/**
	 * A {@code @SpringBootTest} class; the derived class adds its set with
	 * {@code @TestPropertySource}.
	 */
	@SpringBootTest(classes = FuzzApp.class)
	@FuzzSets.Common
	public abstract static class Boot extends Methods {

	}

	/**
	 * A class with a context hierarchy; the derived class adds {@code @ContextHierarchy}.
	 */
	@ExtendWith(SpringExtension.class)
	@FuzzSets.Common
	public abstract static class Hierarchy extends Methods {

	}

}
