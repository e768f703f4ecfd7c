package dev.patching.lifecycle;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import dev.patching.internal.core.Lease;
import dev.patching.internal.core.PatchRegistry;
import dev.patching.internal.core.PatchSet;
import dev.patching.it.support.Scenarios;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs scenario classes with a deadline, and checks and tidies the JVM afterwards. The
 * scenarios patch one system property, {@link #KEY}, with a value per patch set.
 */
final class Runs {

	/**
	 * The system property every scenario here patches
	 * ({@code patching.system-properties[lifecycle.x]}).
	 */
	static final String KEY = "lifecycle.x";

	/** {@code patching.system-properties[lifecycle.x]=} followed by the value. */
	static final String X = "patching.system-properties[" + KEY + "]=";

	private Runs() {
	}

	/**
	 * One class after the other on one thread; fails the test if the run takes longer
	 * than {@code limit}.
	 */
	static EngineExecutionResults sequential(Duration limit, Class<?>... classes) {
		return within(limit, Map.of(), List.of(), classes);
	}

	static EngineExecutionResults within(Duration limit, Map<String, String> parameters, Class<?>... classes) {
		return within(limit, parameters, List.of(), classes);
	}

	/**
	 * Runs the classes with these JUnit parameters. A run that stalls (for instance in a
	 * wait for a patch set that never ends) is interrupted at {@code limit} and fails the
	 * test, naming where it stood and what the scenarios had recorded by then
	 * ({@code progress}), instead of holding the build for minutes.
	 */
	static EngineExecutionResults within(Duration limit, Map<String, String> parameters, List<?> progress,
			Class<?>... classes) {
		FutureTask<EngineExecutionResults> run = new FutureTask<>(() -> Scenarios.run(parameters, classes));
		Thread runner = new Thread(run, "scenario-run");
		runner.setDaemon(true);
		runner.start();
		try {
			return run.get(limit.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			String stuck = interruptWaiters();
			try {
				run.get(30, TimeUnit.SECONDS);
			}
			catch (Exception ignored) {
				// the run is reported as stalled either way
			}
			throw new AssertionError("the run of " + Arrays.stream(classes).map(Class::getSimpleName).toList()
					+ " did not finish within " + limit + "; recorded by then: " + progress + "; waiting then:\n"
					+ stuck);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
	}

	/**
	 * Interrupts the threads of this JVM that wait inside the patch registry; describes
	 * them.
	 */
	private static String interruptWaiters() {
		StringBuilder text = new StringBuilder();
		Thread.getAllStackTraces().forEach((thread, stack) -> {
			boolean waiting = Arrays.stream(stack)
				.anyMatch((frame) -> frame.getClassName().startsWith("dev.patching.internal.core."));
			if (waiting) {
				text.append(thread.getName()).append('\n');
				Arrays.stream(stack).limit(25).forEach((frame) -> text.append("    at ").append(frame).append('\n'));
				thread.interrupt();
			}
		});
		return text.toString();
	}

	/** A clean JVM: the property unset, no patch set in effect, no lease held. */
	static void assertNothingHeld() {
		assertThat(PatchRegistry.jvm().leases()).as("leases held after the run").isEmpty();
		assertThat(PatchRegistry.jvm().current()).as("patch set in effect after the run").isEqualTo(PatchSet.EMPTY);
		assertThat(System.getProperty(KEY)).as("System.getProperty(\"%s\") after the run", KEY).isNull();
	}

	/**
	 * After a test: gives back any lease a failing run left behind (restoring what it
	 * patched), so that one failure does not spread to the other tests of the build, and
	 * says what it found.
	 */
	static String releaseLeftovers() {
		List<Lease> left = PatchRegistry.jvm().leases();
		for (Lease lease : left) {
			PatchRegistry.jvm().release(lease);
		}
		System.clearProperty(KEY);
		return left.stream().map(Lease::toString).collect(Collectors.joining(", "));
	}

	/** Start and end of a stretch of checks, for overlap assertions. */
	record Interval(String label, long start, long end) {

		boolean overlaps(Interval other) {
			return this.start < other.end && other.start < this.end;
		}

	}

	/**
	 * Checks that the property has {@code expected} every 5 ms for about {@code millis},
	 * then records the stretch in {@code into} under {@code label}.
	 */
	static void watch(List<Interval> into, String label, String expected, int millis) {
		long start = System.nanoTime();
		long end = start + TimeUnit.MILLISECONDS.toNanos(millis);
		try {
			while (System.nanoTime() < end) {
				assertThat(System.getProperty(KEY)).as("%s sees %s", label, KEY).isEqualTo(expected);
				sleep(Duration.ofMillis(5));
			}
		}
		finally {
			into.add(new Interval(label, start, System.nanoTime()));
		}
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static <T> List<T> list() {
		return new CopyOnWriteArrayList<>();
	}

}
