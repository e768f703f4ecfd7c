package dev.patching.lifecycle;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import dev.patching.it.ItApplication;
import dev.patching.it.support.Scenario;
import dev.patching.it.support.Scenarios;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static dev.patching.lifecycle.Runs.KEY;
import static dev.patching.lifecycle.Runs.X;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Spring Framework 7 pauses a cached context that no class uses when another context is
 * needed (stopping its lifecycle beans) and restarts it when a class uses it again. A
 * lifecycle bean's {@code stop()} when paused and {@code start()} on the restart see the
 * context's set, as its first {@code start()} did.
 */
class PausedContextTests {

	static final List<String> journal = Runs.list();

	@BeforeEach
	void clear() {
		journal.clear();
	}

	@AfterEach
	void tidy() {
		Runs.releaseLeftovers();
	}

	@Test
	void aPausedContextsLifecycleBeansStopAndRestartWithItsSet() {
		assumeTrue(
				Arrays.stream(ConfigurableApplicationContext.class.getMethods())
					.anyMatch((m) -> m.getName().equals("pause")),
				"Spring Framework 7 pauses cached contexts; this one does not");

		EngineExecutionResults results = Runs.within(Duration.ofSeconds(40), java.util.Map.of(), journal, A.class,
				B.class, AAgain.class);

		assertThat(Scenarios.failures(results)).isEmpty();
		// The first start; A paused under its set as soon as B (another set) comes in —
		// before B's @BeforeAll, not inside B's context loading, where it would share the
		// JVM with B's set; the start when A is used again.
		assertThat(journal).containsExactly("start=A", "test A=A", "stop=A", "beforeAll B=null", "test B=B", "start=A",
				"test A=A");
		Runs.assertNothingHeld();
	}

	@Scenario
	@SpringBootTest(classes = { ItApplication.class, Watched.class },
			properties = { X + "A", "patching.wait-timeout=5s" })
	static class A {

		@Test
		void looks() {
			journal.add("test A=" + System.getProperty(KEY));
		}

	}

	static class AAgain extends A {

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = { X + "B", "patching.wait-timeout=5s" })
	static class B {

		@BeforeAll
		static void before() {
			journal.add("beforeAll B=" + System.getProperty(KEY));
		}

		@Test
		void looks() {
			journal.add("test B=" + System.getProperty(KEY));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Watched {

		@Bean
		Watcher watcher() {
			return new Watcher();
		}

	}

	/**
	 * Records what it sees when the context starts and stops it (pausable by default).
	 */
	static class Watcher implements SmartLifecycle {

		private volatile boolean running;

		@Override
		public void start() {
			this.running = true;
			journal.add("start=" + System.getProperty(KEY));
		}

		@Override
		public void stop() {
			this.running = false;
			journal.add("stop=" + System.getProperty(KEY));
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

	}

}
