package dev.patching.it;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code patching.environment[NAME]} and {@code patching.environment-remove}: what
 * {@code System.getenv} and Spring's Environment answer from the first bean on, the real
 * environment in a class without them, and {@code java.lang.System} back afterwards.
 */
class EnvironmentPatchTests {

	static final String TOKEN = "PATCHING_IT_TOKEN";

	static final Map<String, Object> seen = new ConcurrentHashMap<>();

	@BeforeEach
	@AfterEach
	void clean() {
		CachedContexts.closeAll();
		seen.clear();
		assertThat(PatchRegistry.jvm().current()).isEqualTo(PatchSet.EMPTY);
		assertThat(SystemHooks.isInstalled()).isFalse();
		assertRealEnvironment();
	}

	@Test
	void patchedVariablesAreSeenFromTheFirstBeanAndOnlyWhileTheContextsClassesRun() {
		EngineExecutionResults results = Scenarios.run(Patched.class, Unpatched.class, PatchedAgain.class);

		assertThat(Scenarios.failures(results)).isEmpty();
		assertThat(results.testEvents().succeeded().count()).isEqualTo(3);
		assertThat(seen.get("Patched")).as("the cached context is reused").isSameAs(seen.get("PatchedAgain"));
	}

	@Test
	void inParallelAClassWithoutThePatchNeverSeesIt() {
		EngineExecutionResults results = Scenarios.run(true, Patched.class, Unpatched.class, PatchedAgain.class);

		assertThat(Scenarios.failures(results)).isEmpty();
		assertThat(results.testEvents().succeeded().count()).isEqualTo(3);
	}

	@Test
	void javaLangSystemGetsItsOriginalBytesBackWhenTheContextCloses() {
		byte[] before = ClassBytes.capture(System.class);

		EngineExecutionResults results = Scenarios.run(Patched.class);

		assertThat(Scenarios.failures(results)).isEmpty();
		assertThat(SystemHooks.isInstalled(SystemHooks.Hook.ENVIRONMENT)).as("held while the context is cached")
			.isTrue();
		assertRealEnvironment();
		CachedContexts.closeAll();
		assertThat(SystemHooks.isInstalled()).isFalse();
		assertThat(ClassBytes.capture(System.class)).isEqualTo(before);
	}

	@Test
	void badNamesFailTheContextNamingThePropertyAndTheValue() {
		assertThat(Scenarios.failures(Scenarios.run(BadName.class)))
			.contains("Invalid value 'A=B' for property 'patching.environment-remove'", "contain no '='");
		assertThat(Scenarios.failures(Scenarios.run(SetAndRemoved.class))).contains(
				"for property 'patching.environment-remove'", "patching.environment[" + TOKEN + "]",
				"either set or removed");
	}

	static void assertRealEnvironment() {
		assertThat(System.getenv(TOKEN)).isNull();
		assertThat(System.getenv()).doesNotContainKey(TOKEN);
		assertThat(System.getenv("PATH")).isNotNull();
		assertThat(System.getenv()).containsKey("PATH");
	}

	/** Reads the variables when the context creates it. */
	static class Reader {

		final String token;

		final String path;

		Reader(@Value("${" + TOKEN + "}") String token, @Value("${PATH:absent}") String path) {
			this.token = token;
			this.path = path;
		}

	}

	@Scenario
	@SpringBootTest(classes = { ItApplication.class, Reader.class },
			properties = { "patching.environment[" + TOKEN + "]=s3cret", "patching.environment-remove=PATH" })
	static class Patched {

		@Autowired
		Reader reader;

		@Autowired
		Environment environment;

		@Test
		void seesThePatchedEnvironment() {
			seen.put(getClass().getSimpleName(), this.reader);
			assertThat(this.reader.token).as("@Value in a bean's constructor").isEqualTo("s3cret");
			assertThat(this.reader.path).isEqualTo("absent");
			assertThat(System.getenv(TOKEN)).isEqualTo("s3cret");
			assertThat(System.getenv()).containsEntry(TOKEN, "s3cret").doesNotContainKey("PATH");
			assertThat(System.getenv("PATH")).isNull();
			assertThat(this.environment.getProperty(TOKEN)).isEqualTo("s3cret");
			assertThat(this.environment.getProperty("patching-it.token")).as("relaxed binding").isEqualTo("s3cret");
			assertThat(this.environment.getProperty("PATH")).isNull();
		}

	}

	@Scenario
	@SpringBootTest(classes = { ItApplication.class, Reader.class },
			properties = { "patching.environment[" + TOKEN + "]=s3cret", "patching.environment-remove=PATH" })
	static class PatchedAgain extends Patched {

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class)
	static class Unpatched {

		@Autowired
		Environment environment;

		@Test
		void seesTheRealEnvironment() {
			assertRealEnvironment();
			assertThat(this.environment.getProperty(TOKEN)).isNull();
			assertThat(this.environment.getProperty("PATH")).isNotNull();
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = "patching.environment-remove=A=B")
	static class BadName {

		@Test
		void neverRuns() {
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class,
			properties = { "patching.environment[" + TOKEN + "]=x", "patching.environment-remove=" + TOKEN })
	static class SetAndRemoved {

		@Test
		void neverRuns() {
		}

	}

}
