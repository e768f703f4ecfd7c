package dev.patching.sample;

import dev.patching.DnsLookup;
import dev.patching.PatchManager;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * No stub and no host entry at all: with {@code patching.dns.unlisted=refuse} (this
 * module's {@code config/application.properties}) the partner's name never reaches a real
 * resolver, and the error names the host and the property that would answer it.
 */
@Order(5)
@SpringBootTest
class PartnerNameRefusedTests {

	@Autowired
	PatchManager patching;

	@Autowired
	WebApplicationContext context;

	@Test
	void thePartnersNameIsRefusedWithAMessageThatSaysWhy() throws Exception {
		MockMvc mvc = MockMvcBuilders.webAppContextSetup(this.context).build();

		mvc.perform(get("/quote/ACME"))
			.andExpect(status().isBadGateway())
			.andExpect(jsonPath("$.detail")
				.value(containsString("Host name 'api.partner.example' refused by patching.dns")))
			.andExpect(jsonPath("$.detail").value(containsString("patching.dns.hosts[api.partner.example]=<ip>")));

		assertThat(this.patching.dnsLookups()).filteredOn((lookup) -> lookup.name().equals("api.partner.example"))
			.isNotEmpty()
			.allSatisfy((lookup) -> assertThat(lookup.outcome()).isEqualTo(DnsLookup.Outcome.REFUSED));
	}

}
