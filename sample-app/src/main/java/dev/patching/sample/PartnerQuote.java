package dev.patching.sample;

import java.math.BigDecimal;

/**
 * What the partner API answers for a symbol.
 */
public record PartnerQuote(String symbol, BigDecimal price, String currency) {

}
