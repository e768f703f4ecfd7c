package dev.patching.lifecycle;

import java.time.Duration;
import java.util.List;

import dev.patching.PatchManager;
import dev.patching.it.support.Scenario;
import dev.patching.it.support.Scenarios;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import static dev.patching.lifecycle.Runs.KEY;
import static dev.patching.lifecycle.Runs.X;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mockingDetails;

/**
 * The user's configuration may name its beans as it likes, and may mock
 * {@link PatchManager}: the context starts with the user's beans, and its set is in
 * effect from its first bean on.
 */
class ApplicationBeanNamesTests {

	static final List<String> seen = Runs.list();

	@BeforeEach
	void clear() {
		seen.clear();
	}

	@AfterEach
	void tidy() {
		Runs.releaseLeftovers();
	}

	@Test
	void aBeanNamedPatchManagerIsTheUsersAndTheContextIsPatchedFromItsFirstBean() {
		expectPatchedWithTheUsersBean(NamedPatchManager.class, "patchManager");
	}

	@Test
	void aBeanNamedPatchingReportIsTheUsersAndTheContextIsPatchedFromItsFirstBean() {
		expectPatchedWithTheUsersBean(NamedPatchingReport.class, "patchingReport");
	}

	@Test
	void aBeanNamedPatchingLifecycleIsTheUsersAndTheContextIsPatchedFromItsFirstBean() {
		expectPatchedWithTheUsersBean(NamedPatchingLifecycle.class, "patchingLifecycle");
	}

	@Test
	void aMockitoBeanPatchManagerDoesNotCollideAndTheContextIsStillPatched() {
		EngineExecutionResults results = Runs.sequential(Duration.ofSeconds(30), MockedPatchManager.class);

		assertThat(Scenarios.failures(results)).isEmpty();
		assertThat(seen).containsExactly("constructor=mocked", "test=mocked", "mock=true");
		Runs.assertNothingHeld();
	}

	private static void expectPatchedWithTheUsersBean(Class<?> scenario, String name) {
		EngineExecutionResults results = Runs.sequential(Duration.ofSeconds(30), scenario);

		assertThat(Scenarios.failures(results)).isEmpty();
		assertThat(seen).containsExactly("constructor=" + name, "test=" + name, "bean " + name + "=the user's");
		Runs.assertNothingHeld();
	}

	/** Records, in its constructor, what the first beans of a context see. */
	static class Probe {

		Probe() {
			seen.add("constructor=" + System.getProperty(KEY));
		}

	}

	abstract static class UsesTheUsersBean {

		@Autowired
		ApplicationContext context;

		abstract String name();

		@Test
		void looks() {
			seen.add("test=" + System.getProperty(KEY));
			seen.add("bean " + name() + "=" + this.context.getBean(name()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PatchManagerBeans {

		@Bean
		Probe probe() {
			return new Probe();
		}

		@Bean
		String patchManager() {
			return "the user's";
		}

	}

	@Scenario
	@SpringBootTest(classes = PatchManagerBeans.class, properties = { X + "patchManager", "patching.wait-timeout=5s" })
	static class NamedPatchManager extends UsesTheUsersBean {

		@Override
		String name() {
			return "patchManager";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PatchingReportBeans {

		@Bean
		Probe probe() {
			return new Probe();
		}

		@Bean
		String patchingReport() {
			return "the user's";
		}

	}

	@Scenario
	@SpringBootTest(classes = PatchingReportBeans.class,
			properties = { X + "patchingReport", "patching.wait-timeout=5s" })
	static class NamedPatchingReport extends UsesTheUsersBean {

		@Override
		String name() {
			return "patchingReport";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PatchingLifecycleBeans {

		@Bean
		Probe probe() {
			return new Probe();
		}

		@Bean
		String patchingLifecycle() {
			return "the user's";
		}

	}

	@Scenario
	@SpringBootTest(classes = PatchingLifecycleBeans.class,
			properties = { X + "patchingLifecycle", "patching.wait-timeout=5s" })
	static class NamedPatchingLifecycle extends UsesTheUsersBean {

		@Override
		String name() {
			return "patchingLifecycle";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ProbeOnly {

		@Bean
		Probe probe() {
			return new Probe();
		}

	}

	@Scenario
	@SpringBootTest(classes = ProbeOnly.class, properties = { X + "mocked", "patching.wait-timeout=5s" })
	static class MockedPatchManager {

		@MockitoBean
		PatchManager manager;

		@Test
		void looks() {
			seen.add("test=" + System.getProperty(KEY));
			seen.add("mock=" + mockingDetails(this.manager).isMock());
		}

	}

}
