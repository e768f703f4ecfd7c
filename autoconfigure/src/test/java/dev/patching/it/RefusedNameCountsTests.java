package dev.patching.it;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.patching.DnsLookup;
import dev.patching.NameRefusedException;
import dev.patching.PatchManager;
import dev.patching.it.support.Clients;
import dev.patching.it.support.Scenario;
import dev.patching.it.support.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A name the DNS patch refused, then connected to (or sent a datagram to): counted once,
 * as a refused name; the address that stands in for it internally shows up nowhere.
 */
class RefusedNameCountsTests {

	static final Path FILE = Path.of(ReportTests.DIR + "refused-counts.txt");

	static final String MARKER = "127.255.255.254";

	/** How many lookups the clients made (HttpClient may ask more than once). */
	static volatile int refusals;

	@Test
	void aRefusedNameIsCountedOnceAndNotAsABlockedConnect() throws Exception {
		Files.deleteIfExists(FILE);
		EngineExecutionResults results = Scenarios.run(Refused.class);
		assertThat(Scenarios.failures(results)).isEmpty();
		List<String> lines = Files.readAllLines(FILE);
		assertThat(lines).hasSize(2);
		assertThat(refusals).isGreaterThanOrEqualTo(3);
		assertThat(lines.get(1)).isEqualTo(ReportTests.line("RefusedNameCountsTests.Refused",
				"[dns, socket] | connects: 0 allowed, 0 redirected, 0 blocked | names: 0 answered, 0 system, "
						+ refusals + " refused | refused: nowhere.test (" + refusals + "×)"));
		assertThat(lines.get(1)).doesNotContain(MARKER);
	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class,
			properties = { "patching.socket.enabled=true", "patching.dns.enabled=true", "patching.dns.unlisted=refuse",
					"patching.report.file=" + ReportTests.DIR + "refused-counts.txt" })
	static class Refused {

		@Autowired
		PatchManager manager;

		@Test
		void socketHttpClientAndDatagramNameTheRefusedNameOnly() throws Exception {
			Throwable bySocket = catchThrowable(() -> new Socket("nowhere.test", 8080).close());
			Throwable byHttpClient = catchThrowable(() -> Clients.get("nowhere.test", 8080));
			Throwable byDatagram = catchThrowable(() -> {
				try (DatagramSocket socket = new DatagramSocket()) {
					socket.send(new DatagramPacket(new byte[1], 1, new InetSocketAddress("nowhere.test", 53)));
				}
			});
			assertThat(bySocket).isInstanceOf(NameRefusedException.class);
			assertThat(byDatagram).isInstanceOf(NameRefusedException.class);
			for (Throwable thrown : List.of(bySocket, byHttpClient, byDatagram)) {
				assertThat(SocketPatchTests.messages(thrown)).contains("nowhere.test", "patching.dns")
					.doesNotContain(MARKER);
			}
			assertThat(this.manager.connectionAttempts()).isEmpty();
			assertThat(this.manager.dnsLookups()).extracting(DnsLookup::name, DnsLookup::outcome)
				.containsOnly(tuple("nowhere.test", DnsLookup.Outcome.REFUSED));
			refusals = this.manager.dnsLookups().size();
		}

	}

}
