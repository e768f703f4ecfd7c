package dev.patching.internal.socket;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.patching.ConnectionBlockedException;
import dev.patching.PatchingConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.patching.internal.socket.Address.ip;
import static dev.patching.internal.socket.Address.mapped;
import static dev.patching.internal.socket.Address.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SocketPolicyTest {

	private static SocketPolicy policy(boolean allowLoopback, List<String> allow, Map<String, String> redirect) {
		return SocketPolicy.of(allowLoopback, allow, redirect);
	}

	@Test
	void loopbackIsAllowedOnlyWhileAllowLoopbackIsTrue() {
		SocketPolicy allowing = policy(true, List.of(), Map.of());
		SocketPolicy blocking = policy(false, List.of(), Map.of());
		for (InetAddress loopback : List.of(ip("127.0.0.1"), ip("127.8.9.10"), ip("::1"), mapped("127.0.0.1"))) {
			assertThat(allowing.allows(loopback, 8080)).as("%s", loopback).isTrue();
			assertThat(blocking.allows(loopback, 8080)).as("%s", loopback).isFalse();
		}
		assertThat(allowing.allows(ip("10.0.0.1"), 8080)).isFalse();
	}

	@Test
	void anyAllowRuleLetsTheConnectThrough() {
		SocketPolicy policy = policy(false, List.of("api.test:443", "*.svc.test", "10.0.0.0/8", "fd00::/8", "*:5432"),
				Map.of());
		assertThat(policy.allows(named("api.test", "192.0.2.1"), 443)).isTrue();
		assertThat(policy.allows(named("db.svc.test", "192.0.2.1"), 1)).isTrue();
		assertThat(policy.allows(ip("10.1.1.1"), 1)).isTrue();
		assertThat(policy.allows(ip("fd01::1"), 1)).isTrue();
		assertThat(policy.allows(ip("192.0.2.99"), 5432)).isTrue();
		assertThat(policy.allows(named("api.test", "192.0.2.1"), 80)).isFalse();
		assertThat(policy.allows(ip("192.0.2.99"), 5433)).isFalse();
		assertThat(policy.allows(ip("127.0.0.1"), 80)).isFalse();
	}

	@Test
	void aRedirectComesFirstAndSendsTheConnectToItsTarget() {
		SocketPolicy policy = policy(false, List.of(),
				Map.of("127.0.0.1:1111", "127.0.0.2:2222", "api.partner.test:443", "[::1]:8443"));
		assertThat(policy.redirectFor(ip("127.0.0.1"), 1111)).isEqualTo(new InetSocketAddress(ip("127.0.0.2"), 2222));
		assertThat(policy.redirectFor(named("API.partner.test.", "192.0.2.1"), 443))
			.isEqualTo(new InetSocketAddress(ip("::1"), 8443));
		assertThat(policy.redirectFor(ip("127.0.0.1"), 1112)).isNull();
		assertThat(policy.redirectFor(named("api.partner.test", "192.0.2.1"), 80)).isNull();
		assertThat(policy.redirectFor(ip("192.0.2.1"), 443)).isNull();
		// Not allowed on its own: only the redirect lets it through.
		assertThat(policy.allows(ip("127.0.0.1"), 1111)).isFalse();
	}

	@Test
	void aRedirectToAHostNameIsLeftUnresolvedForConnectTime() {
		SocketPolicy policy = policy(true, List.of(), Map.of("[fd00::1]:80", "stub.test:8080"));
		InetSocketAddress target = policy.redirectFor(ip("fd00::1"), 80);
		assertThat(target.isUnresolved()).isTrue();
		assertThat(target.getHostString()).isEqualTo("stub.test");
		assertThat(target.getPort()).isEqualTo(8080);
	}

	@Test
	void theBlockedMessageNamesDestinationRulesPropertyAndTheRuleToAdd() {
		SocketPolicy policy = policy(true, List.of("*.svc.test", "10.0.0.0/8"), Map.of());
		ConnectionBlockedException blocked = policy.blocked(named("api.partner.test", "192.0.2.7"), 443);
		assertThat(blocked).isInstanceOf(java.net.ConnectException.class);
		assertThat(blocked.getMessage()).isEqualTo(
				"""
						Connection to api.partner.test/192.0.2.7:443 blocked by the socket patch.
						Rules in force: patching.socket.allow-loopback=true, patching.socket.allow=[*.svc.test, 10.0.0.0/8], \
						patching.socket.redirect={}

						To allow it, add api.partner.test:443 to patching.socket.allow: \
						patching.socket.allow=*.svc.test,10.0.0.0/8,api.partner.test:443.
						To send it to a local stub instead, set patching.socket.redirect[api.partner.test:443]=127.0.0.1:<port>.""");
		assertThat(blocked.getHost()).isEqualTo("api.partner.test");
		assertThat(blocked.getAddress()).isEqualTo(ip("192.0.2.7"));
		assertThat(blocked.getPort()).isEqualTo(443);
	}

	@Test
	void theBlockedMessageForLoopbackPointsAtAllowLoopback() {
		SocketPolicy policy = policy(false, List.of(), Map.of());
		ConnectionBlockedException blocked = policy.blocked(ip("127.0.0.1"), 8080);
		assertThat(blocked.getMessage()).startsWith("Connection to 127.0.0.1:8080 blocked by the socket patch.\n")
			.contains("patching.socket.allow-loopback=false, patching.socket.allow=[], patching.socket.redirect={}\n\n")
			.endsWith("To allow it, add 127.0.0.1:8080 to patching.socket.allow: patching.socket.allow=127.0.0.1:8080, "
					+ "or set patching.socket.allow-loopback=true.");
		assertThat(blocked.getHost()).isEqualTo("127.0.0.1");
	}

	@Test
	void theBlockedMessageBracketsIpv6AndPrintsMappedAddressesAsIpv4() {
		SocketPolicy policy = policy(false, List.of(), Map.of("10.0.0.1:80", "127.0.0.1:8080"));
		assertThat(policy.blocked(ip("fd00::1"), 443).getMessage()).startsWith("Connection to [fd00::1]:443 blocked")
			.contains("patching.socket.redirect={10.0.0.1:80=127.0.0.1:8080}")
			.contains("patching.socket.allow=[fd00::1]:443");
		assertThat(policy.blocked(mapped("127.0.0.1"), 80).getMessage())
			.startsWith("Connection to 127.0.0.1:80 blocked")
			.contains("or set patching.socket.allow-loopback=true");
	}

	@Test
	void policiesWithTheSameSettingsAreEqualWhateverTheOrderOrSpelling() {
		Map<String, String> redirect1 = new LinkedHashMap<>();
		redirect1.put("a.test:1", "127.0.0.1:2");
		redirect1.put("b.test:1", "127.0.0.1:3");
		Map<String, String> redirect2 = new LinkedHashMap<>();
		redirect2.put("b.test:1", "127.0.0.1:3");
		redirect2.put("A.test.:1", "127.0.0.1:2");
		SocketPolicy one = policy(true, List.of("10.0.0.0/8", "API.test"), redirect1);
		SocketPolicy two = policy(true, List.of("api.test", "10.0.0.0/8", "10.0.0.0/8"), redirect2);
		assertThat(one).isEqualTo(two).hasSameHashCodeAs(two);
		assertThat(one).isNotEqualTo(policy(false, List.of("10.0.0.0/8", "api.test"), redirect1));
		assertThat(one).isNotEqualTo(policy(true, List.of("10.0.0.0/8"), redirect1));
		assertThat(one).isNotEqualTo(policy(true, List.of("10.0.0.0/8", "api.test"), Map.of()));
	}

	@Test
	void aBadAllowRuleNamesItsIndex() {
		assertThatExceptionOfType(PatchingConfigurationException.class)
			.isThrownBy(() -> policy(true, List.of("ok.test", "10.0.0.0/8", "10.0.0.0/33"), Map.of()))
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo("patching.socket.allow[2]");
				assertThat(ex.getValue()).isEqualTo("10.0.0.0/33");
				assertThat(ex.getMessage()).isEqualTo("Invalid value '10.0.0.0/33' for property "
						+ "'patching.socket.allow[2]'.\n\nAccepted: a prefix length from 0 to 32 after the '/', e.g. 10.0.0.0/8");
			});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			api.test       | 127.0.0.1:8080   | api.test      | a key host:port, ip:port or [v6]:port
			*.svc.test:443 | 127.0.0.1:8080   | *.svc.test:443 | a key host:port, ip:port or [v6]:port
			10.0.0.0/8:443 | 127.0.0.1:8080   | 10.0.0.0/8:443 | a key host:port, ip:port or [v6]:port
			*:443          | 127.0.0.1:8080   | *:443         | a key host:port, ip:port or [v6]:port
			::1            | 127.0.0.1:8080   | ::1           | a key host:port, ip:port or [v6]:port
			api.test:99999 | 127.0.0.1:8080   | api.test:99999 | a port from 1 to 65535
			api.test:443   | 127.0.0.1        | 127.0.0.1     | host:port, ip:port or [v6]:port
			api.test:443   | ::1              | ::1           | host:port, ip:port or [v6]:port
			api.test:443   | [::1]            | [::1]         | host:port, ip:port or [v6]:port
			api.test:443   | stub.test:0      | stub.test:0   | host:port, ip:port or [v6]:port
			api.test:443   | :8080            | :8080         | host:port, ip:port or [v6]:port
			api.test:443   | 999.1.1.1:80     | 999.1.1.1:80  | host:port, ip:port or [v6]:port
			api.test:443   | [fd00::zz]:80    | [fd00::zz]:80 | host:port, ip:port or [v6]:port
			""")
	void aBadRedirectNamesItsKeyAndTheBadText(String key, String value, String bad, String accepted) {
		assertThatExceptionOfType(PatchingConfigurationException.class)
			.isThrownBy(() -> policy(true, List.of(), Map.of(key, value)))
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo("patching.socket.redirect[" + key + "]");
				assertThat(ex.getValue()).isEqualTo(bad);
				assertThat(ex.getMessage()).contains("'patching.socket.redirect[" + key + "]'", "'" + bad + "'",
						accepted);
			});
	}

	@Test
	void twoSpellingsOfOneRedirectKeyAreRejected() {
		Map<String, String> redirect = new LinkedHashMap<>();
		redirect.put("api.test:443", "127.0.0.1:1");
		redirect.put("API.test.:443", "127.0.0.1:2");
		assertThatExceptionOfType(PatchingConfigurationException.class)
			.isThrownBy(() -> policy(true, List.of(), redirect))
			.withMessageContaining("patching.socket.redirect[API.test.:443]")
			.withMessageContaining("'api.test:443' and 'API.test.:443' are the same");
	}

	@Test
	void redirectTargetsPrintCanonically() {
		assertThat(RedirectTarget.parse("[0::1]:80", "p")).hasToString("[::1]:80");
		assertThat(RedirectTarget.parse("Stub.Test:80", "p")).hasToString("stub.test:80");
		assertThat(RedirectTarget.parse("[::ffff:127.0.0.1]:80", "p")).hasToString("127.0.0.1:80");
	}

	@Test
	void thePassThroughDecisionAllocatesNothing() {
		SocketPolicy policy = policy(true, List.of("10.0.0.0/8", "*:5432"), Map.of());
		InetAddress loopback = ip("127.0.0.1");
		InetAddress ipv6Loopback = ip("::1");
		InetAddress inNetwork = ip("10.1.2.3");
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long id = Thread.currentThread().getId();
		int allowed = decide(policy, loopback, ipv6Loopback, inNetwork, 20_000);
		long before = threads.getThreadAllocatedBytes(id);
		allowed += decide(policy, loopback, ipv6Loopback, inNetwork, 200_000);
		long allocated = threads.getThreadAllocatedBytes(id) - before;
		assertThat(allowed).isEqualTo(3 * 220_000);
		// A few hundred bytes of slack for the measurement itself; one allocation per
		// call would be megabytes.
		assertThat(allocated).isLessThan(1_000);
	}

	private static int passes(SocketPolicy policy, InetAddress address) {
		return (policy.redirectFor(address, 80) == null && policy.allows(address, 80)) ? 1 : 0;
	}

	private static int decide(SocketPolicy policy, InetAddress a, InetAddress b, InetAddress c, int rounds) {
		int allowed = 0;
		for (int i = 0; i < rounds; i++) {
			allowed += passes(policy, a) + passes(policy, b) + passes(policy, c);
		}
		return allowed;
	}

}
