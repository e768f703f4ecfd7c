package dev.patching.lifecycle.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lifecycle fuzzer: generates random suites of Spring test classes (sets, shared and
 * distinct contexts, @Nested, @DirtiesContext in every mode, @ContextHierarchy,
 * PER_CLASS, conditions that load the context, a context that fails to start, an
 * assumption in @BeforeAll, evicting caches) and runs them sequentially or in parallel,
 * checking that each context's patches are in effect exactly while its classes and beans
 * run (see {@link FuzzCheck}).
 * <p>
 * Off in the normal build until it runs clean (it still finds failing suites under
 * parallel execution); -Dfuzz=true runs it. Default: 150 suites (seeds 1..150), at most
 * about three minutes, stopping after 3 failing suites. <pre>
 * Replay one suite:  mvn -B -ntp -q -pl autoconfigure test -Dtest=LifecycleFuzzTests -Dfuzz=true -Dfuzz.seed=123
 * Long run:          mvn -B -ntp -q -pl autoconfigure test -Dtest=LifecycleFuzzTests -Dfuzz=true -Dfuzz.suites=500 \
 *                        -Dfuzz.firstSeed=1000 -Dfuzz.budgetSeconds=1800 -Dfuzz.maxFailures=50
 * </pre> A failing suite prints its seed, its classes with their features, its mode, its
 * violations and its journal.
 */
class LifecycleFuzzTests {

	@Test
	@org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "fuzz", matches = "true",
			disabledReason = "the fuzzer still finds failing suites in parallel modes; run it with -Dfuzz=true")
	void generatedSuitesKeepEveryContextsPatchesToItsOwnClasses() throws Exception {
		String single = System.getProperty("fuzz.seed");
		List<Long> seeds = (single != null) ? List.of(Long.parseLong(single))
				: LongStream.range(0, Long.getLong("fuzz.suites", 150))
					.map((i) -> i + Long.getLong("fuzz.firstSeed", 1))
					.boxed()
					.toList();
		int maxFailures = Integer.getInteger("fuzz.maxFailures", 3);
		long started = System.currentTimeMillis();
		long deadline = started + 1000 * Long.getLong("fuzz.budgetSeconds", 170);
		Map<FuzzSuite.Cache, List<Long>> groups = seeds.stream()
			.collect(Collectors.groupingBy(FuzzSuite::cacheOf, LinkedHashMap::new, Collectors.toList()));
		List<FuzzForks.Verdict> verdicts = new ArrayList<>();
		int groupsLeft = groups.size();
		for (Map.Entry<FuzzSuite.Cache, List<Long>> group : groups.entrySet()) {
			long share = (deadline - System.currentTimeMillis()) / groupsLeft--;
			long failures = verdicts.stream().filter((verdict) -> !verdict.passed()).count();
			if (failures < maxFailures) {
				verdicts.addAll(FuzzForks.run(group.getKey(), group.getValue(), System.currentTimeMillis() + share,
						(int) (maxFailures - failures)));
			}
		}
		List<FuzzForks.Verdict> failed = verdicts.stream().filter((verdict) -> !verdict.passed()).toList();
		String summary = String.format(
				"lifecycle fuzzer: %d of %d suites run in %d s (%.0f ms per suite run inside its JVM), %d failed%s",
				verdicts.size(), seeds.size(), (System.currentTimeMillis() - started) / 1000,
				verdicts.stream().mapToLong(FuzzForks.Verdict::millis).average().orElse(0), failed.size(),
				failed.isEmpty() ? ""
						: ": seeds " + failed.stream()
							.map((verdict) -> String.valueOf(verdict.seed()))
							.collect(Collectors.joining(" ")));
		System.out.println(summary);
		String reports = failed.stream().map(FuzzForks.Verdict::report).collect(Collectors.joining("\n\n"));
		assertThat(failed).as("%s%n%n%s", summary, reports).isEmpty();
		assertThat(verdicts).as("%s: no suite ran", summary).isNotEmpty();
	}

}
