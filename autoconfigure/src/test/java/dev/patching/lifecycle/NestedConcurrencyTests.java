package dev.patching.lifecycle;

import java.time.Duration;
import java.util.List;

import dev.patching.it.ItApplication;
import dev.patching.it.support.Scenario;
import dev.patching.it.support.Scenarios;
import dev.patching.lifecycle.Runs.Interval;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.TestPropertySource;

import static dev.patching.lifecycle.Runs.X;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @Nested} classes with sets of their own, run concurrently
 * ({@code mode.default=concurrent}): each test sees its own class's set the whole time it
 * runs, never a sibling's or the outer class's, so stretches of different sets never
 * overlap.
 */
class NestedConcurrencyTests {

	static final List<Interval> intervals = Runs.list();

	@BeforeEach
	void clear() {
		intervals.clear();
	}

	@AfterEach
	void tidy() {
		Runs.releaseLeftovers();
	}

	@Test
	void concurrentNestedClassesEachSeeTheirOwnSetAndDifferentSetsNeverOverlap() {
		EngineExecutionResults results = Runs.within(Duration.ofSeconds(60), Scenarios.METHODS_CONCURRENT, Outer.class);

		assertThat(Scenarios.failures(results)).isEmpty();
		assertThat(results.testEvents().succeeded().count()).isEqualTo(6);
		assertThat(intervals).extracting(Interval::label).containsOnly("outer", "N1", "N2").hasSize(6);
		for (Interval a : intervals) {
			for (Interval b : intervals) {
				if (!a.label().equals(b.label())) {
					assertThat(a.overlaps(b)).as("%s overlapping %s", a, b).isFalse();
				}
			}
		}
		Runs.assertNothingHeld();
	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = { X + "outer", "patching.wait-timeout=10s" })
	static class Outer {

		@Test
		void outerOne() {
			Runs.watch(intervals, "outer", "outer", 200);
		}

		@Test
		void outerTwo() {
			Runs.watch(intervals, "outer", "outer", 200);
		}

		@Nested
		@TestPropertySource(properties = X + "N1")
		class N1 {

			@Test
			void one() {
				Runs.watch(intervals, "N1", "N1", 200);
			}

			@Test
			void two() {
				Runs.watch(intervals, "N1", "N1", 200);
			}

		}

		@Nested
		@TestPropertySource(properties = X + "N2")
		class N2 {

			@Test
			void one() {
				Runs.watch(intervals, "N2", "N2", 200);
			}

			@Test
			void two() {
				Runs.watch(intervals, "N2", "N2", 200);
			}

		}

	}

}
