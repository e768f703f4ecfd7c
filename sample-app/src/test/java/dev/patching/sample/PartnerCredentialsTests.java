package dev.patching.sample;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The environment patch: {@link PartnerCredentials} reads {@code PARTNER_API_KEY} from
 * the environment when the context starts; this class gives it one without touching the
 * process's environment, and no other class sees it.
 */
@Order(12)
@SpringBootTest(properties = "patching.environment[PARTNER_API_KEY]=test-key-123")
class PartnerCredentialsTests {

	@Autowired
	PartnerCredentials credentials;

	@Test
	void theKeyComesFromThePatchedEnvironment() {
		assertThat(this.credentials.isConfigured()).isTrue();
		assertThat(this.credentials.apiKey()).isEqualTo("test-key-123");
		assertThat(System.getenv("PARTNER_API_KEY")).isEqualTo("test-key-123");
	}

}
