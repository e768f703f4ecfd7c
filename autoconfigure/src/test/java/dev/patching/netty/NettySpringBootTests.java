package dev.patching.netty;

import dev.patching.ConnectionAttempt;
import dev.patching.ConnectionBlockedException;
import dev.patching.DnsLookup;
import dev.patching.NameRefusedException;
import dev.patching.PatchManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.patching.netty.NettyHooksTest.cause;
import static dev.patching.netty.NettyHooksTest.url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What a user writes: properties on a {@code @SpringBootTest}, and Spring's WebClient on
 * reactor-netty (epoll, Netty's DNS resolver) obeys them. The only name server the client
 * knows is a silent one on loopback, which must never be asked.
 *
 * <p>
 * {@code @DirtiesContext}: the other tests in this module drive {@code JvmHooks} directly
 * and uninstall it, which a cached context still holding the hooks would not notice.
 */
@DirtiesContext
@SpringBootTest(classes = NettySpringBootTests.Config.class,
		properties = { "patching.socket.enabled=true", "patching.socket.allow-loopback=false",
				"patching.dns.enabled=true", "patching.dns.hosts[api.test]=127.0.0.1", "patching.dns.unlisted=refuse" })
class NettySpringBootTests {

	static final LoopbackHttpServer asked = new LoopbackHttpServer("asked");

	static final LoopbackHttpServer target = new LoopbackHttpServer("target");

	static final SilentNameServer nameServer = new SilentNameServer();

	@DynamicPropertySource
	static void redirectAskedToTarget(DynamicPropertyRegistry registry) {
		registry.add("patching.socket.redirect[api.test:" + asked.port() + "]", () -> "127.0.0.1:" + target.port());
	}

	@AfterAll
	static void stopServers() {
		asked.close();
		target.close();
		nameServer.close();
	}

	@Autowired
	PatchManager manager;

	private final ReactorNetty netty = new ReactorNetty(nameServer);

	@BeforeEach
	void clearRecords() {
		this.manager.clearRecords();
	}

	@Test
	void webClientReachesATableNameRedirectedToAnotherLoopbackPort() {
		assertThat(this.netty.webClientGet(url("api.test", asked.port()))).isEqualTo("target");
		this.netty.assertTransportWasUsed();
		assertThat(asked.accepted()).isZero();
		assertThat(nameServer.received()).as("queries the name server received").isZero();
		assertThat(this.manager.dnsLookups()).extracting(DnsLookup::name, DnsLookup::outcome)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("api.test", DnsLookup.Outcome.ANSWERED));
		assertThat(this.manager.connectionAttempts()).singleElement().satisfies(attempt -> {
			assertThat(attempt.host()).isEqualTo("api.test");
			assertThat(attempt.outcome()).isEqualTo(ConnectionAttempt.Outcome.REDIRECTED);
			assertThat(attempt.redirectedTo()).isEqualTo(target.address());
		});
	}

	@Test
	void webClientIsBlockedFromALoopbackServerWhenLoopbackIsNotAllowed() {
		Throwable failure = catchThrowable(() -> this.netty.webClientGet(url("127.0.0.1", target.port())));
		this.netty.assertTransportWasUsed();
		assertThat(cause(failure, ConnectionBlockedException.class))
			.hasMessageStartingWith("Connection to 127.0.0.1:" + target.port() + " blocked by the socket patch.");
		assertThat(target.accepted()).as("connections the loopback server accepted").isZero();
		assertThat(this.manager.connectionAttempts()).extracting(ConnectionAttempt::outcome)
			.containsExactly(ConnectionAttempt.Outcome.BLOCKED);
	}

	@Test
	void webClientFailsOnARefusedNameNamingTheHostAndTheProperty() {
		Throwable failure = catchThrowable(() -> this.netty.webClientGet(url("nowhere.test", target.port())));
		assertThat(cause(failure, NameRefusedException.class)).hasMessageStartingWith(
				"Host name 'nowhere.test' refused by patching.dns: it is not listed in patching.dns.hosts");
		assertThat(nameServer.received()).as("queries the name server received").isZero();
		assertThat(target.accepted()).isZero();
	}

	@Configuration(proxyBeanMethods = false)
	static class Config {

	}

}
