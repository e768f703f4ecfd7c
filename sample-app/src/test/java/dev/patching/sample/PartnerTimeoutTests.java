package dev.patching.sample;

import dev.patching.ConnectionAttempt;
import dev.patching.PatchManager;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The partner does not answer: {@code patching.socket.faults} makes the connect to
 * {@code api.partner.example:80} time out at the app's own connect timeout
 * ({@code partner.connect-timeout}), and the service answers its fallback quote. Here the
 * fault is one of the context's own properties, so it holds for every test of the class;
 * {@link QuoteServiceTests} sets it for one test method, in a context shared with tests
 * that reach a stub.
 */
@Order(7)
@SpringBootTest(properties = { "patching.dns.hosts[api.partner.example]=127.0.0.1",
		"patching.socket.faults[api.partner.example\\:80]=timeout", "partner.connect-timeout=500ms" })
class PartnerTimeoutTests {

	@Autowired
	QuoteService quotes;

	@Autowired
	PatchManager patching;

	@Test
	void aPartnerThatDoesNotAnswerGetsTheFallbackQuote() {
		long start = System.nanoTime();
		Quote quote = this.quotes.quote("ACME");
		long millis = (System.nanoTime() - start) / 1_000_000;

		assertThat(quote.symbol()).isEqualTo("ACME");
		assertThat(quote.pricing()).isEqualTo(QuoteService.UNAVAILABLE);
		assertThat(quote.price()).isNull();
		assertThat(millis).as("the app's own connect timeout ended the call").isGreaterThanOrEqualTo(450);
		assertThat(this.patching.connectionAttempts()).isNotEmpty().allSatisfy((attempt) -> {
			assertThat(attempt.destination()).isEqualTo("api.partner.example/127.0.0.1:80");
			assertThat(attempt.outcome()).isEqualTo(ConnectionAttempt.Outcome.FAULT);
			assertThat(attempt.fault()).isEqualTo("timeout");
		});
	}

}
