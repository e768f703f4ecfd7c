package dev.patching.it;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.patching.it.support.LoopbackServer;
import dev.patching.it.support.Scenario;
import dev.patching.it.support.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The library writes one line per test class saying what the patches did — also for a
 * class whose context it dirtied.
 */
class ReportTests {

	static final Path FILE = Path.of("target", "report-tests", "patching-report.txt");

	static volatile LoopbackServer server;

	@Test
	void eachTestClassGetsALineWithItsConnectsAndLookups() throws Exception {
		Files.deleteIfExists(FILE);
		try (LoopbackServer loopback = new LoopbackServer()) {
			server = loopback;
			EngineExecutionResults results = Scenarios.run(Reported.class, ReportedOff.class);
			assertThat(Scenarios.failures(results)).isEmpty();
		}
		assertThat(Files.readAllLines(FILE)).hasSize(2);
		assertThat(Files.readAllLines(FILE).get(0)).contains("Reported", "[dns, socket]",
				"connects: 1 allowed, 0 redirected, 2 blocked", "names: 1 answered, 0 system, 0 refused");
		assertThat(Files.readAllLines(FILE).get(1)).contains("ReportedOff", "off: no patch in effect");
	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class,
			properties = { "patching.enabled=false", "patching.report.file=target/report-tests/patching-report.txt" })
	static class ReportedOff {

		@Test
		void runsUnpatched() {
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class,
			properties = { "patching.socket.enabled=true", "patching.socket.allow-loopback=false",
					"patching.socket.allow=127.0.0.2", "patching.dns.enabled=true",
					"patching.dns.hosts[reported.test]=127.0.0.1",
					"patching.report.file=target/report-tests/patching-report.txt" })
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

}
