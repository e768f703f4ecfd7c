package dev.patching.sample;

import java.time.Duration;

import dev.patching.ConnectionAttempt;
import dev.patching.ConnectionBlockedException;
import dev.patching.DnsLookup;
import dev.patching.NameRefusedException;
import dev.patching.PatchManager;
import dev.patching.PatchingOverride;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.web.client.ResourceAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A plain unit test, no Spring context: it builds the app's {@link PartnerClient} by hand
 * with the partner's real URL. With {@code patching.plain-classes=true} (this module's
 * {@code junit-platform.properties}) it still holds the suite's default set, the
 * {@code patching.*} properties of {@code config/application.properties}: the partner's
 * name is refused, as in {@link PartnerNameRefusedTests}, and never reaches a resolver.
 * The second test layers a method override on that set: the name answered with 127.0.0.1
 * and loopback not allowed, so the connect itself is blocked. Without the switch, no
 * {@code PatchManager} parameter can be resolved, and the first test fails before it
 * calls anything.
 */
@Order(6)
class PartnerClientUnitTests {

	/** {@code partner.base-url} of the app's own {@code application.properties}. */
	static final String PARTNER_URL = "http://api.partner.example";

	@Test
	void theDefaultSetRefusesThePartnersName(PatchManager patching) {
		PartnerClient client = new PartnerClient(PARTNER_URL, Duration.ofMillis(500));

		Throwable cause = NestedExceptionUtils
			.getMostSpecificCause(catchThrowableOfType(ResourceAccessException.class, () -> client.quote("ACME")));

		assertThat(cause).isInstanceOf(NameRefusedException.class)
			.hasMessageContaining("Host name 'api.partner.example' refused by patching.dns")
			.hasMessageContaining("patching.dns.hosts[api.partner.example]=<ip>");
		assertThat(patching.dnsLookups()).filteredOn((lookup) -> lookup.name().equals("api.partner.example"))
			.isNotEmpty()
			.allSatisfy((lookup) -> assertThat(lookup.outcome()).isEqualTo(DnsLookup.Outcome.REFUSED));
	}

	@Test
	@PatchingOverride({ "patching.dns.hosts[api.partner.example]=127.0.0.1", "patching.socket.allow-loopback=false" })
	void withTheNameAnsweredTheConnectIsBlocked(PatchManager patching) {
		PartnerClient client = new PartnerClient(PARTNER_URL, Duration.ofMillis(500));

		Throwable cause = NestedExceptionUtils
			.getMostSpecificCause(catchThrowableOfType(ResourceAccessException.class, () -> client.quote("ACME")));

		assertThat(cause).isInstanceOf(ConnectionBlockedException.class)
			.hasMessageContaining("Connection to api.partner.example/127.0.0.1:80 blocked")
			.hasMessageContaining("patching.socket.allow=api.partner.example:80");
		assertThat(patching.connectionAttempts()).isNotEmpty().allSatisfy((attempt) -> {
			assertThat(attempt.destination()).isEqualTo("api.partner.example/127.0.0.1:80");
			assertThat(attempt.outcome()).isEqualTo(ConnectionAttempt.Outcome.BLOCKED);
		});
	}

}
