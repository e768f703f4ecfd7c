package dev.patching.it;

import dev.patching.internal.core.PatchRegistry;
import dev.patching.internal.core.PatchSet;
import dev.patching.it.support.Journal;
import dev.patching.it.support.Scenario;
import dev.patching.it.support.Scenarios;
import jakarta.annotation.PreDestroy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lifecycle in real contexts: patches are in effect before the first bean and until
 * the last destroy callback, restored after close and after a failed refresh.
 */
class LifecycleTests {

	@BeforeEach
	@AfterEach
	void clean() {
		Journal.clear();
		System.clearProperty("it.preexisting");
		System.clearProperty("it.second");
	}

	@Test
	void constructorAndDestroyCallbacksSeeThePatchAndEverythingIsPutBackAfterClose() {
		System.setProperty("it.preexisting", "original");
		assertThat(System.getProperty("it.lifecycle")).isNull();

		EngineExecutionResults results = Scenarios.run(SeesPatchFromStartToClose.class);

		assertThat(Scenarios.failures(results)).isEmpty();
		assertThat(results.testEvents().succeeded().count()).isEqualTo(1);
		// Only this context's callbacks: idle contexts of earlier tests may be paused
		// (Framework 7) meanwhile.
		assertThat(Journal.events()).filteredOn((event) -> event.contains(" saw "))
			.containsExactly("constructor saw patched/patched-too", "test saw patched/patched-too",
					"@PreDestroy saw patched/changed by the test", "destroy() saw patched/changed by the test");
		assertThat(System.getProperty("it.lifecycle")).as("absent before, absent after").isNull();
		assertThat(System.getProperty("it.preexisting")).as("the test changed it; still put back")
			.isEqualTo("original");
		assertThat(PatchRegistry.jvm().current()).isEqualTo(PatchSet.EMPTY);
	}

	@Test
	void aFailedRefreshLeavesNothingPatched() {
		EngineExecutionResults results = Scenarios.run(RefreshFails.class);

		assertThat(Scenarios.failures(results)).contains("bean refused to start");
		assertThat(Journal.events()).containsExactly("apply first", "constructor saw patched", "restore first");
		assertThat(System.getProperty("it.failing")).isNull();
		assertThat(System.getProperty("it.first")).isNull();
		assertThat(PatchRegistry.jvm().current()).isEqualTo(PatchSet.EMPTY);
		assertThat(PatchRegistry.jvm().leases()).isEmpty();
	}

	@Test
	void whenTheSecondOfThreePatchesFailsToApplyTheFirstIsRestoredAndTheSecondIsNamed() {
		EngineExecutionResults results = Scenarios.run(SecondFailsToApply.class);

		assertThat(Scenarios.failures(results)).contains("Patch 'second' could not be applied",
				"boom while applying second", "The patches applied before it ([first]) were restored");
		assertThat(Journal.events()).containsExactly("apply first", "fail apply second", "restore first");
		assertThat(System.getProperty("it.first")).isNull();
		assertThat(System.getProperty("it.third")).isNull();
		assertThat(PatchRegistry.jvm().leases()).isEmpty();
	}

	@Test
	void aFailingRestoreDoesNotStopTheOthersAndIsReported() {
		EngineExecutionResults results = Scenarios.run(SecondFailsToRestore.class);

		assertThat(results.testEvents().succeeded().count()).isEqualTo(1);
		assertThat(Scenarios.failures(results)).contains("Patch 'second' could not be restored",
				"boom while restoring second");
		assertThat(Journal.events()).containsExactly("apply first", "apply second", "apply third", "restore third",
				"fail restore second", "restore first");
		assertThat(System.getProperty("it.first")).isNull();
		assertThat(System.getProperty("it.third")).isNull();
		assertThat(PatchRegistry.jvm().current()).isEqualTo(PatchSet.EMPTY);
	}

	@Scenario
	@SpringBootTest(classes = Watcher.class,
			properties = { "patching.system-properties[it.lifecycle]=patched",
					"patching.system-properties[it.preexisting]=patched-too" })
	@DirtiesContext
	static class SeesPatchFromStartToClose {

		@Test
		void runs() {
			Journal.add("test saw " + Watcher.seen());
			// Still in effect until the last destroy callback; the test's own change is
			// visible until then.
			System.setProperty("it.preexisting", "changed by the test");
		}

	}

	static class Watcher implements DisposableBean {

		Watcher() {
			Journal.add("constructor saw " + seen());
		}

		static String seen() {
			return System.getProperty("it.lifecycle") + "/" + System.getProperty("it.preexisting");
		}

		@PreDestroy
		void preDestroy() {
			Journal.add("@PreDestroy saw " + seen());
		}

		@Override
		public void destroy() {
			Journal.add("destroy() saw " + seen());
		}

	}

	@Scenario
	@SpringBootTest(classes = FailingBean.class,
			properties = { "patching.system-properties[it.failing]=patched", "patching.first.enabled=true" })
	static class RefreshFails {

		@Test
		void neverRuns() {
		}

	}

	static class FailingBean {

		FailingBean() {
			Journal.add("constructor saw " + System.getProperty("it.failing"));
			throw new IllegalStateException("bean refused to start");
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = { "patching.first.enabled=true",
			"patching.second.enabled=true", "patching.second.fail-on-apply=true", "patching.third.enabled=true" })
	static class SecondFailsToApply {

		@Test
		void neverRuns() {
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = { "patching.first.enabled=true",
			"patching.second.enabled=true", "patching.second.fail-on-restore=true", "patching.third.enabled=true" })
	static class SecondFailsToRestore {

		@Test
		void runsPatched() {
			assertThat(System.getProperty("it.first")).isEqualTo("on");
			assertThat(System.getProperty("it.second")).isEqualTo("on");
			assertThat(System.getProperty("it.third")).isEqualTo("on");
		}

	}

}
