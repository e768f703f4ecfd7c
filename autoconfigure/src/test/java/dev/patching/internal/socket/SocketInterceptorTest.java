package dev.patching.internal.socket;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.patching.ConnectionAttempt;
import dev.patching.ConnectionAttempt.Outcome;
import dev.patching.ConnectionBlockedException;
import dev.patching.NameRefusedException;
import dev.patching.internal.net.RefusedName;
import org.junit.jupiter.api.Test;

import static dev.patching.internal.socket.Address.ip;
import static dev.patching.internal.socket.Address.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SocketInterceptorTest {

	private final SocketInterceptor interceptor = new SocketInterceptor();

	private final List<ConnectionAttempt> attempts = new CopyOnWriteArrayList<>();

	@Test
	void withoutAPolicyEveryConnectPassesThroughUnrecorded() throws IOException {
		assertThat(this.interceptor.onConnect(ip("192.0.2.1"), 443)).isNull();
		this.interceptor.setPolicy(null, (seen) -> this.attempts.add(seen.attempt()));
		assertThat(this.interceptor.onConnect(ip("192.0.2.1"), 443)).isNull();
		assertThat(this.attempts).isEmpty();
		assertThat(this.interceptor.getPolicy()).isNull();
	}

	@Test
	void anAllowedConnectGoesAheadAndIsRecorded() throws IOException {
		this.interceptor.setPolicy(SocketPolicy.of(true, List.of("*.svc.test"), Map.of()),
				(seen) -> this.attempts.add(seen.attempt()));
		assertThat(this.interceptor.onConnect(named("db.svc.test", "192.0.2.5"), 5432)).isNull();
		assertThat(this.attempts).singleElement().satisfies((attempt) -> {
			assertThat(attempt.outcome()).isEqualTo(Outcome.ALLOWED);
			assertThat(attempt.host()).isEqualTo("db.svc.test");
			assertThat(attempt.address()).isEqualTo(ip("192.0.2.5"));
			assertThat(attempt.port()).isEqualTo(5432);
			assertThat(attempt.redirectedTo()).isNull();
			assertThat(attempt.thread()).isEqualTo(Thread.currentThread().getName());
			assertThat(attempt.destination()).isEqualTo("db.svc.test/192.0.2.5:5432");
		});
	}

	@Test
	void aBlockedConnectThrowsWithItsMessageAndIsRecorded() {
		this.interceptor.setPolicy(SocketPolicy.of(false, List.of(), Map.of()),
				(seen) -> this.attempts.add(seen.attempt()));
		assertThatExceptionOfType(ConnectionBlockedException.class)
			.isThrownBy(() -> this.interceptor.onConnect(ip("127.0.0.1"), 8080))
			.withMessageStartingWith("Connection to 127.0.0.1:8080 blocked by the socket patch.")
			.withMessageContaining("patching.socket.allow-loopback=true");
		assertThat(this.attempts).singleElement().satisfies((attempt) -> {
			assertThat(attempt.outcome()).isEqualTo(Outcome.BLOCKED);
			assertThat(attempt.host()).isEqualTo("127.0.0.1");
		});
	}

	@Test
	void aRedirectedConnectReachesTheTargetServer() throws IOException {
		try (ServerSocket target = new ServerSocket(0, 1, ip("127.0.0.1"));
				ServerSocket unused = new ServerSocket(0, 1, ip("127.0.0.1"))) {
			int asked = unused.getLocalPort();
			unused.close();
			this.interceptor.setPolicy(
					SocketPolicy.of(false, List.of(),
							Map.of("127.0.0.1:" + asked, "127.0.0.1:" + target.getLocalPort())),
					(seen) -> this.attempts.add(seen.attempt()));
			InetSocketAddress redirected = this.interceptor.onConnect(ip("127.0.0.1"), asked);
			assertThat(redirected).isEqualTo(new InetSocketAddress(ip("127.0.0.1"), target.getLocalPort()));
			try (Socket socket = new Socket()) {
				socket.connect(redirected, 2_000);
				try (Socket accepted = target.accept()) {
					assertThat(accepted.getLocalPort()).isEqualTo(target.getLocalPort());
				}
			}
			assertThat(this.attempts).singleElement().satisfies((attempt) -> {
				assertThat(attempt.outcome()).isEqualTo(Outcome.REDIRECTED);
				assertThat(attempt.port()).isEqualTo(asked);
				assertThat(attempt.redirectedTo()).isEqualTo(redirected);
			});
		}
	}

	@Test
	void theDnsMarkerIsRefusedEvenWithoutASocketPolicy() {
		InetAddress marker = RefusedName.marker("api.partner.test");
		assertThatExceptionOfType(NameRefusedException.class).isThrownBy(() -> this.interceptor.onConnect(marker, 443))
			.withMessageContaining("'api.partner.test'")
			.withMessageContaining("patching.dns.hosts[api.partner.test]=<ip>")
			.satisfies((ex) -> assertThat(ex.getHost()).isEqualTo("api.partner.test"));
	}

	@Test
	void theDnsMarkerIsRefusedBeforeAnyAllowRuleAndNotRecordedAsAConnect() {
		this.interceptor.setPolicy(SocketPolicy.of(true, List.of("0.0.0.0/0", "::/0"), Map.of()),
				(seen) -> this.attempts.add(seen.attempt()));
		assertThatExceptionOfType(NameRefusedException.class)
			.isThrownBy(() -> this.interceptor.onConnect(RefusedName.marker("api.partner.test"), 443))
			.withMessageNotContaining(RefusedName.MARKER);
		assertThat(this.attempts).isEmpty();
	}

	@Test
	void clearingThePolicyRestoresPassThrough() throws IOException {
		this.interceptor.setPolicy(SocketPolicy.of(false, List.of(), Map.of()),
				(seen) -> this.attempts.add(seen.attempt()));
		this.interceptor.setPolicy(null, null);
		assertThat(this.interceptor.onConnect(ip("127.0.0.1"), 8080)).isNull();
		assertThat(this.attempts).isEmpty();
	}

	@Test
	void thePassThroughAllocatesNothingWhenNothingIsRecorded() throws IOException {
		this.interceptor.setPolicy(SocketPolicy.of(true, List.of("10.0.0.0/8"), Map.of()), null);
		InetAddress loopback = ip("127.0.0.1");
		InetAddress inNetwork = ip("10.0.0.9");
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long id = Thread.currentThread().getId();
		passThrough(loopback, inNetwork, 20_000);
		long before = threads.getThreadAllocatedBytes(id);
		int passed = passThrough(loopback, inNetwork, 200_000);
		long allocated = threads.getThreadAllocatedBytes(id) - before;
		assertThat(passed).isEqualTo(400_000);
		assertThat(allocated).isLessThan(1_000);
	}

	private int passThrough(InetAddress a, InetAddress b, int rounds) throws IOException {
		int passed = 0;
		for (int i = 0; i < rounds; i++) {
			passed += (this.interceptor.onConnect(a, 80) == null) ? 1 : 0;
			passed += (this.interceptor.onConnect(b, 80) == null) ? 1 : 0;
		}
		return passed;
	}

	@Test
	void aFaultMatchesTheDestinationAskedForBeforeItsRedirectAndIsRecorded() throws IOException {
		Map<String, String> faults = Map.of("api.test:443", "delay:50ms", "other.test:443", "refuse");
		Map<String, String> redirects = Map.of("api.test:443", "127.0.0.1:8443", "other.test:443", "127.0.0.1:8444");
		this.interceptor.setPolicy(SocketPolicy.of(true, List.of(), redirects, faults),
				(seen) -> this.attempts.add(seen.attempt()));
		long start = System.nanoTime();
		assertThat(this.interceptor.onConnect(named("api.test", "192.0.2.7"), 443))
			.isEqualTo(new InetSocketAddress(ip("127.0.0.1"), 8443));
		assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(50_000_000L);
		assertThatExceptionOfType(java.net.ConnectException.class)
			.isThrownBy(() -> this.interceptor.onConnect(named("other.test", "192.0.2.8"), 443))
			.withMessage(
					"Connection refused: other.test:443 (refused by patching.socket.faults[other.test:443]=refuse)");
		assertThat(this.attempts)
			.extracting(ConnectionAttempt::host, ConnectionAttempt::outcome, ConnectionAttempt::redirectedTo,
					ConnectionAttempt::fault)
			.containsExactly(
					org.assertj.core.groups.Tuple.tuple("api.test", Outcome.FAULT,
							new InetSocketAddress(ip("127.0.0.1"), 8443), "delay:50ms"),
					org.assertj.core.groups.Tuple.tuple("other.test", Outcome.FAULT, null, "refuse"));
	}

	@Test
	void aBlockedConnectStaysBlockedWhateverItsFault() {
		this.interceptor.setPolicy(SocketPolicy.of(false, List.of(), Map.of(), Map.of("127.0.0.1:80", "refuse")),
				(seen) -> this.attempts.add(seen.attempt()));
		assertThatExceptionOfType(ConnectionBlockedException.class)
			.isThrownBy(() -> this.interceptor.onConnect(ip("127.0.0.1"), 80));
		assertThat(this.attempts).extracting(ConnectionAttempt::outcome).containsExactly(Outcome.BLOCKED);
	}

}
