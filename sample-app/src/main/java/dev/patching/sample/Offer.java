package dev.patching.sample;

import java.time.Instant;

/**
 * A quote the customer may accept until it expires.
 *
 * @param quote what we quoted
 * @param expiresAt the end of its validity
 */
public record Offer(Quote quote, Instant expiresAt) {

}
