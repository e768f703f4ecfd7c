package dev.patching.sample.slice;

import java.math.BigDecimal;
import java.time.Duration;

import dev.patching.PatchManager;
import dev.patching.sample.PartnerClient;
import dev.patching.sample.PartnerQuote;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The {@code @WebMvcTest} slice of the quote endpoint, with the partner replaced by a fixed answer.
 * {@code @WebMvcTest} lives in a different package on each Spring Boot line, so the annotated
 * class is {@code boot4.QuoteControllerSliceTests} or {@code boot3.QuoteControllerSliceTests}.
 */
public abstract class QuoteControllerSliceContract {

	@Autowired
	MockMvc mvc;

	@Autowired
	PatchManager patching;

	@Test
	void aSliceGetsTheSuitesPatchesToo() {
		assertThat(this.patching.isEnabled()).isTrue();
		assertThat(this.patching.isInEffect()).isTrue();
		assertThat(this.patching.patches()).containsExactly("dns", "socket");
	}

	@Test
	void theControllerAnswersWithoutOpeningASocket() throws Exception {
		this.mvc.perform(get("/quote/ACME"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.symbol").value("ACME"))
			.andExpect(jsonPath("$.price").value(42.0))
			.andExpect(jsonPath("$.pricing").value("classic"));

		assertThat(this.patching.connectionAttempts()).isEmpty();
		assertThat(this.patching.dnsLookups()).isEmpty();
	}

	/** The partner, answering without a network. */
	@TestConfiguration(proxyBeanMethods = false)
	public static class FixedPartner {

		@Bean
		PartnerClient partnerClient() {
			return new PartnerClient("http://api.partner.example", Duration.ofSeconds(2)) {

				@Override
				public PartnerQuote quote(String symbol) {
					return new PartnerQuote(symbol, new BigDecimal("42.00"), "CHF");
				}

			};
		}

	}

}
