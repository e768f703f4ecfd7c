package dev.patching.robustness;

import java.io.IOException;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.patching.ConnectionAttempt;
import dev.patching.ConnectionBlockedException;
import dev.patching.it.support.LoopbackServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Ways a test (or a library it calls) might get past a socket policy that blocks loopback
 * ({@code allow-loopback=false}, nothing allowed). Every server here listens on loopback
 * and must accept nothing while the policy blocks; every packet stays on loopback.
 */
class BypassTests {

	LoopbackServer server;

	@BeforeEach
	void startServer() {
		this.server = new LoopbackServer();
	}

	@AfterEach
	void stopServerAndCheckClean() {
		JvmState.assertClean(this.server);
		this.server.close();
	}

	@Test
	void everySocketConstructorThatConnectsIsBlocked() throws IOException {
		InetAddress loopback = InetAddress.getLoopbackAddress();
		int port = this.server.port();
		try (Patched patched = Patched.blockingEverything()) {
			assertBlocked(() -> new Socket("127.0.0.1", port, loopback, 0).close());
			assertBlocked(() -> new Socket(loopback, port, loopback, 0).close());
			assertBlocked(() -> new Socket("127.0.0.1", port).close());
			assertBlocked(() -> new Socket(loopback, port).close());
			assertThat(patched.attempts()).hasSize(4)
				.allSatisfy((attempt) -> assertThat(attempt.outcome()).isEqualTo(ConnectionAttempt.Outcome.BLOCKED));
		}
		assertThat(this.server.accepted()).isZero();
	}

	@Test
	void socketChannelsBlockingOrNotAreBlocked() throws IOException {
		try (Patched patched = Patched.blockingEverything()) {
			assertBlocked(() -> SocketChannel.open(this.server.address()).close());
			try (SocketChannel channel = SocketChannel.open()) {
				channel.configureBlocking(false);
				assertBlocked(() -> channel.connect(this.server.address()));
			}
			try (Socket adaptor = SocketChannel.open().socket()) {
				assertBlocked(() -> adaptor.connect(this.server.address(), 2000));
			}
		}
		assertThat(this.server.accepted()).isZero();
	}

	@Test
	void anHttpClientWithItsOwnExecutorIsBlockedAndTheCauseKeepsTheMessage() throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(2);
		try (Patched patched = Patched.blockingEverything()) {
			HttpClient client = HttpClient.newBuilder()
				.executor(executor)
				.connectTimeout(Duration.ofSeconds(5))
				.build();
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.server.port() + "/"))
				.build();
			assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.discarding()))
				.isInstanceOf(ConnectException.class)
				.satisfies(BypassTests::causedByTheBlock);
			assertThatThrownBy(
					() -> client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).get(10, TimeUnit.SECONDS))
				.isInstanceOf(ExecutionException.class)
				.satisfies(BypassTests::causedByTheBlock);
			assertThat(patched.attempts()).isNotEmpty()
				.allSatisfy((attempt) -> assertThat(attempt.outcome()).isEqualTo(ConnectionAttempt.Outcome.BLOCKED));
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(this.server.accepted()).isZero();
	}

	/**
	 * Through an HTTP proxy, the only connect a client makes is to the proxy: the policy
	 * judges that destination, never the URL's host. With loopback allowed, a request for
	 * a host no rule allows goes out through a loopback proxy; with loopback blocked, the
	 * connect to the proxy is blocked.
	 */
	@Test
	void throughAProxyThePolicySeesTheConnectToTheProxyNotTheTarget() throws Exception {
		try (FakeHttpProxy proxy = new FakeHttpProxy()) {
			HttpClient client = HttpClient.newBuilder()
				.proxy(ProxySelector.of(proxy.address()))
				.connectTimeout(Duration.ofSeconds(5))
				.build();
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://api.not-allowed.test/orders")).build();

			try (Patched loopbackAllowed = Patched.socket(true, List.of(), Map.of())) {
				HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
				assertThat(response.body()).isEqualTo("proxied");
				assertThat(proxy.requestLines()).containsExactly("GET http://api.not-allowed.test/orders HTTP/1.1");
				assertThat(loopbackAllowed.attempts()).singleElement().satisfies((attempt) -> {
					assertThat(attempt.outcome()).isEqualTo(ConnectionAttempt.Outcome.ALLOWED);
					assertThat(attempt.port()).isEqualTo(proxy.address().getPort());
				});
			}

			try (Patched loopbackBlocked = Patched.blockingEverything()) {
				assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()))
					.isInstanceOf(ConnectException.class)
					.satisfies(BypassTests::causedByTheBlock);
				assertThat(loopbackBlocked.attempts()).isNotEmpty()
					.allSatisfy((attempt) -> assertThat(attempt.port()).isEqualTo(proxy.address().getPort()));
			}
			assertThat(proxy.requestLines()).as("nothing reached the proxy while it was blocked").hasSize(1);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "127.0.0.0/8", "::ffff:127.0.0.1", "[::ffff:127.0.0.0/104]:PORT" })
	void anIpv4MappedIpv6DestinationMatchesIpv4Rules(String rule) throws IOException {
		String written = rule.replace("PORT", Integer.toString(this.server.port()));
		InetSocketAddress mapped = new InetSocketAddress(mapped(127, 0, 0, 1), this.server.port());
		try (Patched patched = Patched.socket(false, List.of(written), Map.of())) {
			try (Socket socket = new Socket()) {
				socket.connect(mapped, 2000);
			}
			assertThat(patched.attempts()).singleElement()
				.satisfies((attempt) -> assertThat(attempt.outcome()).isEqualTo(ConnectionAttempt.Outcome.ALLOWED));
		}
		assertThat(JvmState.acceptedOnceSettled(this.server, 1)).isEqualTo(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.2", "127.0.1.0/24", "10.0.0.0/8", "::1" })
	void anIpv4MappedIpv6DestinationIsBlockedWhenNoIpv4RuleCoversIt(String rule) throws IOException {
		InetSocketAddress mapped = new InetSocketAddress(mapped(127, 0, 0, 1), this.server.port());
		try (Patched patched = Patched.socket(false, List.of(rule), Map.of())) {
			try (Socket socket = new Socket()) {
				assertBlocked(() -> socket.connect(mapped, 2000));
			}
			assertBlocked(() -> SocketChannel.open(mapped).close());
		}
		assertThat(this.server.accepted()).isZero();
	}

	@Test
	void anIpv4MappedLoopbackDestinationCountsAsLoopback() throws IOException {
		InetSocketAddress mapped = new InetSocketAddress(mapped(127, 0, 0, 1), this.server.port());
		try (Patched patched = Patched.socket(true, List.of(), Map.of())) {
			try (Socket socket = new Socket()) {
				socket.connect(mapped, 2000);
			}
		}
		try (Patched patched = Patched.blockingEverything()) {
			try (Socket socket = new Socket()) {
				assertThatExceptionOfType(ConnectionBlockedException.class)
					.isThrownBy(() -> socket.connect(mapped, 2000))
					.withMessageContaining("Connection to 127.0.0.1:" + this.server.port() + " blocked")
					.withMessageContaining("or set patching.socket.allow-loopback=true");
			}
		}
		assertThat(JvmState.acceptedOnceSettled(this.server, 1)).isEqualTo(1);
	}

	/** UDP has no handshake: the connect is where the policy can stop it, and it does. */
	@Test
	void connectingAUdpSocketToABlockedDestinationIsBlocked() throws IOException {
		try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress());
				Patched patched = Patched.blockingEverything()) {
			InetSocketAddress destination = new InetSocketAddress(InetAddress.getLoopbackAddress(),
					receiver.getLocalPort());
			try (DatagramSocket socket = new DatagramSocket()) {
				assertThatExceptionOfType(SocketException.class).isThrownBy(() -> socket.connect(destination))
					.satisfies(BypassTests::causedByTheBlock);
				assertThat(socket.isConnected()).isFalse();
			}
			try (DatagramChannel channel = DatagramChannel.open()) {
				assertBlocked(() -> channel.connect(destination));
				assertThat(channel.isConnected()).isFalse();
			}
			assertThat(patched.attempts()).hasSize(2)
				.allSatisfy((attempt) -> assertThat(attempt.outcome()).isEqualTo(ConnectionAttempt.Outcome.BLOCKED));
		}
	}

	/**
	 * A datagram sent without connecting first passes the datagram hook: blocked like a
	 * connect, and nothing arrives (loopback here; README "Guarantees").
	 */
	@Test
	void anUnconnectedUdpSendIsBlockedByTheSocketPolicy() throws IOException {
		try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress());
				Patched patched = Patched.blockingEverything();
				DatagramSocket sender = new DatagramSocket()) {
			receiver.setSoTimeout(500);
			byte[] payload = "unseen".getBytes();
			assertThatExceptionOfType(ConnectionBlockedException.class)
				.isThrownBy(() -> sender.send(new DatagramPacket(payload, payload.length,
						InetAddress.getLoopbackAddress(), receiver.getLocalPort())))
				.withMessageContaining("Datagram to ")
				.withMessageContaining(":" + receiver.getLocalPort() + " blocked by the socket patch");
			assertThatExceptionOfType(java.net.SocketTimeoutException.class)
				.isThrownBy(() -> receiver.receive(new DatagramPacket(new byte[16], 16)));
			assertThat(patched.attempts()).singleElement()
				.satisfies((attempt) -> assertThat(attempt.port()).isEqualTo(receiver.getLocalPort()));
		}
	}

	private static InetAddress mapped(int a, int b, int c, int d) throws UnknownHostException {
		byte[] bytes = new byte[16];
		bytes[10] = (byte) 0xff;
		bytes[11] = (byte) 0xff;
		bytes[12] = (byte) a;
		bytes[13] = (byte) b;
		bytes[14] = (byte) c;
		bytes[15] = (byte) d;
		// Inet6Address.getByAddress keeps the mapped form; InetAddress.getByAddress would
		// turn it into IPv4.
		InetAddress address = Inet6Address.getByAddress(null, bytes, -1);
		assertThat(address).isInstanceOf(Inet6Address.class);
		return address;
	}

	private static void assertBlocked(org.assertj.core.api.ThrowableAssert.ThrowingCallable connect) {
		assertThatExceptionOfType(ConnectionBlockedException.class).isThrownBy(connect)
			.withMessageContaining("blocked by the socket patch");
	}

	private static void causedByTheBlock(Throwable thrown) {
		Throwable cause = thrown;
		while (cause != null && !(cause instanceof ConnectionBlockedException)) {
			cause = cause.getCause();
		}
		assertThat(cause).as("a ConnectionBlockedException in the causes of %s", thrown).isNotNull();
		assertThat(cause.getMessage()).contains("blocked by the socket patch", "patching.socket.allow-loopback");
	}

}
