package dev.patching.it.support;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Runs scenario classes (static nested classes, which Surefire does not pick up by
 * itself) on the JUnit Jupiter engine, in the order given, in this JVM.
 */
public final class Scenarios {

	private Scenarios() {
	}

	public static EngineExecutionResults run(Class<?>... classes) {
		return run(false, classes);
	}

	public static EngineExecutionResults run(boolean parallel, Class<?>... classes) {
		return run(parallel ? CLASSES_CONCURRENT : Map.of(), classes);
	}

	/** Classes concurrent, each class's methods on its thread; fixed parallelism 4. */
	public static final Map<String, String> CLASSES_CONCURRENT = parallel("same_thread", "concurrent");

	/**
	 * Classes one after the other, the methods (and {@code @Nested} classes) of each
	 * concurrent; fixed parallelism 4.
	 */
	public static final Map<String, String> METHODS_CONCURRENT = parallel("concurrent", "same_thread");

	/**
	 * Runs with these JUnit configuration parameters (e.g. another parallel
	 * configuration) added.
	 */
	public static EngineExecutionResults run(Map<String, String> parameters, Class<?>... classes) {
		EngineTestKit.Builder builder = EngineTestKit.engine("junit-jupiter")
			.selectors(java.util.Arrays.stream(classes)
				.map(DiscoverySelectors::selectClass)
				.toArray(org.junit.platform.engine.DiscoverySelector[]::new))
			.configurationParameter("junit.jupiter.testclass.order.default", OrderedAsGiven.class.getName())
			.configurationParameter(Scenario.PARAMETER, "true")
			.configurationParameters(parameters);
		OrderedAsGiven.order(List.of(classes));
		return builder.execute();
	}

	private static Map<String, String> parallel(String methods, String classes) {
		return Map.of("junit.jupiter.execution.parallel.enabled", "true",
				"junit.jupiter.execution.parallel.mode.default", methods,
				"junit.jupiter.execution.parallel.mode.classes.default", classes,
				"junit.jupiter.execution.parallel.config.strategy", "fixed",
				"junit.jupiter.execution.parallel.config.fixed.parallelism", "4");
	}

	/**
	 * Every failure of the run, with its message and causes, for assertions and for
	 * diagnostics.
	 */
	public static String failures(EngineExecutionResults results) {
		return results.allEvents().failed().stream().map(Scenarios::describe).collect(Collectors.joining("\n---\n"));
	}

	private static String describe(Event event) {
		StringBuilder text = new StringBuilder(event.getTestDescriptor().getDisplayName());
		event.getPayload(org.junit.platform.engine.TestExecutionResult.class)
			.flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
			.ifPresent((throwable) -> {
				for (Throwable cause = throwable; cause != null; cause = cause.getCause()) {
					text.append("\n  ").append(cause.getClass().getName()).append(": ").append(cause.getMessage());
				}
			});
		return text.toString();
	}

}
