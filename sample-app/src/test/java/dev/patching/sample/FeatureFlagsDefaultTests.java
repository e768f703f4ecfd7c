package dev.patching.sample;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plain JUnit class, no Spring, run right after {@link NewPricingTests}: the
 * feature-flags patch of that class's context (still cached by Spring) has been undone.
 */
@Order(3)
class FeatureFlagsDefaultTests {

	@Test
	void theFlagIsBackToItsDefault() {
		assertThat(FeatureFlags.isEnabled(QuoteService.NEW_PRICING)).isFalse();
		assertThat(FeatureFlags.current()).isEmpty();
	}

}
