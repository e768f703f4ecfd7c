package dev.patching.sample;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.patching.ConnectionAttempt;
import dev.patching.PatchManager;
import dev.patching.PatchingOverride;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The timeout of {@link PartnerTimeoutTests} for one test method only, in the context the
 * other tests of this class use: {@code @PatchingOverride} layers the fault on the
 * context's own properties from that method's {@code @BeforeEach} to its
 * {@code @AfterEach}, so no second context starts. Before and after it, the partner is
 * WireMock on loopback, as in {@link PartnerStubTests}.
 */
@Order(8)
@SpringBootTest(properties = { "patching.dns.hosts[api.partner.example]=127.0.0.1", "partner.connect-timeout=500ms" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuoteServiceTests {

	static final WireMockServer partner = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	/** The context of the first test, to compare with the others'. */
	static ApplicationContext contextOfTheFirstTest;

	@DynamicPropertySource
	static void sendThePartnerToWireMock(DynamicPropertyRegistry registry) {
		partner.start();
		registry.add("patching.socket.redirect[api.partner.example:80]", () -> "127.0.0.1:" + partner.port());
	}

	@AfterAll
	static void stopPartner() {
		partner.stop();
	}

	@Autowired
	QuoteService quotes;

	@Autowired
	PatchManager patching;

	@Autowired
	ApplicationContext context;

	@BeforeEach
	void stubThePartner() {
		// "Connection: close", or the app's HttpClient would keep its connection to
		// WireMock for the next test, which then would not connect: faults act on
		// connects.
		partner.stubFor(
				get("/v1/quotes/ACME").willReturn(okJson("{\"symbol\":\"ACME\",\"price\":101.50,\"currency\":\"EUR\"}")
					.withHeader("Connection", "close")));
		this.patching.clearRecords(); // each test checks its own connects
	}

	@Test
	@Order(1)
	void thePartnerAnswers() {
		contextOfTheFirstTest = this.context;

		assertThePartnersQuote(this.quotes.quote("ACME"));
		assertThat(this.patching.connectionAttempts()).isNotEmpty()
			.allSatisfy((attempt) -> assertThat(attempt.outcome()).isEqualTo(ConnectionAttempt.Outcome.REDIRECTED));
	}

	@Test
	@Order(2)
	@PatchingOverride("patching.socket.faults[api.partner.example\\:80]=timeout")
	void forThisTestOnlyThePartnerTimesOutAndTheServiceAnswersItsFallback() {
		assertThat(this.context)
			.as("@PatchingOverride made no new context: the same ApplicationContext as the"
					+ " first test's (run the whole class, the first test keeps it)")
			.isSameAs(contextOfTheFirstTest);

		Quote quote = this.quotes.quote("ACME");

		assertThat(quote.symbol()).isEqualTo("ACME");
		assertThat(quote.pricing()).isEqualTo(QuoteService.UNAVAILABLE);
		assertThat(quote.price()).isNull();
		assertThat(this.patching.connectionAttempts()).isNotEmpty().allSatisfy((attempt) -> {
			assertThat(attempt.destination()).isEqualTo("api.partner.example/127.0.0.1:80");
			assertThat(attempt.outcome()).isEqualTo(ConnectionAttempt.Outcome.FAULT);
			assertThat(attempt.fault()).isEqualTo("timeout");
		});
	}

	@Test
	@Order(3)
	void theOverrideEndedWithItsTest() {
		assertThat(this.context).as("the same ApplicationContext as the first test's").isSameAs(contextOfTheFirstTest);

		assertThePartnersQuote(this.quotes.quote("ACME"));
		assertThat(this.patching.connectionAttempts()).isNotEmpty()
			.allSatisfy((attempt) -> assertThat(attempt.outcome()).isEqualTo(ConnectionAttempt.Outcome.REDIRECTED));
	}

	private static void assertThePartnersQuote(Quote quote) {
		assertThat(quote.symbol()).isEqualTo("ACME");
		assertThat(quote.price()).isEqualByComparingTo("101.50");
		assertThat(quote.currency()).isEqualTo("EUR");
		assertThat(quote.pricing()).isEqualTo("classic");
	}

}
