package dev.patching.it;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.patching.ConnectionAttempt;
import dev.patching.NameRefusedException;
import dev.patching.NoNetwork;
import dev.patching.PatchManager;
import dev.patching.PatchScope;
import dev.patching.PatchingConfigurationException;
import dev.patching.PatchingOverride;
import dev.patching.internal.core.PatchRegistry;
import dev.patching.internal.core.PatchSet;
import dev.patching.it.support.LoopbackServer;
import dev.patching.it.support.Scenario;
import dev.patching.it.support.Scenarios;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@code @PatchingOverride} on test methods and classes, {@code @NoNetwork}, and
 * {@code PatchManager.override(Map)} scopes: the context's own patches with the overrides
 * layered on, for exactly the method, class or scope, in the same cached context; bad
 * overrides fail naming the property; differing effective sets never overlap in a
 * parallel run. Loopback and {@code .test} names only.
 */
class OverrideTests {

	static final String CONTEXT_PROPERTIES = "patching.system-properties[it.override]=context";

	/** What each callback saw of it.override / it.override.class, in order. */
	static final List<String> seen = new CopyOnWriteArrayList<>();

	static volatile ApplicationContext annotatedContext;

	static volatile ApplicationContext plainContext;

	static String now() {
		return System.getProperty("it.override") + "/" + System.getProperty("it.override.class");
	}

	@Test
	void methodAndClassOverridesLayerOnTheContextsPatchesForExactlyTheirMethodOrClassInTheSameContext() {
		seen.clear();
		EngineExecutionResults results = Scenarios.run(Annotated.class, SameContextNoOverride.class);
		assertThat(Scenarios.failures(results)).isEmpty();
		assertThat(results.testEvents().succeeded().count()).isEqualTo(5);
		assertThat(seen).containsExactly("beforeAll context/class", "beforeEach context/class", "test context/class",
				"afterEach context/class", "beforeEach method/class", "test method/class", "afterEach method/class",
				"beforeEach context/class", "test context/class", "afterEach context/class",
				"beforeEach context/nested", "nested context/nested", "afterEach context/nested",
				"afterAll context/class", "other class context/null");
		assertThat(annotatedContext).as("overrides never change the context").isSameAs(plainContext);
		assertThat(System.getProperty("it.override")).isNull();
		assertThat(System.getProperty("it.override.class")).isNull();
		assertThat(PatchRegistry.jvm().current()).isEqualTo(PatchSet.EMPTY);
	}

	@Test
	void scopesNestAndPutTheirSetBackWhenClosedAlsoWhenTheTestFails() {
		EngineExecutionResults results = Scenarios.run(Scoped.class);
		assertThat(Scenarios.failures(results)).isEmpty();
		assertThat(results.testEvents().succeeded().count()).isEqualTo(5);
		assertThat(System.getProperty("it.override")).isNull();
		assertThat(PatchRegistry.jvm().current()).isEqualTo(PatchSet.EMPTY);
	}

	@Test
	void anInvalidOverrideFailsItsMethodNamingThePropertyAndLeavesNothingBehind() {
		EngineExecutionResults results = Scenarios.run(Invalid.class);
		assertThat(results.testEvents().succeeded().count()).isEqualTo(2);
		assertThat(results.testEvents().failed().count()).isEqualTo(2);
		String failures = Scenarios.failures(results);
		assertThat(failures).contains("patching.socket.enabled").contains("maybe").contains("true or false");
		assertThat(failures).contains("server.port").contains("a patching.* property");
		assertThat(System.getProperty("it.override")).isNull();
		assertThat(PatchRegistry.jvm().current()).isEqualTo(PatchSet.EMPTY);
	}

	@Test
	void noNetworkBlocksAndRefusesForItsClassOnTopOfAContextWithoutPatches() {
		EngineExecutionResults results = Scenarios.run(NoNetworkClass.class, SameContextWithoutPreset.class);
		assertThat(Scenarios.failures(results)).isEmpty();
		assertThat(results.testEvents().succeeded().count()).isEqualTo(2);
	}

	@Test
	void methodsWithDifferentOverridesNeverOverlapInAParallelRun() {
		EngineExecutionResults results = Scenarios.run(
				Map.of("junit.jupiter.execution.parallel.enabled", "true",
						"junit.jupiter.execution.parallel.mode.default", "concurrent",
						"junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
						"junit.jupiter.execution.parallel.config.strategy", "fixed",
						"junit.jupiter.execution.parallel.config.fixed.parallelism", "4"),
				ParallelOne.class, ParallelTwo.class);
		assertThat(Scenarios.failures(results)).isEmpty();
		assertThat(results.testEvents().succeeded().count()).isEqualTo(8);
		assertThat(System.getProperty("it.override")).isNull();
		assertThat(PatchRegistry.jvm().current()).isEqualTo(PatchSet.EMPTY);
	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = CONTEXT_PROPERTIES)
	@PatchingOverride("patching.system-properties[it.override.class]=class")
	@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
	static class Annotated {

		@Autowired
		ApplicationContext context;

		@BeforeAll
		static void beforeAll() {
			seen.add("beforeAll " + now());
		}

		@BeforeEach
		void beforeEach() {
			annotatedContext = this.context;
			seen.add("beforeEach " + now());
		}

		@Test
		@Order(1)
		void theClassOverrideIsOnTopOfTheContextsPatches() {
			seen.add("test " + now());
		}

		@Test
		@Order(2)
		@PatchingOverride("patching.system-properties[it.override]=method")
		void aMethodOverrideIsOnTopOfTheClasss() {
			seen.add("test " + now());
		}

		@Test
		@Order(3)
		void theNextMethodSeesTheClassSetAgain() {
			seen.add("test " + now());
		}

		@AfterEach
		void afterEach() {
			seen.add("afterEach " + now());
		}

		@AfterAll
		static void afterAll() {
			seen.add("afterAll " + now());
		}

		@Nested
		@PatchingOverride("patching.system-properties[it.override.class]=nested")
		class Inner {

			@Test
			void aNestedClassLayersItsOwnOnItsEnclosingClasss() {
				seen.add("nested " + now());
			}

		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = CONTEXT_PROPERTIES)
	static class SameContextNoOverride {

		@Autowired
		ApplicationContext context;

		@Test
		void seesOnlyTheContextsPatches() {
			plainContext = this.context;
			seen.add("other class " + now());
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = { CONTEXT_PROPERTIES, "patching.socket.enabled=true",
			"patching.socket.allow-loopback=false", "patching.socket.allow=127.0.0.1" })
	static class Scoped {

		@Autowired
		PatchManager manager;

		@Test
		void scopesNest() {
			try (PatchScope outer = this.manager.override(Map.of("patching.system-properties[it.override]", "outer"))) {
				assertThat(System.getProperty("it.override")).isEqualTo("outer");
				try (PatchScope inner = this.manager
					.override(Map.of("patching.system-properties[it.override.class]", "inner"))) {
					assertThat(now()).isEqualTo("outer/inner");
					assertThat(this.manager.isInEffect()).isTrue();
				}
				assertThat(now()).isEqualTo("outer/null");
				outer.close();
				assertThat(now()).isEqualTo("context/null");
			}
			assertThat(now()).isEqualTo("context/null");
		}

		@Test
		void aScopeIsClosedWhenTheTestFailsInsideIt() {
			Throwable failure = catchThrowable(() -> {
				try (PatchScope scope = this.manager
					.override(Map.of("patching.system-properties[it.override]", "failing"))) {
					assertThat(System.getProperty("it.override")).isEqualTo("failing");
					throw new IllegalStateException("the test fails here");
				}
			});
			assertThat(failure).hasMessage("the test fails here");
			assertThat(System.getProperty("it.override")).isEqualTo("context");
		}

		@Test
		void aRedirectKnownOnlyAtRunTimeReachesTheStub() throws Exception {
			try (LoopbackServer stub = new LoopbackServer()) {
				this.manager.clearRecords();
				try (PatchScope scope = this.manager
					.override(Map.of("patching.socket.redirect[127.0.0.9:7]", "127.0.0.1:" + stub.port()))) {
					try (Socket socket = new Socket()) {
						socket.connect(new InetSocketAddress("127.0.0.9", 7), 2000);
					}
					assertThat(stub.awaitAccepted(1)).isEqualTo(1);
				}
				assertThat(this.manager.connectionAttempts()).extracting(ConnectionAttempt::outcome)
					.containsExactly(ConnectionAttempt.Outcome.REDIRECTED);
				// The context's own rules again: 127.0.0.9 is not allowed.
				assertThat(catchThrowable(() -> {
					try (Socket socket = new Socket()) {
						socket.connect(new InetSocketAddress("127.0.0.9", 7), 2000);
					}
				})).isInstanceOf(ConnectException.class).hasMessageContaining("patching.socket");
			}
		}

		@Test
		void timeGivesTheClockOfTheOverrideInEffect() {
			Instant fixed = Instant.parse("2030-01-01T09:00:00Z");
			try (PatchScope scope = this.manager.override(Map.of("patching.time.fixed", fixed.toString()))) {
				assertThat(this.manager.time().now()).isEqualTo(fixed);
				assertThat(Instant.now()).isEqualTo(fixed);
			}
			assertThat(Instant.now()).isNotEqualTo(fixed);
			assertThat(catchThrowable(this.manager::time)).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("needs a clock patch");
		}

		@Test
		void anInvalidScopeFailsNamingThePropertyAndChangesNothing() {
			assertThatExceptionOfType(PatchingConfigurationException.class)
				.isThrownBy(() -> this.manager.override(Map.of("patching.dns.unlisted", "sometimes")))
				.withMessageContaining("patching.dns.unlisted")
				.withMessageContaining("sometimes");
			assertThat(System.getProperty("it.override")).isEqualTo("context");
			assertThat(this.manager.isInEffect()).isTrue();
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = CONTEXT_PROPERTIES)
	@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
	static class Invalid {

		@Test
		@Order(1)
		@PatchingOverride("patching.socket.enabled=maybe")
		void aBadValue() {
		}

		@Test
		@Order(2)
		void theNextMethodIsFine() {
			assertThat(System.getProperty("it.override")).isEqualTo("context");
		}

		@Test
		@Order(3)
		@PatchingOverride("server.port=1")
		void notAPatchingProperty() {
		}

		@Test
		@Order(4)
		void andTheNextAgain() {
			assertThat(System.getProperty("it.override")).isEqualTo("context");
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class)
	@NoNetwork
	static class NoNetworkClass {

		@Autowired
		PatchManager manager;

		@Test
		void socketAndDnsPatchesAreInEffectAndUnlistedNamesAreRefused() throws IOException {
			assertThat(this.manager.patches()).as("the context's own").isEmpty();
			assertThat(PatchRegistry.jvm().current().names()).containsExactlyInAnyOrder("dns", "socket");
			assertThat(catchThrowable(() -> InetAddress.getByName("unlisted.test")))
				.isInstanceOf(NameRefusedException.class)
				.hasMessageContaining("patching.dns");
			try (LoopbackServer server = new LoopbackServer()) {
				server.connect();
			}
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class)
	static class SameContextWithoutPreset {

		@Test
		void theJvmIsClean() {
			assertThat(PatchRegistry.jvm().current()).isEqualTo(PatchSet.EMPTY);
		}

	}

	/** Reads it.override for a while and fails if it is ever not {@code expected}. */
	static void seesOnly(String expected) throws InterruptedException {
		long end = System.nanoTime() + 150_000_000L;
		while (System.nanoTime() < end) {
			assertThat(System.getProperty("it.override")).isEqualTo(expected);
			Thread.sleep(5);
		}
	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = "patching.system-properties[it.override]=shared")
	static class ParallelOne {

		@Test
		void plain() throws InterruptedException {
			seesOnly("shared");
		}

		@Test
		@PatchingOverride("patching.system-properties[it.override]=one-a")
		void a() throws InterruptedException {
			seesOnly("one-a");
		}

		@Test
		@PatchingOverride("patching.system-properties[it.override]=one-b")
		void b() throws InterruptedException {
			seesOnly("one-b");
		}

		@Test
		@PatchingOverride("patching.system-properties[it.override]=one-a")
		void sameAsA() throws InterruptedException {
			seesOnly("one-a");
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = "patching.system-properties[it.override]=shared")
	static class ParallelTwo {

		@Autowired
		PatchManager manager;

		@Test
		void plain() throws InterruptedException {
			seesOnly("shared");
		}

		@Test
		@PatchingOverride("patching.system-properties[it.override]=two-a")
		void a() throws InterruptedException {
			seesOnly("two-a");
		}

		@Test
		void scoped() throws InterruptedException {
			try (PatchScope scope = this.manager.override(Map.of("patching.system-properties[it.override]", "two-s"))) {
				seesOnly("two-s");
			}
			seesOnly("shared");
		}

		@Test
		@PatchingOverride("patching.system-properties[it.override]=one-a")
		void sameAsTheOtherClasss() throws InterruptedException {
			seesOnly("one-a");
		}

	}

}
