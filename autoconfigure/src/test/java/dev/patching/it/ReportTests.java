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
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The library writes one line per test class saying what the patches did — also for a class whose
 * context it dirtied — and a header per JVM before its first line in a file.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReportTests {

	static final String DIR = "target/report-tests/";

	static final Path FILE = Path.of(DIR + "patching-report.txt");

	static final Path NESTED_FILE = Path.of(DIR + "nested.txt");

	static final Path DESTINATIONS_FILE = Path.of(DIR + "destinations.txt");

	static final Path WRAPPED_FILE = Path.of(DIR + "wrapped.txt");

	static final Path HEADER_FILE = Path.of(DIR + "header.txt");

	static final Pattern HEADER = Pattern.compile("# patching report (\\S+) \\| JDK (.+) \\| Spring Boot (\\S+) \\| pid (\\d+)");

	static volatile LoopbackServer server;

	/** What the system resolver answered the scenario for localhost. */
	static volatile String localhost;

	@Test
	void eachTestClassGetsALineWithItsConnectsAndLookupsTheSameInTheLogAndTheFile(CapturedOutput output) throws Exception {
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
			.contains("[dns, socket]", "connects: 1 allowed, 0 redirected, 2 blocked", "names: 1 answered, 0 system, 0 refused")
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
		assertThat(lines.subList(1, 4)).allSatisfy((line) -> assertThat(line).startsWith("patching ReportTests.Header"));
		Matcher header = HEADER.matcher(lines.get(0));
		assertThat(header.matches()).as(lines.get(0)).isTrue();
		assertThat(OffsetDateTime.parse(header.group(1))).isBetween(before, after);
		assertThat(header.group(2)).isEqualTo(System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
		assertThat(header.group(3)).isEqualTo(SpringBootVersion.getVersion());
		assertThat(header.group(4)).isEqualTo(String.valueOf(ProcessHandle.current().pid()));

		Files.delete(HEADER_FILE);
		Scenarios.run(HeaderOne.class);
		assertThat(Files.readAllLines(HEADER_FILE)).as("a file deleted since gets a header again").hasSize(2)
			.first().asString().matches(HEADER);
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
			.endsWith(" | blocked: 127.0.0.3:2 (" + Wrapped.MANY + "×); 25 not kept (a context keeps its newest " + Wrapped.MANY
					+ " connects)");
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
	@SpringBootTest(classes = ItApplication.class,
			properties = { "patching.socket.enabled=true", "patching.socket.allow-loopback=false", "patching.socket.allow=127.0.0.2",
					"patching.dns.enabled=true", "patching.dns.hosts[reported.test]=127.0.0.1",
					"patching.report.file=" + DIR + "patching-report.txt" })
	@DirtiesContext
	static class Reported {

		@org.junit.jupiter.api.AfterEach
		void clearingRecordsDoesNotChangeTheReport(@org.springframework.beans.factory.annotation.Autowired dev.patching.PatchManager manager) {
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

	@Scenario
	@SpringBootTest(classes = ItApplication.class,
			properties = { "patching.socket.enabled=true", "patching.socket.allow-loopback=false", "patching.dns.enabled=true",
					"patching.dns.unlisted=refuse", "patching.dns.hosts[partner.test]=127.0.0.1",
					"patching.report.file=" + DIR + "destinations.txt" })
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
		static final int MANY = dev.patching.core.Recorder.CAPACITY;

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
