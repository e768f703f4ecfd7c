package dev.patching.sample;

import java.time.Duration;
import java.time.Instant;

import org.springframework.stereotype.Service;

/**
 * Turns quotes into offers valid for {@link #VALIDITY}. Reads the system clock directly
 * ({@code Instant.now()}), as much code does: the tests move it with
 * {@code patching.time.fixed} and {@code PatchManager.time()}.
 */
@Service
public class OfferService {

	/** How long an offer may be accepted. */
	public static final Duration VALIDITY = Duration.ofMinutes(15);

	public Offer offer(Quote quote) {
		return new Offer(quote, Instant.now().plus(VALIDITY));
	}

	public boolean isValid(Offer offer) {
		return Instant.now().isBefore(offer.expiresAt());
	}

}
