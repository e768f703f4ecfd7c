package dev.patching.it;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.patching.ConnectionAttempt;
import dev.patching.ConnectionBlockedException;
import dev.patching.NameRefusedException;
import dev.patching.NoNetwork;
import dev.patching.PatchManager;
import dev.patching.PatchingOverride;
import dev.patching.internal.core.PatchRegistry;
import dev.patching.internal.core.PatchSet;
import dev.patching.it.support.ForkedJvm;
import dev.patching.it.support.LoopbackServer;
import dev.patching.it.support.Scenario;
import dev.patching.it.support.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Test classes without a Spring context ({@code PatchingExtension}): with the two
 * {@code junit-platform.properties} lines, every plain class holds the default set (the
 * {@code patching.*} properties of the class path's {@code application.properties}) with
 * its overrides, side by side with Spring classes of another set in a parallel run and
 * never overlapping them; without them, plain classes are untouched and only an annotated
 * one takes part. In a JVM of its own whose class path has that
 * {@code application.properties} (here it would apply to every test of the module).
 * Loopback and {@code .test} names only.
 */
class PlainClassesTests {

	static final String DEFAULTS = """
			patching.socket.enabled=true
			patching.socket.allow-loopback=false
			patching.system-properties[it.plain]=default
			""";

	@Test
	void plainClassesHoldTheDefaultSetWithTheirOverridesBesideSpringClassesAndNothingWithoutTheSwitch(
			@TempDir Path temp) throws Exception {
		Files.writeString(temp.resolve("application.properties"), DEFAULTS);
		ForkedJvm.Result result = ForkedJvm.run(List.of(), List.of(temp), Main.class.getName());
		assertThat(result.output()).contains("SWITCHED ON: SUCCEEDED 6 FAILURES none",
				"SWITCHED OFF: SUCCEEDED 2 FAILURES none", "AFTER clean");
		assertThat(result.exitCode()).as(result.output()).isZero();
	}

	/** The forked JVM's main: both runs, each checked, then what is left. */
	public static final class Main {

		public static void main(String[] args) {
			Map<String, String> parallel = Map.of("junit.jupiter.extensions.autodetection.enabled", "true",
					"patching.plain-classes", "true", "junit.jupiter.execution.parallel.enabled", "true",
					"junit.jupiter.execution.parallel.mode.default", "concurrent",
					"junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
					"junit.jupiter.execution.parallel.config.strategy", "fixed",
					"junit.jupiter.execution.parallel.config.fixed.parallelism", "4");
			print("SWITCHED ON", Scenarios.run(parallel, PlainBlocked.class, PlainWithOverride.class,
					SpringOtherSet.class, PlainBlockedAgain.class));
			print("SWITCHED OFF", Scenarios.run(Map.of(), PlainUntouched.class, PlainAnnotated.class));
			boolean clean = PatchRegistry.jvm().leases().isEmpty() && PatchRegistry.jvm().current() == PatchSet.EMPTY
					&& System.getProperty("it.plain") == null;
			System.out.println(clean ? "AFTER clean" : "AFTER leases=" + PatchRegistry.jvm().leases() + " current="
					+ PatchRegistry.jvm().current() + " it.plain=" + System.getProperty("it.plain"));
			System.out.flush();
			System.exit(0);
		}

		private static void print(String run, EngineExecutionResults results) {
			String failures = Scenarios.failures(results);
			System.out.println(run + ": SUCCEEDED " + results.testEvents().succeeded().count() + " FAILURES "
					+ (failures.isEmpty() ? "none" : failures));
		}

	}

	/** Reads it.plain for a while and fails if it is ever not {@code expected}. */
	static void seesOnly(String expected) throws InterruptedException {
		long end = System.nanoTime() + 150_000_000L;
		while (System.nanoTime() < end) {
			assertThat(System.getProperty("it.plain")).isEqualTo(expected);
			Thread.sleep(5);
		}
	}

	@Scenario
	static class PlainBlocked {

		@Test
		void aConnectIsBlockedByTheDefaultSetAndRecorded(PatchManager patching) throws Exception {
			seesOnly("default");
			try (LoopbackServer server = new LoopbackServer()) {
				assertThat(catchThrowable(server::connect)).isInstanceOf(ConnectionBlockedException.class)
					.hasMessageContaining("patching.socket");
			}
			assertThat(patching.connectionAttempts()).extracting(ConnectionAttempt::outcome)
				.containsExactly(ConnectionAttempt.Outcome.BLOCKED);
		}

	}

	@Scenario
	static class PlainBlockedAgain extends PlainBlocked {

	}

	@Scenario
	@PatchingOverride("patching.system-properties[it.plain]=overridden")
	static class PlainWithOverride {

		@Test
		void theClassOverrideIsOnTopOfTheDefaults() throws InterruptedException {
			seesOnly("overridden");
		}

		@Test
		@PatchingOverride("patching.socket.allow-loopback=true")
		void aMethodOverrideLetsLoopbackThrough() throws Exception {
			try (LoopbackServer server = new LoopbackServer()) {
				server.connect();
				assertThat(server.awaitAccepted(1)).isEqualTo(1);
			}
			seesOnly("overridden");
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = "patching.system-properties[it.plain]=spring")
	static class SpringOtherSet {

		@Test
		void seesItsOwnSetOnly() throws InterruptedException {
			seesOnly("spring");
		}

		@Test
		void andAgain() throws InterruptedException {
			seesOnly("spring");
		}

	}

	@Scenario
	static class PlainUntouched {

		@Test
		void theJvmIsClean() throws Exception {
			assertThat(System.getProperty("it.plain")).isNull();
			assertThat(PatchRegistry.jvm().current()).isEqualTo(PatchSet.EMPTY);
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", 9), 1000);
			}
			catch (java.net.ConnectException expected) {
				assertThat(expected).isNotInstanceOf(ConnectionBlockedException.class);
			}
		}

	}

	@Scenario
	@NoNetwork
	static class PlainAnnotated {

		@Test
		void thePresetIsOnTopOfTheDefaults() {
			assertThat(System.getProperty("it.plain")).isEqualTo("default");
			assertThat(catchThrowable(() -> InetAddress.getByName("unlisted.test")))
				.isInstanceOf(NameRefusedException.class);
			assertThat(PatchRegistry.jvm().current().names()).contains("dns", "socket", "system-properties");
		}

	}

}
