package dev.patching.it;

import java.net.InetAddress;
import java.net.UnknownHostException;

import dev.patching.DnsLookup;
import dev.patching.NameRefusedException;
import dev.patching.PatchManager;
import dev.patching.it.support.Scenario;
import dev.patching.it.support.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Reverse lookups ({@code getHostName()}, {@code getCanonicalHostName()} of an address
 * without a name) and {@code getLocalHost()} with the DNS patch: answered from the table,
 * or under {@code refuse} without asking any resolver. Loopback addresses only.
 */
class ReverseLookupTests {

	/** The machine's name, as a patched getLocalHost() gave it (no lookup). */
	static volatile String ownName;

	@Test
	void reverseLookupsAndGetLocalHostFollowTheTableAndAskNoResolverUnderRefuse() {
		EngineExecutionResults results = Scenarios.run(Refusing.class, OwnNameListed.class, OwnNameRefused.class);
		assertThat(Scenarios.failures(results)).isEmpty();
		assertThat(results.testEvents().succeeded().count()).isEqualTo(5);
	}

	static InetAddress unnamed(int last) throws UnknownHostException {
		// A new address each time: an InetAddress keeps the name it was given.
		return InetAddress.getByAddress(new byte[] { 127, 0, 0, (byte) last });
	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class,
			properties = { "patching.dns.enabled=true", "patching.dns.unlisted=refuse",
					"patching.dns.hosts[api.partner.test]=127.0.0.7", "patching.dns.hosts[a.test]=127.0.0.8",
					"patching.dns.hosts[b.test]=127.0.0.8" })
	static class Refusing {

		@Autowired
		PatchManager manager;

		@Test
		void anAddressListedForOneNameGetsThatName() throws Exception {
			this.manager.clearRecords();
			assertThat(unnamed(7).getHostName()).isEqualTo("api.partner.test");
			assertThat(unnamed(7).getCanonicalHostName()).isEqualTo("api.partner.test");
			assertThat(this.manager.dnsLookups()).extracting(DnsLookup::name, DnsLookup::outcome)
				.containsExactly(tuple("api.partner.test", DnsLookup.Outcome.ANSWERED),
						tuple("api.partner.test", DnsLookup.Outcome.ANSWERED));
		}

		@Test
		void anUnlistedAddressGetsItsTextAsTheJdkGivesWhenNoNameIsFoundAndIsRecordedAsRefused() throws Exception {
			this.manager.clearRecords();
			assertThat(unnamed(9).getHostName()).isEqualTo("127.0.0.9");
			assertThat(unnamed(8).getCanonicalHostName()).as("listed for two names").isEqualTo("127.0.0.8");
			assertThat(InetAddress.getByAddress(new byte[16]).getHostName()).isEqualTo("0:0:0:0:0:0:0:0");
			// Only what the hook decided: neither the resolver's name nor the JDK's check
			// that the name resolves back (a forward lookup, which would be recorded)
			// ran.
			assertThat(this.manager.dnsLookups()).extracting(DnsLookup::name, DnsLookup::outcome)
				.containsExactly(tuple("127.0.0.9", DnsLookup.Outcome.REFUSED),
						tuple("127.0.0.8", DnsLookup.Outcome.REFUSED),
						tuple("0:0:0:0:0:0:0:0", DnsLookup.Outcome.REFUSED));
		}

		@Test
		void getLocalHostIsLoopbackCarryingTheMachinesNameWithNoLookup() throws Exception {
			this.manager.clearRecords();
			InetAddress local = InetAddress.getLocalHost();
			assertThat(local.isLoopbackAddress()).isTrue();
			ownName = local.getHostName();
			assertThat(ownName).isNotEmpty();
			assertThat(this.manager.dnsLookups()).extracting(DnsLookup::outcome)
				.doesNotContain(DnsLookup.Outcome.SYSTEM);
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class,
			properties = { "patching.dns.enabled=true", "patching.dns.unlisted=refuse" })
	static class OwnNameListed {

		@DynamicPropertySource
		static void listTheOwnName(DynamicPropertyRegistry registry) {
			registry.add("patching.dns.hosts[" + ownName + "]", () -> "127.0.0.42");
		}

		@Autowired
		PatchManager manager;

		@Test
		void getLocalHostAnswersFromTheTable() throws Exception {
			this.manager.clearRecords();
			assertThat(InetAddress.getLocalHost()).hasToString(ownName + "/127.0.0.42");
			assertThat(unnamed(42).getHostName()).isEqualTo(ownName.toLowerCase(java.util.Locale.ROOT));
			assertThat(this.manager.dnsLookups()).extracting(DnsLookup::outcome)
				.containsOnly(DnsLookup.Outcome.ANSWERED);
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = { "patching.dns.enabled=true",
			"patching.dns.unlisted=refuse", "patching.dns.exempt-own-names=false" })
	static class OwnNameRefused {

		@Autowired
		PatchManager manager;

		@Test
		void getLocalHostIsRefusedNamingTheProperty() {
			this.manager.clearRecords();
			assertThat(catchThrowable(InetAddress::getLocalHost)).isInstanceOf(NameRefusedException.class)
				.hasMessageContaining("Host name '" + ownName + "' refused by patching.dns");
			assertThat(this.manager.dnsLookups()).extracting(DnsLookup::name, DnsLookup::outcome)
				.containsExactly(tuple(ownName, DnsLookup.Outcome.REFUSED));
		}

	}

}
