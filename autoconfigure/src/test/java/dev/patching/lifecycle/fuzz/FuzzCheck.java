package dev.patching.lifecycle.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.patching.lifecycle.fuzz.FuzzJournal.Entry;
import dev.patching.lifecycle.fuzz.FuzzSets.View;
import dev.patching.lifecycle.fuzz.FuzzSuite.Feature;
import dev.patching.lifecycle.fuzz.FuzzSuite.Spec;

/**
 * The rule, checked against what a suite did. Pure: it reads a {@link Run} and names
 * every violation, so that it can be tested with hand-made runs.
 */
public final class FuzzCheck {

	/**
	 * A suite slower than this waited for something (the wait timeout of a suite is 2 s).
	 */
	static final long SLOW_SUITE_MILLIS = 20_000;

	private static final int MAX_REPORTED_PER_KIND = 6;

	private FuzzCheck() {
	}

	/** What a top-level class did (its @Nested classes included). */
	public record ClassResult(int succeededTests, List<String> failures, boolean skipped, boolean aborted) {

	}

	/**
	 * A finished suite: its classes' names (in the suite's order), the journal, each
	 * class's result, every wait that timed out, what was left behind, how long it took.
	 */
	public record Run(FuzzSuite suite, List<String> classNames, List<Entry> journal, Map<String, ClassResult> results,
			List<String> waitTimeouts, List<String> leftovers, long millis) {

	}

	public static List<String> violations(Run run) {
		List<String> violations = new ArrayList<>();
		wrongSets(run, violations);
		overlaps(run, violations);
		outcomes(run, violations);
		contextsLoadedTooEarly(run, violations);
		run.waitTimeouts().forEach((message) -> violations.add("a class waited for the wait timeout: " + message));
		run.leftovers().forEach(violations::add);
		if (run.millis() > SLOW_SUITE_MILLIS) {
			violations.add("the suite took " + run.millis() + " ms (bound " + SLOW_SUITE_MILLIS + " ms)");
		}
		return violations;
	}

	/**
	 * Rules 1–3: each callback saw its own set (@BeforeAll: or the clean JVM); plain
	 * classes only when sequential.
	 */
	private static void wrongSets(Run run, List<String> violations) {
		View clean = FuzzSets.expected(FuzzSets.CLEAN);
		int reported = 0;
		for (Entry entry : run.journal()) {
			if (entry.plain() && !run.suite().mode().isSequential()) {
				continue;
			}
			View expected = FuzzSets.expected(entry.expected());
			boolean ok = entry.atStart().equals(expected) && entry.atEnd().equals(expected);
			if (!ok && (entry.what().equals("beforeAll")
					|| (entry.what().equals("afterAll") && neverHadItsContext(run, entry)))) {
				// Before its context exists a class holds the clean JVM; one whose
				// context never came
				// (aborted before, or failed to start) still does in @AfterAll. Never
				// another set.
				ok = entry.atStart().equals(clean) && entry.atEnd().equals(clean);
			}
			if (!ok && reported++ < MAX_REPORTED_PER_KIND) {
				violations.add("wrong set: " + entry);
			}
		}
		if (reported > MAX_REPORTED_PER_KIND) {
			violations.add("wrong set: " + (reported - MAX_REPORTED_PER_KIND) + " more");
		}
	}

	private static boolean neverHadItsContext(Run run, Entry entry) {
		for (int i = 0; i < run.classNames().size(); i++) {
			if (entry.who().equals(run.classNames().get(i))) {
				Feature feature = run.suite().classes().get(i).feature();
				return feature == Feature.ABORTS_IN_BEFORE_ALL || feature == Feature.FAILS_TO_START;
			}
		}
		return false;
	}

	/**
	 * Rule 4: callbacks of different sets never overlap in time (@BeforeAll and plain
	 * classes aside).
	 */
	private static void overlaps(Run run, List<String> violations) {
		List<Entry> timed = run.journal()
			.stream()
			.filter((entry) -> !entry.plain() && !entry.what().equals("beforeAll"))
			.sorted(java.util.Comparator.comparingLong(Entry::start))
			.toList();
		int reported = 0;
		for (int i = 0; i < timed.size(); i++) {
			Entry a = timed.get(i);
			for (int j = i + 1; j < timed.size() && timed.get(j).start() < a.end(); j++) {
				Entry b = timed.get(j);
				if (!a.expected().equals(b.expected()) && reported++ < MAX_REPORTED_PER_KIND) {
					violations.add("different sets at the same time:\n      " + a + "\n      " + b);
				}
			}
		}
		if (reported > MAX_REPORTED_PER_KIND) {
			violations.add("different sets at the same time: " + (reported - MAX_REPORTED_PER_KIND) + " more");
		}
	}

	/**
	 * A failing context fails only its own classes; skipped and aborted classes are just
	 * that; every other class succeeds.
	 */
	private static void outcomes(Run run, List<String> violations) {
		List<Spec> specs = run.suite().classes();
		for (int i = 0; i < specs.size(); i++) {
			Spec spec = specs.get(i);
			String name = run.classNames().get(i);
			ClassResult result = run.results().get(name);
			String problem = switch (spec.outcome()) {
				case SUCCEEDS -> (!result.failures().isEmpty() || result.skipped() || result.aborted()
						|| result.succeededTests() == 0) ? "should succeed but " + describe(result) : null;
				case FAILS ->
					result.failures().isEmpty() ? "uses a context that fails to start, yet " + describe(result) : null;
				case SKIPPED -> (!result.skipped() || !result.failures().isEmpty())
						? "should be skipped but " + describe(result) : null;
				case ABORTED -> (!result.aborted() || !result.failures().isEmpty())
						? "should be aborted in @BeforeAll but " + describe(result) : null;
			};
			if (problem != null) {
				violations.add(name + " " + problem);
			}
		}
	}

	private static String describe(ClassResult result) {
		return (result.skipped() ? "was skipped, " : "") + (result.aborted() ? "was aborted, " : "")
				+ result.succeededTests() + " tests succeeded, "
				+ (result.failures().isEmpty() ? "no failures" : "failures: " + result.failures());
	}

	/**
	 * Rule 5: a class that aborts in @BeforeAll (its context its own) never needed its
	 * context, so Spring never loads it, and neither may the library.
	 */
	private static void contextsLoadedTooEarly(Run run, List<String> violations) {
		for (Spec spec : run.suite().classes()) {
			if (spec.feature() == Feature.ABORTS_IN_BEFORE_ALL && !spec.perClass()) {
				boolean created = run.journal()
					.stream()
					.anyMatch((entry) -> entry.what().equals("bean constructor") && entry.who().equals(spec.context()));
				if (created) {
					violations
						.add("context " + spec.context() + " was loaded although its only class aborts in @BeforeAll,"
								+ " before Spring would load it");
				}
			}
		}
	}

	/**
	 * The report of a failing suite: the suite (to replay it), the violations, the
	 * journal.
	 */
	public static String report(Run run, List<String> violations) {
		StringBuilder text = new StringBuilder(run.suite().describe());
		text.append("\n  took ").append(run.millis()).append(" ms\nviolations:");
		violations.forEach((violation) -> text.append("\n  - ").append(violation));
		text.append("\njournal:");
		run.journal().forEach((entry) -> text.append("\n  ").append(entry));
		text.append("\nreplay: mvn -B -ntp -q -pl autoconfigure test -Dtest=LifecycleFuzzTests -Dfuzz.seed=")
			.append(run.suite().seed());
		return text.toString();
	}

}
