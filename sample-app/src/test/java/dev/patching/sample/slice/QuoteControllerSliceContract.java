package dev.patching.sample.slice;

import java.math.BigDecimal;

import dev.patching.PatchManager;
import dev.patching.sample.PartnerClient;
import dev.patching.sample.PartnerQuote;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The {@code @WebMvcTest} slice of the quote endpoint, with the partner replaced by a
 * Mockito mock. {@code @WebMvcTest} lives in a different package on each Spring Boot
 * line, so the annotated class is {@code boot4.QuoteControllerSliceTests} or
 * {@code boot3.QuoteControllerSliceTests}.
 * <p>
 * The mock comes from Mockito's default (inline) mock maker, which needs Mockito's agent:
 * the build passes it with {@code -javaagent}, next to patching's, as the README's recipe
 * does, so no agent is attached at run time and JDK 21+ prints no dynamic-agent warning.
 */
public abstract class QuoteControllerSliceContract {

	@Autowired
	MockMvc mvc;

	@Autowired
	PatchManager patching;

	@MockitoBean
	PartnerClient partner;

	@Test
	void aSliceGetsTheSuitesPatchesToo() {
		assertThat(this.patching.isEnabled()).isTrue();
		assertThat(this.patching.isInEffect()).isTrue();
		assertThat(this.patching.patches()).containsExactly("dns", "socket");
	}

	@Test
	void theControllerAnswersWithoutOpeningASocket() throws Exception {
		given(this.partner.quote("ACME")).willReturn(new PartnerQuote("ACME", new BigDecimal("42.00"), "CHF"));

		this.mvc.perform(get("/quote/ACME"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.symbol").value("ACME"))
			.andExpect(jsonPath("$.price").value(42.0))
			.andExpect(jsonPath("$.pricing").value("classic"));

		assertThat(this.patching.connectionAttempts()).isEmpty();
		assertThat(this.patching.dnsLookups()).isEmpty();
	}

	@Test
	void thePartnerIsAnInlineMock() {
		// The inline mock maker changes PartnerClient itself; the subclass mock maker
		// would give a
		// generated subclass. Inline is Mockito's default, and the one that needs an
		// agent.
		assertThat(this.partner.getClass()).isEqualTo(PartnerClient.class);
	}

}
