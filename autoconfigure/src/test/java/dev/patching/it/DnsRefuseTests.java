package dev.patching.it;

import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.Arrays;

import dev.patching.DnsLookup;
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

/**
 * {@code patching.dns.unlisted=refuse}: unlisted names fail naming the host and the
 * properties, through every client; the machine's own name keeps resolving; and nothing
 * patched or refused is left in the JDK's cache afterwards.
 */
class DnsRefuseTests {

	@Test
	void refusalsAreNamedThroughEveryClientAndTheJdkCacheKeepsNothing() throws Exception {
		String[] before = addresses("localhost");

		EngineExecutionResults results = Scenarios.run(Refusing.class);

		assertThat(Scenarios.failures(results)).isEmpty();
		assertThat(results.testEvents().succeeded().count()).isEqualTo(4);
		assertThat(addresses("localhost"))
			.as("localhost was answered 127.0.0.5 from the table; the cache kept none of it")
			.containsExactly(before);
	}

	@Test
	void withTheExemptionSwitchedOffLocalhostAndTheOwnNameAreRefusedToo() throws Exception {
		ownName = InetAddress.getLocalHost().getHostName();

		EngineExecutionResults results = Scenarios.run(RefusingOwnNames.class);

		assertThat(Scenarios.failures(results)).isEmpty();
		assertThat(results.testEvents().succeeded().count()).isEqualTo(1);
	}

	static volatile String ownName;

	static String[] addresses(String host) throws UnknownHostException {
		return Arrays.stream(InetAddress.getAllByName(host)).map(InetAddress::getHostAddress).toArray(String[]::new);
	}

	static String messages(Throwable thrown) {
		return SocketPatchTests.messages(thrown);
	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = { "patching.dns.enabled=true",
			"patching.dns.unlisted=refuse", "patching.dns.hosts[localhost]=127.0.0.5" })
	static class Refusing {

		@Autowired
		PatchManager manager;

		@Test
		void inetAddressThrowsUnknownHostExceptionNamingHostAndProperties() {
			Throwable thrown = catchThrowable(() -> InetAddress.getByName("nowhere.test"));
			assertThat(thrown).isInstanceOf(UnknownHostException.class)
				.hasMessageContaining("nowhere.test")
				.hasMessageContaining("patching.dns.hosts")
				.hasMessageContaining("patching.dns.unlisted");
			assertThat(this.manager.dnsLookups()).last()
				.extracting(DnsLookup::outcome)
				.isEqualTo(DnsLookup.Outcome.REFUSED);
		}

		@Test
		void socketAndHttpClientStillNameTheRefusedHost() {
			Throwable bySocket = catchThrowable(() -> new Socket("nowhere.test", 8080).close());
			assertThat(messages(bySocket)).contains("nowhere.test", "patching.dns");
			Throwable byHttpClient = catchThrowable(() -> Clients.get("nowhere.test", 8080));
			assertThat(messages(byHttpClient)).contains("nowhere.test", "patching.dns");
		}

		@Test
		void theMachinesOwnNameKeepsResolving() throws Exception {
			InetAddress local = InetAddress.getLocalHost();
			assertThat(local).isNotNull();
			assertThat(InetAddress.getByName(local.getHostName())).isNotNull();
		}

		@Test
		void aTableEntryWinsEvenForLocalhost() throws Exception {
			assertThat(InetAddress.getByName("localhost").getHostAddress()).isEqualTo("127.0.0.5");
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = { "patching.dns.enabled=true",
			"patching.dns.unlisted=refuse", "patching.dns.exempt-own-names=false" })
	static class RefusingOwnNames {

		@Autowired
		PatchManager manager;

		@Test
		void localhostAndTheMachinesOwnNameAreRefused() {
			assertThat(catchThrowable(() -> InetAddress.getByName("localhost")))
				.isInstanceOf(UnknownHostException.class)
				.hasMessageContaining("Host name 'localhost' refused by patching.dns");
			assertThat(catchThrowable(() -> InetAddress.getByName(ownName))).isInstanceOf(UnknownHostException.class)
				.hasMessageContaining("Host name '" + ownName + "' refused by patching.dns");
			assertThat(this.manager.dnsLookups()).extracting(DnsLookup::name).contains("localhost", ownName);
			assertThat(this.manager.dnsLookups()).extracting(DnsLookup::outcome)
				.containsOnly(DnsLookup.Outcome.REFUSED);
		}

	}

}
