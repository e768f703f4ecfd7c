package dev.patching.internal.socket;

import java.net.InetAddress;

import dev.patching.PatchingConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.patching.internal.socket.Address.ip;
import static dev.patching.internal.socket.Address.mapped;
import static dev.patching.internal.socket.Address.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SocketRuleTest {

	private static final String PROPERTY = "patching.socket.allow[0]";

	private static SocketRule rule(String text) {
		return SocketRule.parse(text, PROPERTY);
	}

	private static boolean matches(String rule, InetAddress address, int port) {
		return rule(rule).matches(dev.patching.internal.net.HostNames.carriedBy(address), address, port);
	}

	@Test
	void hostRuleMatchesTheNameTheCallerUsedOnAnyPort() {
		assertThat(matches("api.partner.test", named("api.partner.test", "10.1.2.3"), 443)).isTrue();
		assertThat(matches("api.partner.test", named("api.partner.test", "10.1.2.3"), 80)).isTrue();
	}

	@Test
	void hostRuleIgnoresCaseAndATrailingDot() {
		assertThat(matches("API.Partner.test.", named("api.PARTNER.test.", "10.1.2.3"), 443)).isTrue();
		assertThat(rule("API.Partner.test.")).hasToString("api.partner.test");
	}

	@Test
	void hostRuleDoesNotMatchAnotherNameAParentOrAnAddressWithoutName() {
		assertThat(matches("api.partner.test", named("web.partner.test", "10.1.2.3"), 443)).isFalse();
		assertThat(matches("api.partner.test", named("partner.test", "10.1.2.3"), 443)).isFalse();
		assertThat(matches("api.partner.test", named("x.api.partner.test", "10.1.2.3"), 443)).isFalse();
		assertThat(matches("api.partner.test", ip("10.1.2.3"), 443)).isFalse();
	}

	@Test
	void hostRuleWithPortMatchesOnlyThatPort() {
		assertThat(matches("api.partner.test:443", named("api.partner.test", "10.1.2.3"), 443)).isTrue();
		assertThat(matches("api.partner.test:443", named("api.partner.test", "10.1.2.3"), 444)).isFalse();
	}

	@Test
	void domainRuleMatchesNamesStrictlyUnderTheDomain() {
		assertThat(matches("*.svc.test", named("a.svc.test", "10.0.0.1"), 80)).isTrue();
		assertThat(matches("*.svc.test", named("a.b.SVC.test.", "10.0.0.1"), 80)).isTrue();
		assertThat(matches("*.svc.test", named("svc.test", "10.0.0.1"), 80)).isFalse();
		assertThat(matches("*.svc.test", named("asvc.test", "10.0.0.1"), 80)).isFalse();
		assertThat(matches("*.svc.test", ip("10.0.0.1"), 80)).isFalse();
	}

	@Test
	void domainRuleWithPortMatchesOnlyThatPort() {
		assertThat(matches("*.svc.test:5432", named("db.svc.test", "10.0.0.1"), 5432)).isTrue();
		assertThat(matches("*.svc.test:5432", named("db.svc.test", "10.0.0.1"), 5433)).isFalse();
	}

	@Test
	void anyHostRuleMatchesEveryDestinationOnItsPort() {
		assertThat(matches("*:5432", ip("10.9.9.9"), 5432)).isTrue();
		assertThat(matches("*:5432", named("db.test", "fd00::1"), 5432)).isTrue();
		assertThat(matches("*:5432", ip("10.9.9.9"), 5433)).isFalse();
	}

	@Test
	void ipv4AddressRuleMatchesThatAddressWhateverTheName() {
		assertThat(matches("10.1.2.3", ip("10.1.2.3"), 1)).isTrue();
		assertThat(matches("10.1.2.3", named("anything.test", "10.1.2.3"), 1)).isTrue();
		assertThat(matches("10.1.2.3", ip("10.1.2.4"), 1)).isFalse();
		assertThat(matches("10.1.2.3:8080", ip("10.1.2.3"), 8080)).isTrue();
		assertThat(matches("10.1.2.3:8080", ip("10.1.2.3"), 8081)).isFalse();
	}

	@Test
	void ipv4NetworkRuleMatchesItsRangeOnly() {
		assertThat(matches("10.0.0.0/8", ip("10.255.0.1"), 1)).isTrue();
		assertThat(matches("10.0.0.0/8", ip("11.0.0.0"), 1)).isFalse();
		assertThat(matches("192.168.1.128/25", ip("192.168.1.200"), 1)).isTrue();
		assertThat(matches("192.168.1.128/25", ip("192.168.1.127"), 1)).isFalse();
		assertThat(matches("0.0.0.0/0", ip("203.0.113.9"), 1)).isTrue();
		assertThat(matches("10.0.0.0/8:5432", ip("10.0.0.1"), 5432)).isTrue();
		assertThat(matches("10.0.0.0/8:5432", ip("10.0.0.1"), 80)).isFalse();
	}

	@Test
	void ipv6AddressAndNetworkRulesMatchTheirRangeOnly() {
		assertThat(matches("::1", ip("::1"), 1)).isTrue();
		assertThat(matches("[::1]:8080", ip("::1"), 8080)).isTrue();
		assertThat(matches("[::1]:8080", ip("::1"), 8081)).isFalse();
		assertThat(matches("fd00::/8", ip("fdab::1"), 1)).isTrue();
		assertThat(matches("fd00::/8", ip("fe80::1"), 1)).isFalse();
		assertThat(matches("[fd00::/8]:5432", ip("fd12::1"), 5432)).isTrue();
		assertThat(matches("fd00::/8", ip("10.0.0.1"), 1)).isFalse();
	}

	@Test
	void ipv4MappedAddressesMatchIpv4RulesAndTheOtherWayRound() {
		assertThat(matches("127.0.0.0/8", mapped("127.0.0.1"), 1)).isTrue();
		assertThat(matches("10.1.2.3", mapped("10.1.2.3"), 1)).isTrue();
		assertThat(matches("10.1.2.3", mapped("10.1.2.4"), 1)).isFalse();
		assertThat(matches("::ffff:10.0.0.0/104", ip("10.7.7.7"), 1)).isTrue();
		assertThat(matches("::ffff:10.1.2.3", ip("10.1.2.3"), 1)).isTrue();
		// ::/0 is the whole address space, and IPv4 lives in it as ::ffff:0:0/96.
		assertThat(matches("::/0", ip("10.1.2.3"), 1)).isTrue();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			API.partner.test.        | api.partner.test
			api.partner.test:0443    | api.partner.test:443
			*.SVC.test:5432          | *.svc.test:5432
			*:5432                   | *:5432
			10.0.0.0/8               | 10.0.0.0/8
			10.1.2.3/32              | 10.1.2.3
			10.1.2.3:80              | 10.1.2.3:80
			FD00:0:0:0:0:0:0:0/8     | fd00::/8
			[fd00::/8]:5432          | [fd00::/8]:5432
			0:0:0:0:0:0:0:1          | ::1
			[::1]                    | ::1
			[0::1]:8080              | [::1]:8080
			::ffff:10.0.0.0/104      | 10.0.0.0/8
			[::ffff:10.1.2.3]:80     | 10.1.2.3:80
			2001:db8:0:0:1:0:0:1     | 2001:db8::1:0:0:1
			'  db.test  '            | db.test
			""")
	void printsTheCanonicalFormWhichParsesBackToAnEqualRule(String text, String canonical) {
		SocketRule rule = rule(text);
		assertThat(rule).hasToString(canonical);
		assertThat(rule(rule.toString())).isEqualTo(rule);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			10.0.0.0/33          | a prefix length from 0 to 32
			fd00::/129           | a prefix length from 0 to 128
			10.0.0.0/-1          | a prefix length from 0 to 32
			10.1.2.3/8           | every bit after the prefix zero
			host:99999           | a port from 1 to 65535
			host:0               | a port from 1 to 65535
			host:                | a port from 1 to 65535
			host:-1              | a port from 1 to 65535
			host:https           | a port from 1 to 65535
			[::1]:70000          | a port from 1 to 65535
			:8080                | a host before the ':'
			*                    | *:port for every host
			*.                   | *.domain where domain is
			*.a/b:80             | *.domain where domain is
			999.1.1.1            | an IPv4 address or network
			10.0.0               | an IPv4 address or network
			010.0.0.1            | no leading zeros
			fd00::zz             | an IPv6 address or network
			1::2::3              | an IPv6 address or network
			fe80::1%eth0         | no zone id
			[::1                 | an IPv6 address in brackets
			[::1]8080            | an IPv6 address in brackets
			[10.0.0.1]:80        | an IPv6 address or network
			http://api.test      | without a scheme
			api test             | a host name
			a..b                 | a host name
			ünicode.test         | a host name
			""")
	void everyBadRuleFailsNamingThePropertyTheValueAndWhatIsAccepted(String text, String accepted) {
		assertThatExceptionOfType(PatchingConfigurationException.class).isThrownBy(() -> rule(text)).satisfies((ex) -> {
			assertThat(ex.getProperty()).isEqualTo(PROPERTY);
			assertThat(ex.getValue()).isEqualTo(text);
			assertThat(ex.getMessage()).contains("'" + text + "'").contains("'" + PROPERTY + "'").contains(accepted);
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "   " })
	void anEmptyRuleFailsNamingTheProperty(String text) {
		assertThatExceptionOfType(PatchingConfigurationException.class).isThrownBy(() -> rule(text))
			.withMessageContaining(PROPERTY)
			.withMessageContaining("a non-empty rule");
	}

	@Test
	void aNullRuleFailsLikeAnEmptyOne() {
		assertThatExceptionOfType(PatchingConfigurationException.class).isThrownBy(() -> rule(null))
			.withMessageContaining(PROPERTY);
	}

	@Test
	void parsingANameNeverResolvesIt() {
		// The .invalid domain is reserved and never resolves; a parser that tried would
		// be slow or fail here.
		assertThat(rule("no-such-host.invalid:443")).isEqualTo(new SocketRule.Host("no-such-host.invalid", 443));
	}

	@Test
	void recordsRejectNonCanonicalComponents() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new SocketRule.Host("UPPER.test", 1));
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> new SocketRule.Domain("a.test", 0));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new SocketRule.AnyHost(SocketRule.ANY_PORT));
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> new SocketRule.Network(0, 1, 64, 1));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new SocketRule.Network(0, 0, 129, 1));
	}

}
