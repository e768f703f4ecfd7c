package dev.patching.sample;

import java.math.BigDecimal;

/**
 * What this application answers: the partner's price with our pricing applied.
 *
 * @param symbol the instrument
 * @param price the price we quote
 * @param currency the partner's currency
 * @param pricing {@code classic} or {@code new} (feature flag
 * {@value QuoteService#NEW_PRICING})
 */
public record Quote(String symbol, BigDecimal price, String currency, String pricing) {

}
