package dev.patching.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.patching.it.support.LoopbackServer;
import dev.patching.it.support.Scenario;
import dev.patching.it.support.Scenarios;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The library writes one line per test class saying what the patches did — also for a
 * class whose context it dirtied, and for one whose context failed to load — and a header
 * per JVM before its first line in a file.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReportTests {

	static final String DIR = "target/report-tests/";

	static final Path FILE = Path.of(DIR + "patching-report.txt");

	static final Path NESTED_FILE = Path.of(DIR + "nested.txt");

	static final Path FAILED_FILE = Path.of(DIR + "failed.txt");

	static final Path RELOAD_FILE = Path.of(DIR + "reload.txt");

	static final Path DESTINATIONS_FILE = Path.of(DIR + "destinations.txt");

	static final Path WRAPPED_FILE = Path.of(DIR + "wrapped.txt");

	static final Path HEADER_FILE = Path.of(DIR + "header.txt");

	static final Pattern HEADER = Pattern
		.compile("# patching report (\\S+) \\| JDK (.+) \\| Spring Boot (\\S+) \\| pid (\\d+)");

	static volatile LoopbackServer server;

	/** What the system resolver answered the scenario for localhost. */
	static volatile String localhost;

	@Test
	void eachTestClassGetsALineWithItsConnectsAndLookupsTheSameInTheLogAndTheFile(CapturedOutput output)
			throws Exception {
		Files.deleteIfExists(FILE);
		try (LoopbackServer loopback = new LoopbackServer()) {
			server = loopback;
			EngineExecutionResults results = Scenarios.run(Reported.class, ReportedOff.class);
			assertThat(Scenarios.failures(results)).isEmpty();
		}
		List<String> lines = Files.readAllLines(FILE);
		assertThat(lines).hasSize(3);
		assertThat(lines.get(0)).matches(HEADER);
		assertThat(lines.get(1)).startsWith("patching ReportTests.Reported ")
			.contains("[dns, socket]", "connects: 1 allowed, 0 redirected, 2 blocked",
					"names: 1 answered, 0 system, 0 refused")
			.endsWith(" | blocked: localhost:" + server.port() + " (2×)");
		assertThat(lines.get(2)).startsWith("patching ReportTests.ReportedOff ").contains("off: no patch in effect");
		assertThat(output.getOut()).as("the log has the file's lines as they are, and no header")
			.contains(lines.get(1), lines.get(2))
			.doesNotContain("# patching report");
	}

	@Test
	void theHeaderSaysWhenWhichJdkAndSpringBootAndComesOncePerFileAndJvm() throws Exception {
		Files.deleteIfExists(HEADER_FILE);
		OffsetDateTime before = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS);
		Scenarios.run(HeaderOne.class);
		Scenarios.run(HeaderTwo.class, HeaderOne.class);
		OffsetDateTime after = OffsetDateTime.now();

		List<String> lines = Files.readAllLines(HEADER_FILE);
		assertThat(lines).hasSize(4);
		assertThat(lines.subList(1, 4))
			.allSatisfy((line) -> assertThat(line).startsWith("patching ReportTests.Header"));
		Matcher header = HEADER.matcher(lines.get(0));
		assertThat(header.matches()).as(lines.get(0)).isTrue();
		assertThat(OffsetDateTime.parse(header.group(1))).isBetween(before, after);
		assertThat(header.group(2))
			.isEqualTo(System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
		assertThat(header.group(3)).isEqualTo(SpringBootVersion.getVersion());
		assertThat(header.group(4)).isEqualTo(String.valueOf(ProcessHandle.current().pid()));

		Files.delete(HEADER_FILE);
		Scenarios.run(HeaderOne.class);
		assertThat(Files.readAllLines(HEADER_FILE)).as("a file deleted since gets a header again")
			.hasSize(2)
			.first()
			.asString()
			.matches(HEADER);
	}

	@Test
	void aNestedClassIsNamedWithItsEnclosingClasses() throws Exception {
		Files.deleteIfExists(NESTED_FILE);
		EngineExecutionResults results = Scenarios.run(WithNested.class);
		assertThat(Scenarios.failures(results)).isEmpty();
		List<String> lines = Files.readAllLines(NESTED_FILE);
		assertThat(lines).hasSize(3);
		assertThat(lines.get(1)).startsWith("patching ReportTests.WithNested.Inner ")
			.contains("names: 1 answered, 0 system, 0 refused");
		assertThat(lines.get(2)).startsWith("patching ReportTests.WithNested ");
		assertThat(lines).noneMatch((line) -> line.contains("$"));
	}

	@Test
	void aClassWhoseContextFailedToLoadGetsALineWithTheFirstLineOfTheCause(CapturedOutput output) throws Exception {
		Files.deleteIfExists(FAILED_FILE);
		try (LoopbackServer loopback = new LoopbackServer()) {
			server = loopback;
			EngineExecutionResults results = Scenarios.run(FailsInABean.class, FailsInTheSameBean.class,
					BlockedWhileStarting.class, BadPatchingValue.class, FailsBeforeRefresh.class);
			assertThat(results.testEvents().failed().count()).as(Scenarios.failures(results)).isEqualTo(6);
		}
		List<String> lines = Files.readAllLines(FAILED_FILE);
		assertThat(lines).hasSize(6);
		assertThat(lines.get(0)).matches(HEADER);
		assertThat(lines.subList(1, 6)).containsExactly(
				line("ReportTests.FailsInABean",
						"context failed to load: IllegalStateException: this bean refuses to start"),
				line("ReportTests.FailsInTheSameBean",
						"context failed to load: IllegalStateException: this bean refuses to start (not tried again)"),
				line("ReportTests.BlockedWhileStarting",
						"context failed to load: ConnectionBlockedException: Connection to " + "127.0.0.1:"
								+ server.port() + " blocked by the socket patch."),
				line("ReportTests.BadPatchingValue",
						"context failed to load: PatchingConfigurationException: Invalid value"
								+ " 'maybe' for property 'patching.dns.exempt-own-names'."),
				line("ReportTests.FailsBeforeRefresh",
						"context failed to load: IllegalStateException: this initializer fails before the refresh"));
		assertThat(output.getOut()).contains(lines.subList(1, 6));
	}

	@Test
	void aContextThatFailsWhenSpringLoadsItAgainAfterDirtiesContextIsReportedAfterTheCounts() throws Exception {
		Files.deleteIfExists(RELOAD_FILE);
		StartsOnce.starts.set(0);
		EngineExecutionResults results = Scenarios.run(FailsOnReload.class);
		assertThat(results.testEvents().failed().count()).as(Scenarios.failures(results)).isEqualTo(1);
		assertThat(results.testEvents().succeeded().count()).isEqualTo(1);
		List<String> lines = Files.readAllLines(RELOAD_FILE);
		assertThat(lines).hasSize(2);
		assertThat(lines.get(1)).isEqualTo(line("ReportTests.FailsOnReload",
				"[system-properties] | connects: 0 allowed,"
						+ " 0 redirected, 0 blocked | names: 0 answered, 0 system, 0 refused"
						+ " | then its context failed to load: IllegalStateException: this bean starts once"));
	}

	@Test
	void aLineListsTheDistinctDestinationsBlockedAndNamesRefusedAndWhatTheSystemResolverAnswered() throws Exception {
		Files.deleteIfExists(DESTINATIONS_FILE);
		EngineExecutionResults results = Scenarios.run(Destinations.class);
		assertThat(Scenarios.failures(results)).isEmpty();
		List<String> lines = Files.readAllLines(DESTINATIONS_FILE);
		assertThat(lines).hasSize(2);
		assertThat(lines.get(1)).isEqualTo(String.format("patching %-34s", "ReportTests.Destinations")
				+ " [dns, socket] | connects: 0 allowed, 0 redirected, 8 blocked | names: 3 answered, 1 system, 3 refused"
				+ " | blocked: partner.test:443 (3×), 127.0.0.2:5432 (2×), 127.0.0.3:1 (1×) and 2 more"
				+ " | refused: db.prod.test (2×), other.test (1×)" + " | system: localhost " + localhost + " (1×)");
	}

	@Test
	void whenTheRecordBufferDroppedSomeOfAClassesRecordsTheLineSaysHowMany() throws Exception {
		Files.deleteIfExists(WRAPPED_FILE);
		EngineExecutionResults results = Scenarios.run(Wrapped.class);
		assertThat(Scenarios.failures(results)).isEmpty();
		List<String> lines = Files.readAllLines(WRAPPED_FILE);
		assertThat(lines).hasSize(2);
		assertThat(lines.get(1)).contains("connects: 0 allowed, 0 redirected, " + (25 + Wrapped.MANY) + " blocked")
			.endsWith(" | blocked: 127.0.0.3:2 (" + Wrapped.MANY + "×); 25 not kept (a context keeps its newest "
					+ Wrapped.MANY + " connects)");
	}

	static String line(String name, String rest) {
		return String.format("patching %-34s", name) + " " + rest;
	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class,
			properties = { "patching.enabled=false", "patching.report.file=" + DIR + "patching-report.txt" })
	static class ReportedOff {

		@Test
		void runsUnpatched() {
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = { "patching.socket.enabled=true",
			"patching.socket.allow-loopback=false", "patching.socket.allow=127.0.0.2", "patching.dns.enabled=true",
			"patching.dns.hosts[reported.test]=127.0.0.1", "patching.report.file=" + DIR + "patching-report.txt" })
	@DirtiesContext
	static class Reported {

		@org.junit.jupiter.api.AfterEach
		void clearingRecordsDoesNotChangeTheReport(
				@org.springframework.beans.factory.annotation.Autowired dev.patching.PatchManager manager) {
			manager.clearRecords();
		}

		@Test
		void connectsAndResolves() throws Exception {
			assertThat(InetAddress.getByName("reported.test").getHostAddress()).isEqualTo("127.0.0.1");
			assertThatExceptionOfType(java.net.ConnectException.class).isThrownBy(server::connect);
			assertThatExceptionOfType(java.net.ConnectException.class).isThrownBy(server::connect);
			try (java.net.ServerSocket other = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.2"));
					java.net.Socket socket = new java.net.Socket("127.0.0.2", other.getLocalPort())) {
				assertThat(socket.isConnected()).isTrue();
			}
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = "patching.report.file=" + DIR + "header.txt")
	static class HeaderOne {

		@Test
		void runs() {
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class,
			properties = { "patching.time-zone=UTC", "patching.report.file=" + DIR + "header.txt" })
	static class HeaderTwo {

		@Test
		void runs() {
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = { "patching.dns.enabled=true",
			"patching.dns.hosts[nested.test]=127.0.0.1", "patching.report.file=" + DIR + "nested.txt" })
	static class WithNested {

		@Test
		void outer() {
		}

		@Nested
		class Inner {

			@Test
			void resolves() throws Exception {
				assertThat(InetAddress.getByName("nested.test").getHostAddress()).isEqualTo("127.0.0.1");
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FailingBean {

		@Bean
		Object refusesToStart() {
			throw new IllegalStateException("this bean refuses to start\nand says more on its second line");
		}

	}

	@Scenario
	@SpringBootTest(classes = FailingBean.class, properties = "patching.report.file=" + DIR + "failed.txt")
	static class FailsInABean {

		@Test
		void first() {
		}

		@Test
		void second() {
		}

	}

	/** The same configuration: Spring does not try it again, and says only that. */
	@Scenario
	@SpringBootTest(classes = FailingBean.class, properties = "patching.report.file=" + DIR + "failed.txt")
	static class FailsInTheSameBean {

		@Test
		void runs() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ConnectingBean {

		@Bean
		Object connectsWhileStarting() throws IOException {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 2000);
			}
			return "connected";
		}

	}

	@Scenario
	@SpringBootTest(classes = ConnectingBean.class, properties = { "patching.socket.enabled=true",
			"patching.socket.allow-loopback=false", "patching.report.file=" + DIR + "failed.txt" })
	static class BlockedWhileStarting {

		@Test
		void runs() {
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = { "patching.dns.enabled=true",
			"patching.dns.exempt-own-names=maybe", "patching.report.file=" + DIR + "failed.txt" })
	static class BadPatchingValue {

		@Test
		void runs() {
		}

	}

	static class FailingInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			throw new IllegalStateException("this initializer fails before the refresh");
		}

	}

	/**
	 * Fails before the context reads any patching.* property: the line goes where the
	 * inline properties say.
	 */
	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = "patching.report.file=" + DIR + "failed.txt")
	@ContextConfiguration(initializers = FailingInitializer.class)
	static class FailsBeforeRefresh {

		@Test
		void runs() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class StartsOnce {

		static final java.util.concurrent.atomic.AtomicInteger starts = new java.util.concurrent.atomic.AtomicInteger();

		@Bean
		Object startsOnce() {
			if (starts.incrementAndGet() > 1) {
				throw new IllegalStateException("this bean starts once");
			}
			return "started";
		}

	}

	/**
	 * The second method's context is loaded again by Spring's dependency injection,
	 * outside the patching listener.
	 */
	@Scenario
	@SpringBootTest(classes = StartsOnce.class,
			properties = { "patching.system-properties[report.reload]=1",
					"patching.report.file=" + DIR + "reload.txt" })
	@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
	static class FailsOnReload {

		@Test
		@org.junit.jupiter.api.Order(1)
		void first() {
		}

		@Test
		@org.junit.jupiter.api.Order(2)
		@DirtiesContext(methodMode = DirtiesContext.MethodMode.BEFORE_METHOD)
		void second() {
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class,
			properties = { "patching.socket.enabled=true", "patching.socket.allow-loopback=false",
					"patching.dns.enabled=true", "patching.dns.unlisted=refuse",
					"patching.dns.hosts[partner.test]=127.0.0.1", "patching.report.file=" + DIR + "destinations.txt" })
	static class Destinations {

		@Test
		void connectsAndResolves() throws Exception {
			for (int i = 0; i < 3; i++) {
				blocked(new InetSocketAddress("partner.test", 443));
			}
			blocked(new InetSocketAddress("127.0.0.2", 5432));
			blocked(new InetSocketAddress("127.0.0.2", 5432));
			blocked(new InetSocketAddress("127.0.0.3", 1));
			blocked(new InetSocketAddress("127.0.0.4", 1));
			blocked(new InetSocketAddress("127.0.0.5", 1));
			refused("db.prod.test");
			refused("db.prod.test");
			refused("other.test");
			localhost = Arrays.stream(InetAddress.getAllByName("localhost"))
				.map(InetAddress::getHostAddress)
				.collect(Collectors.joining(", ", "[", "]"));
		}

		static void blocked(InetSocketAddress address) {
			assertThat(catchThrowable(() -> {
				try (Socket socket = new Socket()) {
					socket.connect(address, 2000);
				}
			})).hasMessageContaining("blocked by the socket patch");
		}

		static void refused(String name) {
			assertThat(catchThrowable(() -> InetAddress.getByName(name))).isInstanceOf(UnknownHostException.class)
				.hasMessageContaining("refused by patching.dns");
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = { "patching.socket.enabled=true",
			"patching.socket.allow-loopback=false", "patching.report.file=" + DIR + "wrapped.txt" })
	static class Wrapped {

		/** As many as a context keeps. */
		static final int MANY = dev.patching.internal.core.Recorder.CAPACITY;

		@Test
		void blocksMoreThanTheContextKeeps() {
			for (int i = 0; i < 25; i++) {
				Destinations.blocked(new InetSocketAddress("127.0.0.2", 1));
			}
			for (int i = 0; i < MANY; i++) {
				try (Socket socket = new Socket()) {
					socket.connect(new InetSocketAddress("127.0.0.3", 2), 2000);
				}
				catch (IOException expected) {
					// blocked
				}
			}
		}

	}

}
