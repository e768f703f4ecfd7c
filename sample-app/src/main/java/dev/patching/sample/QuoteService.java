package dev.patching.sample;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;

import org.springframework.stereotype.Service;
import org.springframework.web.client.ResourceAccessException;

/**
 * Prices a symbol from the partner's quote. Under the {@value #NEW_PRICING} flag we add
 * our half-percent spread. When the partner does not answer in time, the answer is a
 * quote without a price ({@value #UNAVAILABLE}) instead of an error; other failures still
 * propagate.
 */
@Service
public class QuoteService {

	/** The feature flag that switches on the new pricing. */
	public static final String NEW_PRICING = "new-pricing";

	/** The pricing of the fallback answer when the partner timed out. */
	public static final String UNAVAILABLE = "unavailable";

	private static final BigDecimal SPREAD = new BigDecimal("1.005");

	private final PartnerClient partner;

	public QuoteService(PartnerClient partner) {
		this.partner = partner;
	}

	public Quote quote(String symbol) {
		PartnerQuote answer;
		try {
			answer = this.partner.quote(symbol);
		}
		catch (ResourceAccessException ex) {
			if (timedOut(ex)) {
				return new Quote(symbol, null, null, UNAVAILABLE);
			}
			throw ex;
		}
		if (FeatureFlags.isEnabled(NEW_PRICING)) {
			BigDecimal price = answer.price().multiply(SPREAD).setScale(2, RoundingMode.HALF_EVEN);
			return new Quote(answer.symbol(), price, answer.currency(), "new");
		}
		return new Quote(answer.symbol(), answer.price(), answer.currency(), "classic");
	}

	/** Whether the partner call timed out (the JDK HttpClient wraps its timeouts). */
	private static boolean timedOut(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException) {
				return true;
			}
		}
		return false;
	}

}
