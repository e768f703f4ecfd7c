package dev.patching.sample;

import java.net.http.HttpClient;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Calls the partner's quote API at {@code partner.base-url}.
 */
@Component
public class PartnerClient {

	private final RestClient restClient;

	public PartnerClient(@Value("${partner.base-url}") String baseUrl,
			@Value("${partner.connect-timeout:2s}") Duration connectTimeout) {
		HttpClient httpClient = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(connectTimeout)
			.build();
		this.restClient = RestClient.builder()
			.baseUrl(baseUrl)
			.requestFactory(new JdkClientHttpRequestFactory(httpClient))
			.build();
	}

	/** The partner's current quote for a symbol. */
	public PartnerQuote quote(String symbol) {
		return this.restClient.get().uri("/v1/quotes/{symbol}", symbol).retrieve().body(PartnerQuote.class);
	}

}
