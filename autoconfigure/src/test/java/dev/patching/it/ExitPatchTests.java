package dev.patching.it;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.patching.SystemExitException;
import dev.patching.internal.agent.ClassBytes;
import dev.patching.internal.agent.SystemHooks;
import dev.patching.internal.core.PatchRegistry;
import dev.patching.internal.core.PatchSet;
import dev.patching.it.support.CachedContexts;
import dev.patching.it.support.Scenario;
import dev.patching.it.support.Scenarios;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code patching.exit.enabled}: {@code System.exit} and {@code Runtime.exit} throw from
 * the first bean on, the exit hook passes through in a class without it (that class never
 * calls exit: it would end this JVM), and {@code java.lang.Runtime} is back afterwards.
 */
class ExitPatchTests {

	static final Map<String, Object> seen = new ConcurrentHashMap<>();

	@BeforeEach
	@AfterEach
	void clean() {
		CachedContexts.closeAll();
		seen.clear();
		assertThat(PatchRegistry.jvm().current()).isEqualTo(PatchSet.EMPTY);
		assertThat(SystemHooks.isInstalled()).isFalse();
	}

	@Test
	void exitThrowsFromTheFirstBeanAndOnlyWhileTheContextsClassesRun() {
		EngineExecutionResults results = Scenarios.run(ExitRefused.class, Unpatched.class, ExitRefusedAgain.class);

		assertThat(Scenarios.failures(results)).isEmpty();
		assertThat(results.testEvents().succeeded().count()).isEqualTo(3);
		assertThat(seen.get("ExitRefused")).as("the cached context is reused").isSameAs(seen.get("ExitRefusedAgain"));
	}

	@Test
	void javaLangRuntimeGetsItsOriginalBytesBackWhenTheContextCloses() {
		byte[] before = ClassBytes.capture(Runtime.class);

		EngineExecutionResults results = Scenarios.run(ExitRefused.class);

		assertThat(Scenarios.failures(results)).isEmpty();
		assertThat(SystemHooks.isInstalled(SystemHooks.Hook.EXIT)).as("held while the context is cached").isTrue();
		assertThat(SystemHooks.isInEffect(SystemHooks.Hook.EXIT)).isFalse();
		CachedContexts.closeAll();
		assertThat(SystemHooks.isInstalled()).isFalse();
		assertThat(ClassBytes.capture(Runtime.class)).isEqualTo(before);
	}

	@Test
	void aBadValueFailsTheContextNamingThePropertyAndTheValue() {
		assertThat(Scenarios.failures(Scenarios.run(BadValue.class)))
			.contains("Invalid value 'sometimes' for property 'patching.exit.enabled'");
	}

	/** Calls System.exit when the context creates it. */
	static class Quitter {

		final int status;

		Quitter() {
			int status = -1;
			try {
				System.exit(2);
			}
			catch (SystemExitException ex) {
				status = ex.status();
			}
			this.status = status;
		}

	}

	@Scenario
	@SpringBootTest(classes = { ItApplication.class, Quitter.class }, properties = "patching.exit.enabled=true")
	static class ExitRefused {

		@Autowired
		Quitter quitter;

		@Test
		void exitThrowsCarryingTheStatus() {
			seen.put(getClass().getSimpleName(), this.quitter);
			assertThat(this.quitter.status).as("System.exit in a bean's constructor").isEqualTo(2);
			assertThatExceptionOfType(SystemExitException.class).isThrownBy(() -> System.exit(3))
				.satisfies((ex) -> assertThat(ex.status()).isEqualTo(3))
				.withMessageContaining("System.exit(3)")
				.withMessageContaining("patching.exit.enabled");
			assertThatExceptionOfType(SystemExitException.class).isThrownBy(() -> Runtime.getRuntime().exit(0))
				.satisfies((ex) -> assertThat(ex.status()).isEqualTo(0));
		}

	}

	@Scenario
	@SpringBootTest(classes = { ItApplication.class, Quitter.class }, properties = "patching.exit.enabled=true")
	static class ExitRefusedAgain extends ExitRefused {

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class)
	static class Unpatched {

		@Test
		void theExitHookPassesEveryCallThrough() {
			assertThat(SystemHooks.isInEffect(SystemHooks.Hook.EXIT)).isFalse();
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = "patching.exit.enabled=sometimes")
	static class BadValue {

		@Test
		void neverRuns() {
		}

	}

}
