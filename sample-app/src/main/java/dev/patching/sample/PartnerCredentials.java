package dev.patching.sample;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The partner API key, from the environment variable {@code PARTNER_API_KEY} as the
 * deployment provides it; read once, when the context starts.
 */
@Component
public class PartnerCredentials {

	private final String apiKey;

	public PartnerCredentials(@Value("${PARTNER_API_KEY:}") String apiKey) {
		this.apiKey = apiKey;
	}

	/** The key; empty when the environment has none. */
	public String apiKey() {
		return this.apiKey;
	}

	public boolean isConfigured() {
		return !this.apiKey.isBlank();
	}

}
