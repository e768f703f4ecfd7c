package dev.patching.it.support;

import java.util.ArrayList;
import java.util.List;

import dev.patching.internal.core.PatchRegistry;
import dev.patching.internal.core.PatchSet;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Runs scenario classes in a JVM of their own (for settings Spring reads once per JVM,
 * such as {@code spring.test.context.cache.maxSize}) and prints one verdict line per
 * check, then {@code VERDICT ok} or {@code VERDICT failed}.
 */
public final class ScenarioMain {

	private ScenarioMain() {
	}

	public static void main(String[] args) throws Exception {
		List<Class<?>> classes = new ArrayList<>();
		for (String name : args) {
			classes.add(Class.forName(name));
		}
		EngineExecutionResults results = Scenarios.run(classes.toArray(Class<?>[]::new));
		String failures = Scenarios.failures(results);
		System.out.println("SUCCEEDED " + results.testEvents().succeeded().count());
		System.out.println("FAILURES " + (failures.isEmpty() ? "none" : failures));
		System.out.println("JOURNAL " + Journal.events());
		System.out.println("AFTER it.side=" + System.getProperty("it.side") + " current="
				+ (PatchRegistry.jvm().current() == PatchSet.EMPTY ? "clean" : PatchRegistry.jvm().current())
				+ " leases=" + PatchRegistry.jvm().leases());
		boolean ok = failures.isEmpty() && System.getProperty("it.side") == null
				&& PatchRegistry.jvm().leases().isEmpty();
		System.out.println("VERDICT " + (ok ? "ok" : "failed"));
		System.out.flush();
		System.exit(ok ? 0 : 1);
	}

}
