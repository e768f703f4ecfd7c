package dev.patching.it;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

import dev.patching.ConnectionAttempt;
import dev.patching.PatchManager;
import dev.patching.it.support.Clients;
import dev.patching.it.support.HttpStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Each allow-rule kind lets its connection through while loopback as such is not allowed,
 * and redirects land on the mapped server for {@code Socket} and {@code HttpClient}.
 * Every server is on loopback; the DNS table maps the {@code .test} names to loopback.
 */
@SpringBootTest(classes = ItApplication.class)
class SocketRulesTests {

	static final HttpStub byHostAndPort = new HttpStub("host:port");

	static final HttpStub bySuffixAndPort = new HttpStub("*.suffix:port");

	static final HttpStub byAnyHostOnPort = new HttpStub("*:port");

	static final HttpStub byCidr = new HttpStub("cidr", address("127.0.0.2"));

	static final HttpStub byIpv6AndPort = new HttpStub("[v6]:port", address("::1"));

	static final HttpStub byHostName = new HttpStub("host");

	static final HttpStub target = new HttpStub("redirect target");

	static final HttpStub blocked = new HttpStub("never reached");

	@DynamicPropertySource
	static void rules(DynamicPropertyRegistry registry) {
		registry.add("patching.socket.enabled", () -> "true");
		registry.add("patching.socket.allow-loopback", () -> "false");
		registry.add("patching.socket.allow[0]", () -> "localhost:" + byHostAndPort.port());
		registry.add("patching.socket.allow[1]", () -> "*.svc.test:" + bySuffixAndPort.port());
		registry.add("patching.socket.allow[2]", () -> "*:" + byAnyHostOnPort.port());
		registry.add("patching.socket.allow[3]", () -> "127.0.0.2/31");
		registry.add("patching.socket.allow[4]", () -> "[::1]:" + byIpv6AndPort.port());
		registry.add("patching.socket.allow[5]", () -> "named.test");
		registry.add("patching.dns.enabled", () -> "true");
		registry.add("patching.dns.hosts[*.svc.test]", () -> "127.0.0.1");
		registry.add("patching.dns.hosts[named.test]", () -> "127.0.0.1");
		registry.add("patching.dns.hosts[partner.test]", () -> "127.0.0.1");
		registry.add("patching.dns.hosts[other.test]", () -> "127.0.0.1");
		registry.add("patching.socket.redirect[partner.test:80]", () -> "127.0.0.1:" + target.port());
		registry.add("patching.socket.redirect[127.0.0.1:" + blocked.port() + "]", () -> "localhost:" + target.port());
	}

	@Autowired
	PatchManager manager;

	@AfterAll
	static void stop() {
		for (HttpStub stub : new HttpStub[] { byHostAndPort, bySuffixAndPort, byAnyHostOnPort, byCidr, byIpv6AndPort,
				byHostName, target, blocked }) {
			stub.close();
		}
	}

	@Test
	void hostAndPort() throws Exception {
		assertThat(Clients.get("localhost", byHostAndPort.port())).isEqualTo("hello from host:port");
		assertBlocked("127.0.0.1", byHostAndPort.port());
	}

	@Test
	void suffixAndPort() throws Exception {
		assertThat(Clients.get("api.svc.test", bySuffixAndPort.port())).isEqualTo("hello from *.suffix:port");
		assertBlocked("other.test", bySuffixAndPort.port());
	}

	@Test
	void anyHostOnAPort() throws Exception {
		assertThat(Clients.get("127.0.0.1", byAnyHostOnPort.port())).isEqualTo("hello from *:port");
	}

	@Test
	void cidr() throws Exception {
		assertThat(Clients.get("127.0.0.2", byCidr.port())).isEqualTo("hello from cidr");
	}

	@Test
	void ipv6WithPort() throws Exception {
		assertThat(Clients.get("[::1]", byIpv6AndPort.port())).isEqualTo("hello from [v6]:port");
	}

	@Test
	void hostOnAnyPort() throws Exception {
		assertThat(Clients.get("named.test", byHostName.port())).isEqualTo("hello from host");
		assertBlocked("localhost", byHostName.port());
	}

	@Test
	void aRedirectIsInvisibleToTheSocketThatConnected() throws Exception {
		try (Socket socket = new Socket("partner.test", 80)) {
			assertThat(socket.getRemoteSocketAddress())
				.isEqualTo(new InetSocketAddress(InetAddress.getByName("partner.test"), 80));
			assertThat(socket.getInetAddress().getHostName()).isEqualTo("partner.test");
		}
		assertThat(this.manager.connectionAttempts()).last().satisfies((attempt) -> {
			assertThat(attempt.outcome()).isEqualTo(ConnectionAttempt.Outcome.REDIRECTED);
			assertThat(attempt.host()).isEqualTo("partner.test");
			assertThat(attempt.port()).isEqualTo(80);
			assertThat(attempt.redirectedTo().getPort()).isEqualTo(target.port());
		});
	}

	@Test
	void aRedirectCarriesHttpClientRequestsToTheTargetWithTheOriginalHostHeader() throws Exception {
		assertThat(Clients.get("partner.test", 80)).isEqualTo("hello from redirect target");
		assertThat(Clients.get("127.0.0.1", blocked.port())).as("an ip:port key, mapped to a host name")
			.isEqualTo("hello from redirect target");
		assertThat(target.hosts()).contains("partner.test", "127.0.0.1:" + blocked.port());
		assertThat(blocked.hosts()).isEmpty();
	}

	private static void assertBlocked(String host, int port) {
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> Clients.get(host, port))
			.withMessageContaining(":" + port)
			.withMessageContaining("patching.socket.allow");
	}

	private static InetAddress address(String literal) {
		try {
			return InetAddress.getByName(literal);
		}
		catch (java.net.UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
