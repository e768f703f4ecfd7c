package dev.patching.sample;

import java.net.InetAddress;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.patching.ConnectionAttempt;
import dev.patching.DnsLookup;
import dev.patching.PatchManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole application on a real port, its partner played by WireMock on loopback. The
 * app keeps calling {@code http://api.partner.example}: patching answers the name with
 * 127.0.0.1 and sends port 80 to WireMock's port.
 */
@Order(1)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "patching.dns.hosts[api.partner.example]=127.0.0.1")
class PartnerStubTests {

	static final WireMockServer partner = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	@DynamicPropertySource
	static void sendThePartnerToWireMock(DynamicPropertyRegistry registry) {
		partner.start();
		registry.add("patching.socket.redirect[api.partner.example:80]", () -> "127.0.0.1:" + partner.port());
	}

	@AfterAll
	static void stopPartner() {
		partner.stop();
	}

	@Value("${local.server.port}")
	int port;

	@Value("${partner.base-url}")
	String partnerBaseUrl;

	@Autowired
	PatchManager patching;

	@BeforeEach
	void resetPartner() {
		partner.resetAll();
	}

	@Test
	void theQuoteComesFromThePartnerStub() {
		partner.stubFor(get("/v1/quotes/ACME")
			.willReturn(okJson("{\"symbol\":\"ACME\",\"price\":101.50,\"currency\":\"EUR\"}")));

		Quote quote = RestClient.create("http://127.0.0.1:" + this.port)
			.get()
			.uri("/quote/ACME")
			.retrieve()
			.body(Quote.class);

		assertThat(quote.symbol()).isEqualTo("ACME");
		assertThat(quote.price()).isEqualByComparingTo("101.50");
		assertThat(quote.currency()).isEqualTo("EUR");
		assertThat(quote.pricing()).as("feature flag new-pricing is off by default").isEqualTo("classic");
		partner
			.verify(getRequestedFor(urlEqualTo("/v1/quotes/ACME")).withHeader("Host", equalTo("api.partner.example")));
	}

	@Test
	void theAppsConfiguredUrlIsUntouchedAndPatchingSaysWhatItDid() throws Exception {
		partner.stubFor(
				get("/v1/quotes/ACME").willReturn(okJson("{\"symbol\":\"ACME\",\"price\":7,\"currency\":\"EUR\"}")));

		RestClient.create("http://127.0.0.1:" + this.port).get().uri("/quote/ACME").retrieve().toBodilessEntity();

		assertThat(this.partnerBaseUrl).isEqualTo("http://api.partner.example");
		assertThat(this.patching.isInEffect()).isTrue();
		assertThat(this.patching.patches()).containsExactly("dns", "socket");
		// Records since the context started. The app's HttpClient looks the name up for
		// every request
		// but reuses its pooled connection, so there is one connect per connection, not
		// per request.
		assertThat(this.patching.dnsLookups()).filteredOn((lookup) -> lookup.name().equals("api.partner.example"))
			.isNotEmpty()
			.allSatisfy((lookup) -> {
				assertThat(lookup.outcome()).isEqualTo(DnsLookup.Outcome.ANSWERED);
				assertThat(lookup.answers()).containsExactly(InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 }));
			});
		assertThat(this.patching.connectionAttempts())
			.filteredOn((attempt) -> "api.partner.example".equals(attempt.host()))
			.isNotEmpty()
			.allSatisfy((attempt) -> {
				assertThat(attempt.port()).isEqualTo(80);
				assertThat(attempt.outcome()).isEqualTo(ConnectionAttempt.Outcome.REDIRECTED);
				assertThat(attempt.redirectedTo().getPort()).isEqualTo(partner.port());
				assertThat(attempt.redirectedTo().getAddress().isLoopbackAddress()).isTrue();
			});
	}

}
