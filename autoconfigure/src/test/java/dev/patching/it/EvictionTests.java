package dev.patching.it;

import java.util.List;

import dev.patching.it.support.ForkedJvm;
import dev.patching.it.support.Journal;
import dev.patching.it.support.Scenario;
import dev.patching.it.support.ScenarioMain;
import jakarta.annotation.PreDestroy;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LRU eviction ({@code spring.test.context.cache.maxSize=1}, fixed per JVM, hence a JVM
 * of its own): an evicted context is closed with its own patches in effect, and they are
 * gone afterwards.
 */
class EvictionTests {

	@Test
	void anEvictedContextClosesPatchedAndLeavesNothingBehind() throws Exception {
		ForkedJvm.Result result = ForkedJvm.run(List.of("-Dspring.test.context.cache.maxSize=1"),
				ScenarioMain.class.getName(), EvictedA.class.getName(), EvictingB.class.getName(),
				EvictedAAgain.class.getName(), EvictingB2.class.getName());

		assertThat(result.output()).contains("SUCCEEDED 4", "FAILURES none", "VERDICT ok");
		// A is evicted when B loads, and again when B2 loads; each time its bean saw A's
		// patch.
		assertThat(result.output())
			.contains("JOURNAL [test A=A, destroy A=A, test B=null, test A=A, destroy A=A, test B=null]");
		assertThat(result.exitCode()).isZero();
	}

	@Scenario
	@SpringBootTest(classes = DestroyWatcher.class, properties = "patching.system-properties[it.side]=A")
	static class EvictedA {

		@Test
		void patched() {
			Journal.add("test A=" + System.getProperty("it.side"));
		}

	}

	static class EvictedAAgain extends EvictedA {

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class)
	static class EvictingB {

		@Test
		void clean() {
			Journal.add("test B=" + System.getProperty("it.side"));
		}

	}

	static class EvictingB2 extends EvictingB {

	}

	static class DestroyWatcher {

		@PreDestroy
		void destroy() {
			Journal.add("destroy A=" + System.getProperty("it.side"));
		}

	}

}
