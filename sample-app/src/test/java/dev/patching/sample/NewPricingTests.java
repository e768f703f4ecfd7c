package dev.patching.sample;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.patching.PatchManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A custom patch ({@link FeatureFlagsPatch}) switches on the app's static feature flag
 * for this class only; {@link FeatureFlagsDefaultTests}, which runs next, sees it off
 * again.
 */
@Order(2)
@SpringBootTest(properties = { "patching.feature-flags.enabled=true", "patching.feature-flags.flags[new-pricing]=true",
		"patching.dns.hosts[api.partner.example]=127.0.0.1" })
class NewPricingTests {

	static final WireMockServer partner = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	@DynamicPropertySource
	static void sendThePartnerToWireMock(DynamicPropertyRegistry registry) {
		partner.start();
		registry.add("patching.socket.redirect[api.partner.example:80]", () -> "127.0.0.1:" + partner.port());
	}

	@AfterAll
	static void stopPartner() {
		partner.stop();
	}

	@Autowired
	PatchManager patching;

	@Autowired
	WebApplicationContext context;

	@Test
	void theFlagIsOnWhileThisClassRuns() {
		assertThat(this.patching.patches()).containsExactly("dns", "socket", "feature-flags");
		assertThat(FeatureFlags.isEnabled(QuoteService.NEW_PRICING)).isTrue();
	}

	@Test
	void theEndpointPricesWithTheNewPricing() throws Exception {
		partner.stubFor(WireMock.get("/v1/quotes/ACME")
			.willReturn(okJson("{\"symbol\":\"ACME\",\"price\":101.50,\"currency\":\"EUR\"}")));
		MockMvc mvc = MockMvcBuilders.webAppContextSetup(this.context).build();

		mvc.perform(get("/quote/ACME"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.pricing").value("new"))
			.andExpect(jsonPath("$.price").value(102.01));
	}

}
