package dev.patching.it;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.patching.PatchManager;
import dev.patching.internal.core.PatchRegistry;
import dev.patching.internal.core.PatchSet;
import dev.patching.it.support.LoopbackServer;
import dev.patching.it.support.Scenario;
import dev.patching.it.support.Scenarios;
import dev.patching.it.support.Views;
import dev.patching.it.support.Views.Interval;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static dev.patching.it.support.Views.LOOPBACK_OFF;
import static dev.patching.it.support.Views.SIDE_A;
import static dev.patching.it.support.Views.SOCKET_ON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Side by side: patched context A, unpatched Spring context B and a plain JUnit class C,
 * in a fixed order and then in parallel, each asserting what it sees.
 */
class SideBySideTests {

	static final Map<String, PatchManager> managers = new ConcurrentHashMap<>();

	static LoopbackServer server;

	@BeforeAll
	static void startServer() {
		server = new LoopbackServer();
		Views.server = server;
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@BeforeEach
	@AfterEach
	void clean() {
		Views.intervals.clear();
		managers.clear();
		assertThat(PatchRegistry.jvm().current()).isEqualTo(PatchSet.EMPTY);
		assertThat(System.getProperty("it.side")).isNull();
	}

	@Test
	void patchedUnpatchedAndPlainClassesInAFixedOrderEachSeeTheirOwnJvm() {
		EngineExecutionResults results = Scenarios.run(PatchedA.class, UnpatchedB.class, PlainC.class,
				PatchedAAgain.class, UnpatchedBAgain.class, PlainCAgain.class);

		assertThat(Scenarios.failures(results)).isEmpty();
		assertThat(results.testEvents().succeeded().count()).isEqualTo(6);
		assertThat(managers.get("A again")).as("A again reuses A's cached context").isSameAs(managers.get("A"));
		assertThat(managers.get("B again")).isSameAs(managers.get("B"));
		assertThat(managers.get("A").connectionAttempts()).as("A's attempts, none of B's or C's")
			.hasSize(2)
			.allSatisfy((attempt) -> assertThat(attempt.outcome()).hasToString("BLOCKED"));
	}

	@Test
	void inParallelClassesWithDifferentPatchSetsNeverOverlap() {
		EngineExecutionResults results = Scenarios.run(true, ParallelA1.class, ParallelB1.class, ParallelA2.class,
				ParallelB2.class);

		assertThat(Scenarios.failures(results)).isEmpty();
		assertThat(results.testEvents().succeeded().count()).isEqualTo(4);
		List<Interval> intervals = Views.intervals;
		assertThat(intervals).hasSize(4);
		for (Interval a : intervals) {
			for (Interval b : intervals) {
				if (!a.label().equals(b.label())) {
					assertThat(a.overlaps(b)).as("%s overlapping %s", a, b).isFalse();
				}
			}
		}
	}

	@Test
	void aClassThatWaitsTooLongFailsNamingTheContextItWaitedFor() {
		Scenarios.run(WaitsX.class, WaitsY.class); // both contexts cached, so only the
													// class lease waits
		slow = true;
		try {
			EngineExecutionResults results = Scenarios.run(true, WaitsX.class, WaitsY.class);
			String failures = Scenarios.failures(results);
			assertThat(results.testEvents().succeeded().count() + results.containerEvents().failed().count())
				.isEqualTo(2);
			assertThat(failures).contains("waited PT1S for its patch set to be allowed in",
					"still held a different one", "patching.wait-timeout");
			assertThat(failures).containsAnyOf("test class " + WaitsX.class.getName() + " using the context of",
					"test class " + WaitsY.class.getName() + " using the context of");
		}
		finally {
			slow = false;
		}
	}

	static volatile boolean slow;

	@Scenario
	@SpringBootTest(classes = ItApplication.class,
			properties = { "patching.system-properties[it.waits]=X", "patching.wait-timeout=1s" })
	static class WaitsX {

		@Test
		void holdsItsSetForAWhile() throws InterruptedException {
			Thread.sleep(slow ? 2500 : 0);
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class,
			properties = { "patching.system-properties[it.waits]=Y", "patching.wait-timeout=1s" })
	static class WaitsY {

		@Test
		void holdsItsSetForAWhile() throws InterruptedException {
			Thread.sleep(slow ? 2500 : 0);
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = { SOCKET_ON, LOOPBACK_OFF, SIDE_A })
	static class PatchedA {

		@Autowired
		PatchManager manager;

		@Test
		void seesPatches() {
			managers.put(getClass().getSimpleName().endsWith("Again") ? "A again" : "A", this.manager);
			Views.expectPatched("A");
			// The class's claim and its running method's; a restarted (Framework 7:
			// resumed) context adds none.
			assertThat(PatchRegistry.jvm().leases()).hasSize(2)
				.allSatisfy((lease) -> assertThat(lease.toString()).contains(getClass().getName()));
			assertThat(PatchRegistry.jvm().leases()).extracting(Object::toString)
				.anySatisfy((lease) -> assertThat(lease).startsWith("test class "))
				.anySatisfy((lease) -> assertThat(lease).startsWith("a test method of "));
		}

	}

	static class PatchedAAgain extends PatchedA {

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class)
	static class UnpatchedB {

		@Autowired
		PatchManager manager;

		@Test
		void seesACleanJvm() {
			managers.put(getClass().getSimpleName().endsWith("Again") ? "B again" : "B", this.manager);
			assertThat(this.manager.isEnabled()).isFalse();
			Views.expectClean();
		}

	}

	static class UnpatchedBAgain extends UnpatchedB {

	}

	@Scenario
	static class PlainC {

		@Test
		void seesACleanJvm() {
			Views.expectClean();
		}

	}

	static class PlainCAgain extends PlainC {

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class,
			properties = { SOCKET_ON, LOOPBACK_OFF, SIDE_A, "patching.system-properties[it.parallel]=yes" })
	static class ParallelA1 {

		@Test
		void seesPatchesThroughout() {
			Views.watch("A", () -> Views.expectPatched("A"), 40);
		}

	}

	static class ParallelA2 extends ParallelA1 {

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = "spring.main.banner-mode=off")
	static class ParallelB1 {

		@Test
		void seesACleanJvmThroughout() {
			Views.watch("B", Views::expectClean, 40);
		}

	}

	static class ParallelB2 extends ParallelB1 {

	}

}
