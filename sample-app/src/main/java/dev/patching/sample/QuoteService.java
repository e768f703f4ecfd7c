package dev.patching.sample;

import java.math.BigDecimal;
import java.math.RoundingMode;

import org.springframework.stereotype.Service;

/**
 * Prices a symbol from the partner's quote. Under the {@value #NEW_PRICING} flag we add
 * our half-percent spread.
 */
@Service
public class QuoteService {

	/** The feature flag that switches on the new pricing. */
	public static final String NEW_PRICING = "new-pricing";

	private static final BigDecimal SPREAD = new BigDecimal("1.005");

	private final PartnerClient partner;

	public QuoteService(PartnerClient partner) {
		this.partner = partner;
	}

	public Quote quote(String symbol) {
		PartnerQuote answer = this.partner.quote(symbol);
		if (FeatureFlags.isEnabled(NEW_PRICING)) {
			BigDecimal price = answer.price().multiply(SPREAD).setScale(2, RoundingMode.HALF_EVEN);
			return new Quote(answer.symbol(), price, answer.currency(), "new");
		}
		return new Quote(answer.symbol(), answer.price(), answer.currency(), "classic");
	}

}
