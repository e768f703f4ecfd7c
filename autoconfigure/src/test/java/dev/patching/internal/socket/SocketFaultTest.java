package dev.patching.internal.socket;

import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.patching.PatchingConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** {@code patching.socket.faults}: values, keys, and which destinations they reach. */
class SocketFaultTest {

	private static final String PROPERTY = "patching.socket.faults[x.test:1]";

	@Test
	void eachKindParsesAndPrintsAsWritten() {
		assertThat(SocketFault.parse("refuse", PROPERTY))
			.isEqualTo(new SocketFault(SocketFault.Kind.REFUSE, Duration.ZERO))
			.hasToString("refuse");
		assertThat(SocketFault.parse(" Timeout ", PROPERTY)).hasToString("timeout");
		assertThat(SocketFault.parse("delay:250ms", PROPERTY))
			.isEqualTo(new SocketFault(SocketFault.Kind.DELAY, Duration.ofMillis(250)))
			.hasToString("delay:250ms");
		assertThat(SocketFault.parse("timeout-after:2s", PROPERTY))
			.isEqualTo(new SocketFault(SocketFault.Kind.TIMEOUT_AFTER, Duration.ofSeconds(2)))
			.hasToString("timeout-after:2s");
		assertThat(SocketFault.parse("delay:2000ms", PROPERTY)).hasToString("delay:2s");
		assertThat(SocketFault.parse("timeout-after:1m", PROPERTY).duration()).isEqualTo(Duration.ofMinutes(1));
	}

	@ParameterizedTest
	@ValueSource(strings = { "explode", "", "delay", "delay:", "delay:abc", "delay:0ms", "delay:-1s", "delay:5h",
			"timeout-after", "timeout-after:2", "refuse:1s", "timeout:2s" })
	void aBadValueNamesThePropertyAndTheValue(String value) {
		assertThatExceptionOfType(PatchingConfigurationException.class)
			.isThrownBy(() -> SocketFault.parse(value, PROPERTY))
			.withMessageContaining("'" + PROPERTY + "'")
			.withMessageContaining("'" + value + "'")
			.withMessageContaining("refuse, timeout, delay:<duration> or timeout-after:<duration>");
	}

	@Test
	void aBadKeyOrValueFailsThePolicyNamingTheProperty() {
		assertThatExceptionOfType(PatchingConfigurationException.class)
			.isThrownBy(() -> SocketPolicy.of(true, List.of(), Map.of(), Map.of("x:1", "explode")))
			.withMessageContaining("patching.socket.faults[x:1]")
			.withMessageContaining("explode");
		assertThatExceptionOfType(PatchingConfigurationException.class)
			.isThrownBy(() -> SocketPolicy.of(true, List.of(), Map.of(), Map.of("x:1", "delay:abc")))
			.withMessageContaining("patching.socket.faults[x:1]")
			.withMessageContaining("delay:abc");
		assertThatExceptionOfType(PatchingConfigurationException.class)
			.isThrownBy(() -> SocketPolicy.of(true, List.of(), Map.of(), Map.of("x:99999", "refuse")))
			.withMessageContaining("patching.socket.faults[x:99999]");
		Map<String, String> twice = new LinkedHashMap<>();
		twice.put("API.test:1", "refuse");
		twice.put("api.test:1", "timeout");
		assertThatExceptionOfType(PatchingConfigurationException.class)
			.isThrownBy(() -> SocketPolicy.of(true, List.of(), Map.of(), twice))
			.withMessageContaining("each destination once");
	}

	@Test
	void keysTakeEveryFormOfAnAllowRuleAndTheFirstMatchWins() throws Exception {
		Map<String, String> faults = new LinkedHashMap<>();
		faults.put("127.0.0.1:1001", "refuse");
		faults.put("*.partner.test:443", "timeout");
		faults.put("api.test", "delay:10ms");
		faults.put("10.0.0.0/8:5432", "timeout-after:1s");
		faults.put("*:7000", "refuse");
		faults.put("127.0.0.0/8", "delay:20ms");
		SocketPolicy policy = SocketPolicy.of(true, List.of(), Map.of(), faults);
		InetAddress loopback = InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 });
		assertThat(policy.faultFor(loopback, 1001).getValue()).hasToString("refuse");
		assertThat(policy.faultFor(loopback, 1002).getValue()).hasToString("delay:20ms");
		assertThat(policy.faultFor(InetAddress.getByAddress("a.partner.test", new byte[] { 127, 0, 0, 9 }), 443)
			.getValue()).hasToString("timeout");
		assertThat(policy.faultFor(InetAddress.getByAddress("api.test", new byte[] { 10, 1, 1, 1 }), 80).getValue())
			.hasToString("delay:10ms");
		assertThat(policy.faultFor(InetAddress.getByAddress(new byte[] { 10, 1, 1, 1 }), 5432).getValue())
			.hasToString("timeout-after:1s");
		assertThat(policy.faultFor(InetAddress.getByAddress(new byte[] { 10, 1, 1, 1 }), 7000).getKey())
			.hasToString("*:7000");
		assertThat(policy.faultFor(InetAddress.getByAddress(new byte[] { 10, 1, 1, 1 }), 80)).isNull();
		assertThat(SocketPolicy.of(true, List.of(), Map.of()).faultFor(loopback, 1001)).isNull();
	}

	@Test
	void faultsTakePartInEqualityAndShowInTheRulesInForce() {
		SocketPolicy plain = SocketPolicy.of(true, List.of(), Map.of());
		SocketPolicy faulty = SocketPolicy.of(true, List.of(), Map.of(), Map.of("127.0.0.1:80", "refuse"));
		assertThat(faulty).isNotEqualTo(plain)
			.isEqualTo(SocketPolicy.of(true, List.of(), Map.of(), Map.of("127.0.0.1:80", " refuse ")));
		assertThat(faulty.hashCode())
			.isEqualTo(SocketPolicy.of(true, List.of(), null, Map.of("127.0.0.1:80", "refuse")).hashCode());
		assertThat(faulty.toString()).endsWith("patching.socket.faults={127.0.0.1:80=refuse}");
		assertThat(plain.toString()).doesNotContain("faults");
	}

}
