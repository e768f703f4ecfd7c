package dev.patching.lifecycle.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.patching.lifecycle.fuzz.FuzzCheck.ClassResult;
import dev.patching.lifecycle.fuzz.FuzzJournal.Entry;
import dev.patching.lifecycle.fuzz.FuzzSets.View;
import dev.patching.lifecycle.fuzz.FuzzSuite.Feature;
import dev.patching.lifecycle.fuzz.FuzzSuite.Kind;
import dev.patching.lifecycle.fuzz.FuzzSuite.Mode;
import dev.patching.lifecycle.fuzz.FuzzSuite.Spec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fuzzer's checker finds what it is meant to find, on hand-made runs, and nothing
 * else.
 */
class FuzzCheckTests {

	private static final Spec A = new Spec(1, Kind.BOOT, "A", 0, Feature.NONE, false, null);

	private static final Spec B = new Spec(2, Kind.BOOT, "B", 0, Feature.NONE, false, null);

	private static final Spec PLAIN = new Spec(3, Kind.PLAIN, FuzzSets.CLEAN, 0, Feature.NONE, false, null);

	private static final ClassResult SUCCEEDED = new ClassResult(3, List.of(), false, false);

	@Test
	void aRunThatKeepsTheRuleHasNoViolations() {
		assertThat(FuzzCheck.violations(run(Mode.SEQUENTIAL, List.of(A, B, PLAIN), journal()))).isEmpty();
	}

	@Test
	void aCallbackThatSawAnotherSetIsReported() {
		List<Entry> journal = journal();
		journal.add(entry("test first", "F2", "B", "A", 500, 510));
		assertThat(FuzzCheck.violations(run(Mode.SEQUENTIAL, List.of(A, B, PLAIN), journal))).singleElement()
			.asString()
			.startsWith("wrong set: test first")
			.contains("expected B", "saw A/blocked/Etc/GMT+1");
	}

	@Test
	void aSetThatChangesDuringACallbackIsReported() {
		List<Entry> journal = journal();
		View a = FuzzSets.expected("A");
		journal.add(new Entry("test first", "F1", "A", false, a, FuzzSets.expected(FuzzSets.CLEAN), "t", 500, 510));
		assertThat(FuzzCheck.violations(run(Mode.SEQUENTIAL, List.of(A, B, PLAIN), journal))).singleElement()
			.asString()
			.contains("then -/open/");
	}

	@Test
	void beforeAllMaySeeTheCleanJvmButNoOtherSet() {
		List<Entry> journal = journal();
		journal.add(entry("beforeAll", "F1", "A", FuzzSets.CLEAN, 500, 501));
		assertThat(FuzzCheck.violations(run(Mode.SEQUENTIAL, List.of(A, B, PLAIN), journal))).isEmpty();
		journal.add(entry("beforeAll", "F1", "A", "B", 600, 601));
		assertThat(FuzzCheck.violations(run(Mode.SEQUENTIAL, List.of(A, B, PLAIN), journal))).singleElement()
			.asString()
			.startsWith("wrong set: beforeAll");
	}

	@Test
	void aPlainClassMustSeeTheCleanJvmOnlyWhenClassesRunOneAfterAnother() {
		List<Entry> journal = journal();
		journal.add(plain("test first", "A", 500, 510));
		assertThat(FuzzCheck.violations(run(Mode.SEQUENTIAL, List.of(A, B, PLAIN), journal))).singleElement()
			.asString()
			.startsWith("wrong set: test first");
		assertThat(FuzzCheck.violations(run(Mode.CLASSES_CONCURRENT, List.of(A, B, PLAIN), journal))).isEmpty();
	}

	@Test
	void differentSetsAtTheSameTimeAreReportedEvenWhenEachSawItsOwn() {
		List<Entry> journal = journal();
		journal.add(entry("test first", "F1", "A", "A", 500, 520));
		journal.add(entry("bean constructor", "B.0", "B", "B", 510, 511));
		assertThat(FuzzCheck.violations(run(Mode.BOTH_CONCURRENT, List.of(A, B, PLAIN), journal))).singleElement()
			.asString()
			.startsWith("different sets at the same time")
			.contains("test first", "bean constructor");
	}

	@Test
	void equalSetsMayOverlap() {
		List<Entry> journal = journal();
		journal.add(entry("test first", "F1", "A", "A", 500, 520));
		journal.add(entry("test second", "F1", "A", "A", 505, 525));
		assertThat(FuzzCheck.violations(run(Mode.METHODS_CONCURRENT, List.of(A, B, PLAIN), journal))).isEmpty();
	}

	@Test
	void aFailureOutsideTheClassesOfAFailingContextIsReported() {
		Spec failing = new Spec(4, Kind.BOOT, "A", 0, Feature.FAILS_TO_START, false, null);
		FuzzCheck.Run run = run(Mode.SEQUENTIAL, List.of(A, B, PLAIN, failing), journal());
		run.results().put("F2", new ClassResult(2, List.of("F2: IllegalStateException: boom"), false, false));
		run.results().put("F4", new ClassResult(0, List.of("F4: failed to load"), false, false));
		assertThat(FuzzCheck.violations(run)).singleElement()
			.asString()
			.startsWith("F2 should succeed but")
			.contains("boom");
		run.results().put("F4", new ClassResult(0, List.of(), false, false));
		assertThat(FuzzCheck.violations(run)).hasSize(2)
			.anySatisfy((violation) -> assertThat(violation).startsWith("F4 uses a context that fails"));
	}

	@Test
	void aContextLoadedForAClassThatAbortsInBeforeAllIsReported() {
		Spec aborting = new Spec(4, Kind.BOOT, "B", 0, Feature.ABORTS_IN_BEFORE_ALL, false, null);
		List<Entry> journal = journal();
		FuzzCheck.Run run = run(Mode.SEQUENTIAL, List.of(A, B, PLAIN, aborting), journal);
		run.results().put("F4", new ClassResult(0, List.of(), false, true));
		assertThat(FuzzCheck.violations(run)).isEmpty();
		journal.add(entry("bean constructor", "B.abort4", "B", "B", 700, 701));
		assertThat(FuzzCheck.violations(run)).singleElement().asString().contains("B.abort4 was loaded");
	}

	@Test
	void timeoutsLeftoversAndSlowSuitesAreReported() {
		FuzzCheck.Run run = new FuzzCheck.Run(suite(Mode.SEQUENTIAL, List.of(A)), List.of("F1"), journal(),
				new LinkedHashMap<>(Map.of("F1", SUCCEEDED)), List.of("F1 waited PT2S"),
				List.of("after the suite, leases are still held: [x]"), FuzzCheck.SLOW_SUITE_MILLIS + 1);
		assertThat(FuzzCheck.violations(run)).hasSize(3)
			.anySatisfy((violation) -> assertThat(violation).contains("waited for the wait timeout"))
			.anySatisfy((violation) -> assertThat(violation).contains("leases are still held"))
			.anySatisfy((violation) -> assertThat(violation).contains("the suite took"));
	}

	/**
	 * Sequential A then B then a plain class, each seeing its own set; beans created,
	 * started, destroyed under theirs.
	 */
	private static List<Entry> journal() {
		List<Entry> journal = new ArrayList<>();
		journal.add(entry("bean constructor", "A.0", "A", "A", 10, 11));
		journal.add(entry("beforeAll", "F1", "A", "A", 12, 13));
		journal.add(entry("test first", "F1", "A", "A", 20, 30));
		journal.add(entry("afterAll", "F1", "A", "A", 31, 32));
		journal.add(entry("bean stop", "A.0", "A", "A", 33, 34));
		journal.add(entry("bean constructor", "B.0", "B", "B", 40, 41));
		journal.add(entry("test first", "F2", "B", "B", 50, 60));
		journal.add(plain("test first", FuzzSets.CLEAN, 70, 80));
		journal.add(entry("bean destroy", "A.0", "A", "A", 90, 91));
		return journal;
	}

	private static Entry entry(String what, String who, String expected, String saw, long start, long end) {
		return new Entry(what, who, expected, false, FuzzSets.expected(saw), FuzzSets.expected(saw), "t", start, end);
	}

	private static Entry plain(String what, String saw, long start, long end) {
		return new Entry(what, "F3", FuzzSets.CLEAN, true, FuzzSets.expected(saw), FuzzSets.expected(saw), "t", start,
				end);
	}

	private static FuzzCheck.Run run(Mode mode, List<Spec> specs, List<Entry> journal) {
		Map<String, ClassResult> results = new LinkedHashMap<>();
		specs.forEach((spec) -> results.put("F" + spec.index(), SUCCEEDED));
		return new FuzzCheck.Run(suite(mode, specs), specs.stream().map((spec) -> "F" + spec.index()).toList(), journal,
				results, List.of(), List.of(), 100);
	}

	private static FuzzSuite suite(Mode mode, List<Spec> specs) {
		return new FuzzSuite(42, mode, 2, FuzzSuite.cacheOf(42), specs);
	}

}
