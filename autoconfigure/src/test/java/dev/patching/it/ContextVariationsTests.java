package dev.patching.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.patching.PatchManager;
import dev.patching.internal.core.PatchRegistry;
import dev.patching.internal.core.PatchSet;
import dev.patching.it.support.Scenario;
import dev.patching.it.support.Scenarios;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.ContextHierarchy;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @DirtiesContext} (class and method modes), {@code @Nested} classes and
 * {@code @ContextHierarchy} keep the rule: a context's patches are in effect while its
 * classes run and at no other time.
 */
class ContextVariationsTests {

	static final List<String> seen = new CopyOnWriteArrayList<>();

	static final List<PatchManager> managers = new CopyOnWriteArrayList<>();

	@BeforeEach
	void clean() {
		seen.clear();
		managers.clear();
		assertThat(System.getProperty("it.side")).isNull();
	}

	static void see(String label) {
		seen.add(label + "=" + System.getProperty("it.side"));
	}

	@Test
	void dirtiesContextAfterClassClosesRestoresAndTheNextClassGetsAFreshPatchedContext() {
		EngineExecutionResults results = Scenarios.run(DirtiedAfterClass.class, DirtiedAfterClassAgain.class,
				Plain.class);

		assertThat(Scenarios.failures(results)).isEmpty();
		assertThat(seen).containsExactly("dirtied=D", "dirtied=D", "plain=null");
		assertThat(managers).hasSize(2);
		assertThat(managers.get(0)).isNotSameAs(managers.get(1));
		assertThat(managers.get(0).isInEffect()).isFalse();
		assertAllClean();
	}

	@Test
	void dirtiesContextAfterEachMethodKeepsEveryMethodPatchedAndLeavesNothingBehind() {
		EngineExecutionResults results = Scenarios.run(DirtiedAfterEachMethod.class, Plain.class);

		assertThat(Scenarios.failures(results)).isEmpty();
		assertThat(seen).containsExactly("method 1=M", "method 2=M", "method 3=M", "plain=null");
		assertThat(managers).hasSize(3).doesNotHaveDuplicates();
		assertAllClean();
	}

	@Test
	void nestedClassesWithTheSameOrOwnConfigurationSeeTheirOwnSetAndTheOuterOneComesBack() {
		EngineExecutionResults results = Scenarios.run(Outer.class, Plain.class);

		assertThat(Scenarios.failures(results)).isEmpty();
		// JUnit 5 and 6 order the two nested classes differently; either way the set
		// follows the class.
		assertThat(seen).hasSize(5)
			.startsWith("outer=O")
			.endsWith("outer after nested=O", "plain=null")
			.contains("nested same=O", "nested own=N");
		assertAllClean();
	}

	@Test
	void aChildContextsOwnSettingsWinAndLeavingItRestoresTheParents() {
		EngineExecutionResults results = Scenarios.run(ParentOnly.class, ParentAndChild.class, ParentOnlyAgain.class,
				Plain.class);

		assertThat(Scenarios.failures(results)).isEmpty();
		assertThat(seen).containsExactly("parent=parent", "child=child", "parent again=parent", "plain=null");
		assertAllClean();
	}

	private static void assertAllClean() {
		assertThat(System.getProperty("it.side")).isNull();
		assertThat(PatchRegistry.jvm().current()).isEqualTo(PatchSet.EMPTY);
		assertThat(PatchRegistry.jvm().leases()).isEmpty();
	}

	@Scenario
	static class Plain {

		@Test
		void clean() {
			see("plain");
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = "patching.system-properties[it.side]=D")
	@DirtiesContext
	static class DirtiedAfterClass {

		@Autowired
		PatchManager manager;

		@Test
		void patched() {
			managers.add(this.manager);
			see("dirtied");
		}

	}

	static class DirtiedAfterClassAgain extends DirtiedAfterClass {

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = "patching.system-properties[it.side]=M")
	@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
	@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
	static class DirtiedAfterEachMethod {

		@Autowired
		PatchManager manager;

		@Test
		@Order(1)
		void one() {
			managers.add(this.manager);
			see("method 1");
		}

		@Test
		@Order(2)
		void two() {
			managers.add(this.manager);
			see("method 2");
		}

		@Test
		@Order(3)
		void three() {
			managers.add(this.manager);
			see("method 3");
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = "patching.system-properties[it.side]=O")
	static class Outer {

		@Test
		void outer() {
			see("outer");
		}

		@AfterAll
		static void afterNested() {
			see("outer after nested");
		}

		@Nested
		class SameConfiguration {

			@Test
			void nested() {
				see("nested same");
			}

		}

		@Nested
		@TestPropertySource(properties = "patching.system-properties[it.side]=N")
		class OwnConfiguration {

			@Test
			void nested() {
				see("nested own");
			}

		}

	}

	@Scenario
	@SpringJUnitConfig
	@ContextConfiguration(name = "parent", classes = ItApplication.class, initializers = ParentSide.class)
	static class ParentOnly {

		@Test
		void parent() {
			see(getClass().getSimpleName().endsWith("Again") ? "parent again" : "parent");
		}

	}

	static class ParentOnlyAgain extends ParentOnly {

	}

	@Scenario
	@SpringJUnitConfig
	@ContextHierarchy({
			@ContextConfiguration(name = "parent", classes = ItApplication.class, initializers = ParentSide.class),
			@ContextConfiguration(name = "child", classes = ItApplication.class, initializers = ChildSide.class) })
	static class ParentAndChild {

		@Test
		void child() {
			see("child");
		}

	}

	static class ParentSide implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("parent",
						java.util.Map.of("patching.system-properties[it.side]", "parent")));
		}

	}

	static class ChildSide implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("child",
						java.util.Map.of("patching.system-properties[it.side]", "child")));
		}

	}

}
