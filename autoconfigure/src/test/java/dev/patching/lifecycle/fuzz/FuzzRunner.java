package dev.patching.lifecycle.fuzz;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TimeZone;

import dev.patching.PatchWaitTimeoutException;
import dev.patching.internal.core.PatchOwners;
import dev.patching.internal.core.PatchRegistry;
import dev.patching.internal.core.PatchSet;
import dev.patching.it.support.CachedContexts;
import dev.patching.lifecycle.fuzz.FuzzCheck.ClassResult;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

/**
 * Runs one suite on the JUnit Jupiter engine in this JVM, then closes every context
 * Spring cached (so that the next suite starts from an empty cache) and reads what the
 * suite left behind.
 */
final class FuzzRunner {

	private FuzzRunner() {
	}

	static FuzzCheck.Run run(FuzzSuite suite) {
		FuzzJournal.clear();
		Properties before = copy(System.getProperties());
		List<Class<?>> classes = FuzzClasses.make(suite);
		long started = System.nanoTime();
		EngineExecutionResults results = engine(suite, classes).execute();
		long millis = (System.nanoTime() - started) / 1_000_000;
		List<String> problems = new ArrayList<>(closeCachedContexts());
		problems.addAll(leftovers(before));
		Map<String, ClassResult> outcomes = new LinkedHashMap<>();
		for (Class<?> testClass : classes) {
			outcomes.put(testClass.getSimpleName(), outcome(results, testClass));
		}
		List<String> waited = results.allEvents()
			.stream()
			.flatMap((event) -> throwable(event).stream())
			.filter(FuzzRunner::waitedTooLong)
			.map((throwable) -> throwable.getMessage().lines().findFirst().orElse(""))
			.distinct()
			.toList();
		List<String> names = classes.stream().map(Class::getSimpleName).toList();
		return new FuzzCheck.Run(suite, names, FuzzJournal.entries(), outcomes, waited, problems, millis);
	}

	private static EngineTestKit.Builder engine(FuzzSuite suite, List<Class<?>> classes) {
		FuzzOrder.order(classes);
		EngineTestKit.Builder builder = EngineTestKit.engine("junit-jupiter")
			.selectors(classes.stream().map(DiscoverySelectors::selectClass).toArray(DiscoverySelector[]::new))
			.configurationParameter("junit.jupiter.testclass.order.default", FuzzOrder.class.getName())
			.configurationParameter(FuzzBases.PARAMETER, "true");
		if (suite.mode().isSequential()) {
			return builder.configurationParameter("junit.jupiter.execution.parallel.enabled", "false");
		}
		boolean classesConcurrent = suite.mode() != FuzzSuite.Mode.METHODS_CONCURRENT;
		boolean methodsConcurrent = suite.mode() != FuzzSuite.Mode.CLASSES_CONCURRENT;
		return builder.configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
			.configurationParameter("junit.jupiter.execution.parallel.mode.default",
					methodsConcurrent ? "concurrent" : "same_thread")
			.configurationParameter("junit.jupiter.execution.parallel.mode.classes.default",
					classesConcurrent ? "concurrent" : "same_thread")
			.configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
			.configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism",
					String.valueOf(suite.threads()));
	}

	private static ClassResult outcome(EngineExecutionResults results, Class<?> testClass) {
		List<String> failures = new ArrayList<>();
		int succeeded = 0;
		boolean skipped = false;
		boolean aborted = false;
		for (Event event : results.allEvents().list()) {
			TestDescriptor descriptor = event.getTestDescriptor();
			if (topLevel(descriptor).filter(testClass::equals).isEmpty()) {
				continue;
			}
			boolean isClass = descriptor.getParent().map((parent) -> parent.getParent().isEmpty()).orElse(false);
			if (event.getType() == EventType.SKIPPED && isClass) {
				skipped = true;
			}
			Optional<TestExecutionResult> result = event.getPayload(TestExecutionResult.class);
			if (event.getType() != EventType.FINISHED || result.isEmpty()) {
				continue;
			}
			switch (result.get().getStatus()) {
				case SUCCESSFUL -> succeeded += descriptor.isTest() ? 1 : 0;
				case ABORTED -> aborted |= isClass;
				case FAILED -> failures.add(FuzzJournal.nameOf(classOf(descriptor)) + ": " + describe(result.get()));
			}
		}
		return new ClassResult(succeeded, failures, skipped, aborted);
	}

	/** The top-level test class a descriptor belongs to. */
	private static Optional<Class<?>> topLevel(TestDescriptor descriptor) {
		TestDescriptor current = descriptor;
		while (current.getParent().isPresent() && current.getParent().get().getParent().isPresent()) {
			current = current.getParent().get();
		}
		return current.getSource()
			.filter(ClassSource.class::isInstance)
			.map((source) -> ((ClassSource) source).getJavaClass());
	}

	private static Class<?> classOf(TestDescriptor descriptor) {
		for (TestDescriptor current = descriptor; current != null; current = current.getParent().orElse(null)) {
			if (current.getSource().filter(ClassSource.class::isInstance).isPresent()) {
				return ((ClassSource) current.getSource().get()).getJavaClass();
			}
		}
		return Object.class;
	}

	private static String describe(TestExecutionResult result) {
		StringBuilder text = new StringBuilder();
		for (Throwable cause = result.getThrowable().orElse(null); cause != null; cause = cause.getCause()) {
			String message = String.valueOf(cause.getMessage()).lines().findFirst().orElse("");
			text.append(text.length() == 0 ? "" : " / caused by ")
				.append(cause.getClass().getSimpleName())
				.append(": ")
				.append(message);
		}
		return text.toString();
	}

	private static Optional<Throwable> throwable(Event event) {
		return event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable);
	}

	private static boolean waitedTooLong(Throwable throwable) {
		for (Throwable cause = throwable; cause != null; cause = cause.getCause()) {
			if (cause instanceof PatchWaitTimeoutException) {
				return true;
			}
			for (Throwable suppressed : cause.getSuppressed()) {
				if (waitedTooLong(suppressed)) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Closes every cached context (each with its own patches, by the library) and empties
	 * the cache.
	 */
	private static List<String> closeCachedContexts() {
		List<String> problems = new ArrayList<>();
		CachedContexts.closeAll((ex) -> problems.add("closing a cached context after the suite failed: " + ex));
		return problems;
	}

	/**
	 * What the suite left in the JVM: leases, patches, system properties, the time zone.
	 */
	private static List<String> leftovers(Properties before) {
		List<String> problems = new ArrayList<>();
		if (!PatchRegistry.jvm().leases().isEmpty()) {
			problems.add("after the suite, leases are still held: " + PatchRegistry.jvm().leases());
		}
		if (PatchRegistry.jvm().current() != PatchSet.EMPTY) {
			problems.add("after the suite, a set is still applied: " + PatchRegistry.jvm().current());
		}
		Map<Object, Object> after = new HashMap<>(System.getProperties());
		for (String key : before.stringPropertyNames()) {
			if (!String.valueOf(after.remove(key)).equals(before.getProperty(key))) {
				problems.add("after the suite, system property " + key + "=" + System.getProperty(key) + ", was "
						+ before.getProperty(key));
			}
		}
		after.keySet()
			.forEach((key) -> problems
				.add("after the suite, system property " + key + "=" + after.get(key) + " is new"));
		if (!TimeZone.getDefault().getID().equals(FuzzSets.ORIGINAL_TIME_ZONE)) {
			problems.add("after the suite, the time zone is " + TimeZone.getDefault().getID());
		}
		if (PatchOwners.get() != null) {
			// Sequential suites run on this thread: an owner left here would take the
			// next suite's contexts for its own.
			problems.add("after the suite, thread " + Thread.currentThread().getName() + " still acts for "
					+ PatchOwners.get());
		}
		return problems;
	}

	private static Properties copy(Properties properties) {
		Properties copy = new Properties();
		copy.putAll(properties);
		return copy;
	}

	/**
	 * Whether the JVM is fit for another suite (a suite that left patches or leases
	 * spoils the next).
	 */
	static boolean clean() {
		return PatchRegistry.jvm().leases().isEmpty() && PatchRegistry.jvm().current() == PatchSet.EMPTY
				&& System.getProperty("fz.set") == null
				&& TimeZone.getDefault().getID().equals(FuzzSets.ORIGINAL_TIME_ZONE) && PatchOwners.get() == null;
	}

}
