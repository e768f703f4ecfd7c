package dev.patching.sample;

import dev.patching.ConnectionAttempt;
import dev.patching.ConnectionBlockedException;
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
 * Someone forgot the partner stub: the name is mapped but nothing redirects port 80, and
 * this class also blocks loopback. The app's call fails at once, and its error says which
 * connect was blocked and which property allows it.
 */
@Order(4)
@SpringBootTest(
		properties = { "patching.dns.hosts[api.partner.example]=127.0.0.1", "patching.socket.allow-loopback=false" })
class ForgottenStubTests {

	@Autowired
	PatchManager patching;

	@Autowired
	WebApplicationContext context;

	@Test
	void theCallToThePartnerIsBlockedWithAMessageThatSaysWhy() throws Exception {
		MockMvc mvc = MockMvcBuilders.webAppContextSetup(this.context).build();

		mvc.perform(get("/quote/ACME"))
			.andExpect(status().isBadGateway())
			.andExpect(jsonPath("$.cause").value(ConnectionBlockedException.class.getName()))
			.andExpect(jsonPath("$.detail")
				.value(containsString("Connection to api.partner.example/127.0.0.1:80 blocked")))
			.andExpect(jsonPath("$.detail").value(containsString("patching.socket.allow=api.partner.example:80")));

		// The JDK HttpClient retries a failed connect once, so there may be two attempts.
		assertThat(this.patching.connectionAttempts()).isNotEmpty().allSatisfy((attempt) -> {
			assertThat(attempt.destination()).isEqualTo("api.partner.example/127.0.0.1:80");
			assertThat(attempt.outcome()).isEqualTo(ConnectionAttempt.Outcome.BLOCKED);
		});
	}

}
