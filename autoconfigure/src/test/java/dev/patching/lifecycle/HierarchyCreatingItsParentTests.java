package dev.patching.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.patching.it.support.Scenario;
import dev.patching.it.support.Scenarios;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.ContextHierarchy;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import static dev.patching.lifecycle.Runs.KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code @ContextHierarchy} class whose parent context no earlier class created: the
 * class creates both, runs with the child's set, and afterwards neither the parent's nor
 * the child's set is left in effect.
 */
class HierarchyCreatingItsParentTests {

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
	void aHierarchyThatCreatesItsParentLeavesNothingInEffectAfterItsClass() {
		EngineExecutionResults results = Runs.sequential(Duration.ofSeconds(30), ParentAndChild.class, Plain.class);

		assertThat(seen).containsExactly("child=child", "plain=null");
		assertThat(Scenarios.failures(results)).isEmpty();
		Runs.assertNothingHeld();
	}

	@Scenario
	@SpringJUnitConfig
	@ContextHierarchy({
			@ContextConfiguration(name = "parent", classes = ParentBeans.class, initializers = ParentSet.class),
			@ContextConfiguration(name = "child", classes = ChildBeans.class, initializers = ChildSet.class) })
	static class ParentAndChild {

		@Test
		void looks() {
			seen.add("child=" + System.getProperty(KEY));
		}

	}

	@Scenario
	static class Plain {

		@Test
		void looks() {
			seen.add("plain=" + System.getProperty(KEY));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ParentBeans {

	}

	@Configuration(proxyBeanMethods = false)
	static class ChildBeans {

	}

	static class ParentSet implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("parent",
						Map.of("patching.system-properties[" + KEY + "]", "parent", "patching.wait-timeout", "5s")));
		}

	}

	static class ChildSet implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("child",
						Map.of("patching.system-properties[" + KEY + "]", "child", "patching.wait-timeout", "5s")));
		}

	}

}
