package dev.patching.internal.dns;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.patching.PatchingConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class HostTableTest {

	private static List<String> literals(InetAddress[] answer) {
		return (answer != null) ? Arrays.stream(answer).map(InetAddress::getHostAddress).toList() : null;
	}

	@Test
	void answersAListedNameWithAddressesCarryingTheNameAsked() {
		HostTable table = HostTable.of(Map.of("api.partner.test", "127.0.0.1, 127.0.0.2"));
		InetAddress[] answer = table.answer("Api.Partner.Test");
		assertThat(literals(answer)).containsExactly("127.0.0.1", "127.0.0.2");
		assertThat(answer).allSatisfy((address) -> assertThat(address.toString()).startsWith("Api.Partner.Test/"));
		assertThat(answer[0].getHostName()).isEqualTo("Api.Partner.Test");
	}

	@Test
	void everyAnswerIsAFreshArrayBuiltOncePerSpelling() {
		HostTable table = HostTable.of(Map.of("a.test", "127.0.0.1"));
		InetAddress[] first = table.answer("a.test");
		InetAddress[] second = table.answer("a.test");
		assertThat(second).isNotSameAs(first);
		assertThat(second[0]).as("the addresses themselves are built once").isSameAs(first[0]);
		first[0] = null;
		assertThat(table.answer("a.test")).doesNotContainNull();
		assertThat(table.answer("A.test")).extracting(InetAddress::getHostName).containsExactly("A.test");
	}

	@Test
	void namesIgnoreCaseAndATrailingDot() {
		HostTable table = HostTable.of(Map.of("API.test.", "127.0.0.1"));
		assertThat(literals(table.answer("api.test"))).containsExactly("127.0.0.1");
		assertThat(literals(table.answer("api.TEST."))).containsExactly("127.0.0.1");
		assertThat(table.entries()).containsOnlyKeys("api.test");
	}

	@Test
	void anUnlistedNameHasNoAnswer() {
		HostTable table = HostTable.of(Map.of("api.test", "127.0.0.1"));
		assertThat(table.answer("web.test")).isNull();
		assertThat(table.answer("x.api.test")).isNull();
		assertThat(table.answer("")).isNull();
		assertThat(HostTable.empty().answer("api.test")).isNull();
	}

	@Test
	void aWildcardAnswersNamesUnderItsDomainButNotTheDomainItself() {
		HostTable table = HostTable.of(Map.of("*.svc.test", "127.0.0.9"));
		assertThat(literals(table.answer("db.svc.test"))).containsExactly("127.0.0.9");
		assertThat(literals(table.answer("a.b.SVC.test."))).containsExactly("127.0.0.9");
		assertThat(table.answer("svc.test")).isNull();
		assertThat(table.answer("xsvc.test")).isNull();
	}

	@Test
	void anExactNameBeatsWildcardsAndALongerWildcardBeatsAShorterOne() {
		HostTable table = HostTable.of(Map.of("*.test", "127.0.0.1", "*.svc.test", "127.0.0.2", "db.svc.test",
				"127.0.0.3", "svc.test", "127.0.0.4"));
		assertThat(literals(table.answer("db.svc.test"))).containsExactly("127.0.0.3");
		assertThat(literals(table.answer("cache.svc.test"))).containsExactly("127.0.0.2");
		assertThat(literals(table.answer("a.cache.svc.test"))).containsExactly("127.0.0.2");
		assertThat(literals(table.answer("svc.test"))).containsExactly("127.0.0.4");
		assertThat(literals(table.answer("other.test"))).containsExactly("127.0.0.1");
	}

	@Test
	void ipv6AnswersAreIpv6AndMappedOnesAreIpv4() {
		HostTable table = HostTable.of(Map.of("six.test", "[::1], fd00:0::1", "mapped.test", "::ffff:127.0.0.1"));
		InetAddress[] six = table.answer("six.test");
		assertThat(six).allSatisfy((address) -> assertThat(address).isInstanceOf(Inet6Address.class));
		assertThat(literals(six)).containsExactly("0:0:0:0:0:0:0:1", "fd00:0:0:0:0:0:0:1");
		assertThat(literals(table.answer("mapped.test"))).containsExactly("127.0.0.1");
		assertThat(table.entries()).containsEntry("six.test", List.of("::1", "fd00::1"))
			.containsEntry("mapped.test", List.of("127.0.0.1"));
	}

	@Test
	void tablesWithTheSameAnswersAreEqual() {
		HostTable one = HostTable.of(Map.of("A.test", "127.0.0.1,::1", "*.svc.test", "127.0.0.2"));
		HostTable two = HostTable.of(Map.of("*.SVC.test.", "127.0.0.2", "a.test", "127.0.0.1, 0::1, 127.0.0.1"));
		assertThat(one).isEqualTo(two).hasSameHashCodeAs(two).hasToString(two.toString());
		assertThat(one).isNotEqualTo(HostTable.of(Map.of("a.test", "127.0.0.1")));
		assertThat(HostTable.of(null)).isEqualTo(HostTable.empty()).isEqualTo(HostTable.of(Map.of()));
	}

	@ParameterizedTest
	@ValueSource(strings = { "999.1.1.1", "localhost", "", "  ", "127.0.0.1,", "127.0.0.1,,::1", "fe80::1%eth0",
			"127.0.0.1 ::1", "1.2.3", "[::1" })
	void aValueThatIsNotIpLiteralsFailsNamingTheKeyAndTheValue(String value) {
		assertThatExceptionOfType(PatchingConfigurationException.class)
			.isThrownBy(() -> HostTable.of(Map.of("api.test", value)))
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo("patching.dns.hosts[api.test]");
				assertThat(ex.getValue()).isEqualTo(value);
				assertThat(ex.getMessage()).contains("'patching.dns.hosts[api.test]'", "'" + value + "'",
						"one or more IPv4 or IPv6 literals separated by commas");
			});
	}

	@Test
	void aMissingValueFailsToo() {
		Map<String, String> hosts = new HashMap<>();
		hosts.put("api.test", null);
		assertThatExceptionOfType(PatchingConfigurationException.class).isThrownBy(() -> HostTable.of(hosts))
			.withMessageContaining("patching.dns.hosts[api.test]");
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "1.2.3", "*", "*.", "a..test", "*.*.test", "bad name.test", "" })
	void aKeyThatIsNotANameFailsNamingIt(String key) {
		assertThatExceptionOfType(PatchingConfigurationException.class)
			.isThrownBy(() -> HostTable.of(Map.of(key, "127.0.0.1")))
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo("patching.dns.hosts[" + key + "]");
				assertThat(ex.getValue()).isEqualTo(key);
				assertThat(ex.getMessage()).contains("a key that is a host name");
			});
	}

	@Test
	void twoSpellingsOfOneNameFail() {
		Map<String, String> hosts = new LinkedHashMap<>();
		hosts.put("api.test", "127.0.0.1");
		hosts.put("API.test.", "127.0.0.2");
		assertThatExceptionOfType(PatchingConfigurationException.class).isThrownBy(() -> HostTable.of(hosts))
			.withMessageContaining("'patching.dns.hosts[API.test.]'")
			.withMessageContaining("'api.test' and 'API.test.' are the same name");
	}

}
