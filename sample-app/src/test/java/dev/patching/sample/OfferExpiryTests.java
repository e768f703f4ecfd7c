package dev.patching.sample;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

import dev.patching.PatchManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clock patch: {@link OfferService} reads {@code Instant.now()}, which stands still
 * at {@code patching.time.fixed} while this class runs; the test moves it past an offer's
 * validity instead of waiting fifteen minutes.
 */
@Order(11)
@SpringBootTest(properties = "patching.time.fixed=2030-01-01T09:00:00Z")
class OfferExpiryTests {

	static final Quote QUOTE = new Quote("ACME", new BigDecimal("101.50"), "EUR", "classic");

	@Autowired
	PatchManager patching;

	@Autowired
	OfferService offers;

	@AfterEach
	void backToTheConfiguredInstant() {
		this.patching.time().reset();
	}

	@Test
	void anOfferIsValidForFifteenMinutes() {
		Offer offer = this.offers.offer(QUOTE);
		assertThat(offer.expiresAt()).isEqualTo(Instant.parse("2030-01-01T09:15:00Z"));

		this.patching.time().advance(Duration.ofMinutes(14));
		assertThat(this.offers.isValid(offer)).isTrue();

		this.patching.time().advance(Duration.ofMinutes(1));
		assertThat(this.offers.isValid(offer)).as("expired at 09:15 sharp").isFalse();
	}

	@Test
	void anOfferFromYesterdayHasExpired() {
		this.patching.time().set(Instant.parse("2029-12-31T09:00:00Z"));
		Offer offer = this.offers.offer(QUOTE);

		this.patching.time().reset();
		assertThat(this.offers.isValid(offer)).isFalse();
	}

}
