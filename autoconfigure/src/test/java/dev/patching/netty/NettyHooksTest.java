package dev.patching.netty;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.patching.ConnectionAttempt;
import dev.patching.ConnectionBlockedException;
import dev.patching.DnsLookup;
import dev.patching.NameRefusedException;
import dev.patching.internal.agent.JvmHooks;
import dev.patching.internal.dns.DnsInterceptor;
import dev.patching.internal.dns.DnsPolicy;
import dev.patching.internal.socket.SocketInterceptor;
import dev.patching.internal.socket.SocketPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * reactor-netty's HttpClient and Spring's WebClient, on Netty's epoll transport (and on
 * io_uring in {@link NettyHooksIoUringTest}) and Netty's own DNS resolver, obey the
 * socket and DNS policies through {@link JvmHooks}. Every server, including the only name
 * server the clients know, is a loopback socket started here.
 */
class NettyHooksTest {

	private final SocketInterceptor socket = new SocketInterceptor();

	private final DnsInterceptor dns = new DnsInterceptor(() -> null);

	private final List<ConnectionAttempt> attempts = new CopyOnWriteArrayList<>();

	private final List<DnsLookup> lookups = new CopyOnWriteArrayList<>();

	private final LoopbackHttpServer server = new LoopbackHttpServer("server");

	private final SilentNameServer nameServer = new SilentNameServer();

	private final ReactorNetty netty = new ReactorNetty(this.nameServer, transport());

	/**
	 * The transport the clients connect with; a subclass runs the same tests on another.
	 */
	ReactorNetty.Transport transport() {
		return ReactorNetty.Transport.EPOLL;
	}

	@BeforeEach
	void install() {
		JvmHooks.install(this.socket, this.dns);
	}

	@AfterEach
	void close() {
		this.socket.setPolicy(null, null);
		this.dns.setPolicy(null, null);
		this.server.close();
		this.nameServer.close();
	}

	@AfterAll
	static void uninstall() {
		JvmHooks.uninstall();
	}

	@Test
	void blocksHttpClientConnectWhenLoopbackIsNotAllowed() {
		this.socket.setPolicy(SocketPolicy.of(false, List.of(), Map.of()), (seen) -> this.attempts.add(seen.attempt()));
		Throwable failure = catchThrowable(() -> this.netty.get(url("127.0.0.1", this.server.port())));
		this.netty.assertTransportWasUsed();
		assertBlocked(failure);
	}

	@Test
	void blocksWebClientConnectWhenLoopbackIsNotAllowed() {
		this.socket.setPolicy(SocketPolicy.of(false, List.of(), Map.of()), (seen) -> this.attempts.add(seen.attempt()));
		Throwable failure = catchThrowable(() -> this.netty.webClientGet(url("127.0.0.1", this.server.port())));
		this.netty.assertTransportWasUsed();
		assertBlocked(failure);
		assertThat(failure).hasMessageContaining("blocked by the socket patch");
	}

	@Test
	void redirectsAConnectToAnotherLoopbackPort() {
		try (LoopbackHttpServer target = new LoopbackHttpServer("redirect target")) {
			this.socket.setPolicy(
					SocketPolicy.of(false, List.of(),
							Map.of("127.0.0.1:" + this.server.port(), "127.0.0.1:" + target.port())),
					(seen) -> this.attempts.add(seen.attempt()));
			assertThat(this.netty.get(url("127.0.0.1", this.server.port()))).isEqualTo("redirect target");
			assertThat(this.netty.webClientGet(url("127.0.0.1", this.server.port()))).isEqualTo("redirect target");
			this.netty.assertTransportWasUsed();
			assertThat(target.accepted()).isEqualTo(2);
			assertThat(this.server.accepted()).isZero();
			assertThat(this.attempts).extracting(ConnectionAttempt::outcome)
				.containsExactly(ConnectionAttempt.Outcome.REDIRECTED, ConnectionAttempt.Outcome.REDIRECTED);
			assertThat(this.attempts.get(0).redirectedTo()).isEqualTo(target.address());
		}
	}

	@Test
	void answersANameFromTheTableWithoutSendingAQuery() {
		this.dns.setPolicy(DnsPolicy.of(Map.of("api.test", "127.0.0.1"), "refuse"),
				(seen) -> this.lookups.add(seen.lookup()));
		assertThat(this.netty.get(url("api.test", this.server.port()))).isEqualTo("server");
		assertThat(this.netty.webClientGet(url("API.test", this.server.port()))).isEqualTo("server");
		this.netty.assertTransportWasUsed();
		assertThat(this.server.accepted()).isEqualTo(2);
		assertThat(this.lookups).extracting(DnsLookup::name).containsExactly("api.test", "API.test");
		assertThat(this.lookups).extracting(DnsLookup::outcome).containsOnly(DnsLookup.Outcome.ANSWERED);
		assertThat(this.nameServer.received()).as("queries the name server received").isZero();
	}

	@Test
	void refusesAnUnlistedNameNamingTheHostAndTheProperty() {
		this.dns.setPolicy(DnsPolicy.of(Map.of("api.test", "127.0.0.1"), "refuse"),
				(seen) -> this.lookups.add(seen.lookup()));
		Throwable httpClient = catchThrowable(() -> this.netty.get(url("unlisted.test", this.server.port())));
		Throwable webClient = catchThrowable(() -> this.netty.webClientGet(url("other.test", this.server.port())));
		assertThat(cause(httpClient, NameRefusedException.class)).hasMessageContaining("'unlisted.test'")
			.hasMessageContaining("patching.dns");
		assertThat(cause(webClient, NameRefusedException.class)).hasMessageContaining("'other.test'");
		assertThat(webClient).hasMessageContaining("'other.test' refused by patching.dns");
		assertThat(this.lookups).extracting(DnsLookup::outcome).containsOnly(DnsLookup.Outcome.REFUSED);
		assertThat(this.nameServer.received()).as("queries the name server received").isZero();
		assertThat(this.server.accepted()).isZero();
	}

	@Test
	void anUnlistedNameUnderTheSystemResolverReachesTheLoopbackNameServer() {
		// Proves the "no query was sent" assertions above can fail: this lookup is not
		// answered by the hook.
		this.dns.setPolicy(DnsPolicy.of(Map.of("api.test", "127.0.0.1"), "system"),
				(seen) -> this.lookups.add(seen.lookup()));
		Throwable failure = catchThrowable(() -> this.netty.get(url("elsewhere.test", this.server.port())));
		assertThat(failure).isNotNull();
		assertThat(this.nameServer.received()).as("queries the name server received").isPositive();
		assertThat(this.lookups).extracting(DnsLookup::outcome).containsOnly(DnsLookup.Outcome.SYSTEM);
		assertThat(this.lookups).as("left to Netty's resolver: its answer is not seen")
			.allSatisfy((lookup) -> assertThat(lookup.systemAnswers()).isEmpty())
			.allSatisfy((lookup) -> assertThat(lookup.systemFailure()).isNull());
	}

	@Test
	void letsConnectsThroughWhenNoPolicyIsSet() {
		assertThat(this.netty.get(url("127.0.0.1", this.server.port()))).isEqualTo("server");
		this.netty.assertTransportWasUsed();
		assertThat(this.server.accepted()).isEqualTo(1);
	}

	private void assertBlocked(Throwable failure) {
		assertThat(cause(failure, ConnectionBlockedException.class))
			.hasMessageStartingWith("Connection to 127.0.0.1:" + this.server.port() + " blocked by the socket patch.")
			.hasMessageContaining("patching.socket.allow-loopback=true");
		assertThat(this.attempts).extracting(ConnectionAttempt::outcome)
			.containsExactly(ConnectionAttempt.Outcome.BLOCKED);
		assertThat(this.server.accepted()).as("connections the loopback server accepted").isZero();
	}

	static String url(String host, int port) {
		return "http://" + host + ":" + port + "/";
	}

	/**
	 * The first exception of the given type in the cause chain, failing when there is
	 * none.
	 */
	static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
		for (Throwable current = failure; current != null; current = current.getCause()) {
			if (type.isInstance(current)) {
				return type.cast(current);
			}
		}
		throw new AssertionError("expected a " + type.getName() + " in the causes of " + failure, failure);
	}

}
