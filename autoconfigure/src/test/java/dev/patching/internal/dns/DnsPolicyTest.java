package dev.patching.internal.dns;

import java.net.Inet4Address;
import java.util.Map;

import dev.patching.NameRefusedException;
import dev.patching.PatchingConfigurationException;
import dev.patching.internal.net.RefusedName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DnsPolicyTest {

	@Test
	void unlistedModeIgnoresCaseAndDefaultsToSystem() {
		assertThat(UnlistedMode.parse("system")).isEqualTo(UnlistedMode.SYSTEM);
		assertThat(UnlistedMode.parse(" REFUSE ")).isEqualTo(UnlistedMode.REFUSE);
		assertThat(UnlistedMode.parse(null)).isEqualTo(UnlistedMode.SYSTEM);
		assertThat(UnlistedMode.REFUSE.propertyValue()).isEqualTo("refuse");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "refused", "deny", "true" })
	void anUnknownUnlistedModeFailsNamingPropertyAndValue(String value) {
		assertThatExceptionOfType(PatchingConfigurationException.class).isThrownBy(() -> UnlistedMode.parse(value))
			.withMessage("Invalid value '" + value
					+ "' for property 'patching.dns.unlisted'.\n\nAccepted: system or refuse");
	}

	@Test
	void policiesWithTheSameSettingsAreEqual() {
		DnsPolicy one = DnsPolicy.of(Map.of("a.test", "127.0.0.1"), "refuse");
		assertThat(one).isEqualTo(DnsPolicy.of(Map.of("A.test", "127.0.0.1"), "REFUSE"))
			.hasSameHashCodeAs(DnsPolicy.of(Map.of("A.test", "127.0.0.1"), "REFUSE"))
			.isNotEqualTo(DnsPolicy.of(Map.of("a.test", "127.0.0.1"), "system"))
			.hasToString("hosts={a.test=[127.0.0.1]}, unlisted=refuse");
		assertThat(one).as("the exemption of localhost and the own name is part of the settings")
			.isEqualTo(DnsPolicy.of(Map.of("a.test", "127.0.0.1"), "refuse", true))
			.isNotEqualTo(DnsPolicy.of(Map.of("a.test", "127.0.0.1"), "refuse", false));
		assertThat(DnsPolicy.of(Map.of(), "refuse", false))
			.hasToString("hosts={}, unlisted=refuse, exempt-own-names=false");
	}

	@Test
	void theMarkerIsALoopbackAddressCarryingTheRefusedName() {
		var marker = RefusedName.marker("api.partner.test");
		assertThat(marker).isInstanceOf(Inet4Address.class);
		assertThat(marker.isLoopbackAddress()).isTrue();
		assertThat(marker.getHostAddress()).isEqualTo(RefusedName.MARKER).isEqualTo("127.255.255.254");
		assertThat(marker.toString()).isEqualTo("api.partner.test/127.255.255.254");
		assertThat(RefusedName.isMarker(marker)).isTrue();
	}

	@Test
	void onlyTheMarkerAddressIsAMarker() throws Exception {
		assertThat(RefusedName.isMarker(java.net.InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 }))).isFalse();
		assertThat(RefusedName
			.isMarker(java.net.InetAddress.getByAddress(new byte[] { 127, (byte) 255, (byte) 255, (byte) 253 })))
			.isFalse();
		assertThat(RefusedName.isMarker(java.net.InetAddress.getByAddress(new byte[16]))).isFalse();
		// The marker is refused by address, name or no name: a connect to it is never
		// meant to happen.
		assertThat(RefusedName
			.isMarker(java.net.InetAddress.getByAddress(new byte[] { 127, (byte) 255, (byte) 255, (byte) 254 })))
			.isTrue();
	}

	@Test
	void theRefusalMessageNamesTheHostThePropertiesAndTheFix() {
		NameRefusedException refused = new NameRefusedException("api.partner.test");
		assertThat(refused).isInstanceOf(java.net.UnknownHostException.class);
		assertThat(refused.getHost()).isEqualTo("api.partner.test");
		assertThat(refused.getMessage()).isEqualTo("""
				Host name 'api.partner.test' refused by patching.dns: it is not listed in patching.dns.hosts \
				and patching.dns.unlisted=refuse.

				To answer it, add patching.dns.hosts[api.partner.test]=<ip> (for example 127.0.0.1), \
				or set patching.dns.unlisted=system to ask the system resolver for unlisted names.""");
	}

}
