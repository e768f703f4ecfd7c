package dev.patching.robustness;

import java.net.ConnectException;
import java.util.List;

import dev.patching.internal.core.DefaultPatchManager;
import dev.patching.internal.core.Lease;
import dev.patching.it.support.ForkedJvm;
import dev.patching.it.support.Journal;
import dev.patching.it.support.LoopbackServer;
import dev.patching.it.support.Scenario;
import dev.patching.it.support.ScenarioMain;
import dev.patching.it.support.Scenarios;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.fail;

/**
 * The fault matrix: each way a test run can go wrong ends with nothing patched and the
 * error reported. Covered elsewhere and not repeated here: a custom patch failing in
 * apply or in restore and a failed refresh ({@code it.LifecycleTests}), eviction by the
 * context cache ({@code it.EvictionTests}), the agent missing at the hook level
 * ({@code agent.ForkedJvmTest}).
 */
class FaultMatrixTests {

	static final String SOCKET_ON = "patching.socket.enabled=true";

	static final String LOOPBACK_OFF = "patching.socket.allow-loopback=false";

	static final String SIDE = "patching.system-properties[" + JvmState.SIDE + "]=patched";

	static LoopbackServer server;

	@BeforeAll
	static void startServer() {
		server = new LoopbackServer();
	}

	@AfterAll
	static synchronized void stopServer() {
		server.close();
		server = null;
	}

	@BeforeEach
	@AfterEach
	void clean() {
		Journal.clear();
		JvmState.assertClean(server);
	}

	@Test
	void aFailingTestAndFailingCallbacksOfAPatchedClassAreReportedAndLeaveNothingPatched() {
		EngineExecutionResults results = Scenarios.run(FailingPatchedClass.class, PlainAfterFailure.class);

		assertThat(everyFailure(results)).contains("deliberate assertion failure", "deliberate exception",
				"deliberate @AfterEach failure", "deliberate @AfterAll failure");
		assertThat(Journal.events()).containsExactly("patched: blocked, robust.side=patched",
				"patched: blocked, robust.side=patched", "plain class after: connected, robust.side=null");
		JvmState.assertClean(server);
	}

	@Test
	void aFailingBeforeAllOfAPatchedClassIsReportedAndLeavesNothingPatched() {
		EngineExecutionResults results = Scenarios.run(FailingBeforeAll.class, PlainAfterFailure.class);

		assertThat(Scenarios.failures(results)).contains("deliberate @BeforeAll failure");
		assertThat(Journal.events()).containsExactly("plain class after: connected, robust.side=null");
		JvmState.assertClean(server);
	}

	@Test
	void aContextClosedByHandAndThenReusedFromTheCacheFailsLoudlyAndNeverRunsUnpatched() {
		EngineExecutionResults results = Scenarios.run(ClosesItsContextByHand.class, ReusesTheClosedContext.class,
				PlainAfterFailure.class);

		String failures = Scenarios.failures(results);
		assertThat(Journal.events()).containsExactly("closer: blocked, robust.side=patched",
				"plain class after: connected, robust.side=null");
		// Spring refuses the closed context before our listener can enter it: Framework 7
		// fails to
		// restart it ("LifecycleProcessor not initialized"), 6.2 says it "is not active".
		assertThat(failures).contains("ReusesTheClosedContext");
		assertThat(failures).containsAnyOf("LifecycleProcessor not initialized", "is not active");
		JvmState.assertClean(server);
	}

	@Test
	void aContextDirtiedAfterEachMethodKeepsTheSocketPatchForEveryMethod() {
		EngineExecutionResults results = Scenarios.run(SocketDirtiedAfterEachMethod.class, PlainAfterFailure.class);

		assertThat(Scenarios.failures(results)).isEmpty();
		assertThat(Journal.events()).containsExactly("method 1: blocked, robust.side=patched",
				"method 2: blocked, robust.side=patched", "method 3: blocked, robust.side=patched",
				"plain class after: connected, robust.side=null");
		JvmState.assertClean(server);
	}

	@Test
	void aClosedManagerRefusesToBeEnteredAgainAndClosingTwiceIsHarmless() {
		DefaultPatchManager manager = Patched.manager(false, List.of(), java.util.Map.of());
		manager.starting();
		Lease lease = manager.enter(this, "test class FaultMatrixTests");
		assertThatExceptionOfType(ConnectException.class).isThrownBy(server::connect);
		manager.exit(lease);
		manager.closing();
		manager.close();
		manager.close();
		manager.closing();

		assertThatIllegalStateException().isThrownBy(() -> manager.enter(this, "test class FaultMatrixTests"))
			.withMessageContaining("uses a test context that was already closed")
			.withMessageContaining("@DirtiesContext");
		assertThat(manager.isInEffect()).isFalse();
		JvmState.assertClean(server);
	}

	@Test
	void withoutAnAgentASocketPatchedContextFailsToStartWithTheJavaagentFixAndNeverRunsUnpatched() throws Exception {
		ForkedJvm.Result result = ForkedJvm.run(List.of("-XX:+DisableAttachMechanism"), ScenarioMain.class.getName(),
				NeedsTheAgent.class.getName(), NeedsTheAgentAgain.class.getName(), PlainAfterFailure.class.getName());

		assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
		assertThat(result.output()).contains("could not get a java.lang.instrument.Instrumentation",
				"-javaagent:${dev.patching:patching-spring-boot-autoconfigure:jar}", "VERDICT failed");
		assertThat(result.output()).as("no test body ran unpatched; the plain class ran")
			.contains("JOURNAL [plain class after: connected, robust.side=null]", "SUCCEEDED 1");
		assertThat(result.output()).contains("AFTER it.side=null current=clean leases=[]");
	}

	/**
	 * Every failure with its causes and suppressed exceptions (JUnit keeps an @AfterEach
	 * failure as suppressed).
	 */
	static String everyFailure(EngineExecutionResults results) {
		StringBuilder text = new StringBuilder();
		results.allEvents()
			.failed()
			.stream()
			.forEach((event) -> event.getPayload(TestExecutionResult.class)
				.flatMap(TestExecutionResult::getThrowable)
				.ifPresent((throwable) -> describe(throwable, text)));
		return text.toString();
	}

	private static void describe(Throwable throwable, StringBuilder text) {
		text.append(throwable).append('\n');
		for (Throwable suppressed : throwable.getSuppressed()) {
			describe(suppressed, text);
		}
		if (throwable.getCause() != null) {
			describe(throwable.getCause(), text);
		}
	}

	/**
	 * What a scenario sees; in a forked JVM (no outer class run) it starts a server of
	 * its own.
	 */
	static synchronized String view() {
		if (server == null) {
			server = new LoopbackServer();
		}
		String socket;
		try {
			server.connect();
			socket = "connected";
		}
		catch (ConnectException ex) {
			socket = ex.getMessage().contains("patching.socket.allow-loopback") ? "blocked"
					: "refused: " + ex.getMessage();
		}
		catch (java.io.IOException ex) {
			socket = "failed: " + ex;
		}
		return socket + ", " + JvmState.SIDE + "=" + System.getProperty(JvmState.SIDE);
	}

	@SpringBootConfiguration
	static class App {

	}

	@Scenario
	@SpringBootTest(classes = App.class, properties = { SOCKET_ON, LOOPBACK_OFF, SIDE })
	static class FailingPatchedClass {

		@AfterAll
		static void failAfterAll() {
			throw new IllegalStateException("deliberate @AfterAll failure");
		}

		@AfterEach
		void failAfterEach() {
			throw new IllegalStateException("deliberate @AfterEach failure");
		}

		@Test
		void failsAnAssertion() {
			Journal.add("patched: " + view());
			fail("deliberate assertion failure");
		}

		@Test
		void throwsAnException() {
			Journal.add("patched: " + view());
			throw new IllegalArgumentException("deliberate exception");
		}

	}

	@Scenario
	@SpringBootTest(classes = App.class, properties = { SOCKET_ON, LOOPBACK_OFF, SIDE, "robust.variant=before-all" })
	static class FailingBeforeAll {

		@BeforeAll
		static void failBeforeAll() {
			throw new IllegalStateException("deliberate @BeforeAll failure");
		}

		@Test
		void neverRuns() {
			Journal.add("after a failed @BeforeAll: " + view());
		}

	}

	@Scenario
	@SpringBootTest(classes = App.class, properties = { SOCKET_ON, LOOPBACK_OFF, SIDE, "robust.variant=dirtied" })
	@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
	@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
	static class SocketDirtiedAfterEachMethod {

		@Test
		@Order(1)
		void one() {
			Journal.add("method 1: " + view());
		}

		@Test
		@Order(2)
		void two() {
			Journal.add("method 2: " + view());
		}

		@Test
		@Order(3)
		void three() {
			Journal.add("method 3: " + view());
		}

	}

	@Scenario
	static class PlainAfterFailure {

		@Test
		void seesACleanJvm() {
			Journal.add("plain class after: " + view());
		}

	}

	@SpringBootTest(classes = App.class,
			properties = { SOCKET_ON, LOOPBACK_OFF, SIDE, "robust.variant=closed-by-hand" })
	abstract static class SharesOneContext {

		@Autowired
		ConfigurableApplicationContext context;

	}

	@Scenario
	static class ClosesItsContextByHand extends SharesOneContext {

		@Test
		void closesIt() {
			Journal.add("closer: " + view());
			// The mistake: closing a cached context by hand instead of @DirtiesContext.
			this.context.close();
		}

	}

	@Scenario
	static class ReusesTheClosedContext extends SharesOneContext {

		@Test
		void mustNotRunUnpatched() {
			Journal.add("reuser: " + view());
		}

	}

	@Scenario
	@SpringBootTest(classes = App.class, properties = { SOCKET_ON, LOOPBACK_OFF, SIDE })
	static class NeedsTheAgent {

		@Test
		void mustNotRunUnpatched() {
			Journal.add("ran without the agent: " + view());
		}

	}

	@Scenario
	@SpringBootTest(classes = App.class, properties = { SOCKET_ON, LOOPBACK_OFF, SIDE, "robust.variant=again" })
	static class NeedsTheAgentAgain extends NeedsTheAgent {

	}

}
