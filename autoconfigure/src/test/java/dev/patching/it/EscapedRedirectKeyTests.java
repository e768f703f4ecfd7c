package dev.patching.it;

import dev.patching.it.support.Clients;
import dev.patching.it.support.HttpStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's escape for a host:port redirect key in inline properties works as written.
 */
@SpringBootTest(classes = ItApplication.class,
		properties = { "patching.socket.enabled=true", "patching.dns.enabled=true",
				"patching.dns.hosts[escaped.test]=127.0.0.1",
				"patching.socket.redirect[escaped.test\\:80]=127.0.0.1:${stub.port}" })
class EscapedRedirectKeyTests {

	static final HttpStub stub = new HttpStub("escaped");

	@DynamicPropertySource
	static void port(DynamicPropertyRegistry registry) {
		registry.add("stub.port", stub::port);
	}

	@AfterAll
	static void stop() {
		stub.close();
	}

	@Test
	void anEscapedColonKeepsTheKeyWhole() throws Exception {
		assertThat(Clients.get("escaped.test", 80)).isEqualTo("hello from escaped");
	}

}
