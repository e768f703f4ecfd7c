package dev.patching.internal.agent;

import java.io.IOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.patching.it.support.LoopbackServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every JDK TCP client reaches the connect hook, and an exception from the interceptor
 * stops the connect before any packet is sent. The destination is always a loopback
 * server started here, which counts the connections it got.
 *
 * <p>
 * What each client surfaces for a refusal (JDK 17 and 25): Socket, the Socket
 * constructors, SocketChannel (blocking, non-blocking, adaptor) and HttpURLConnection
 * throw the interceptor's own exception; AsynchronousSocketChannel fails its future with
 * it as the cause; HttpClient throws a new ConnectException carrying the same message,
 * with the interceptor's exception as its cause.
 */
class ConnectHookTest {

	private final LoopbackServer server = new LoopbackServer();

	private final List<InetSocketAddress> seen = new CopyOnWriteArrayList<>();

	@BeforeEach
	void blockTheServer() {
		JvmHooks.install(this::blockServer, null);
	}

	@AfterEach
	void closeServer() throws IOException {
		JvmHooks.install(null, null);
		this.server.close();
	}

	@AfterAll
	static void uninstall() {
		JvmHooks.uninstall();
	}

	private InetSocketAddress blockServer(InetAddress address, int port) throws IOException {
		this.seen.add(new InetSocketAddress(address, port));
		if (port == this.server.port()) {
			throw new TestConnectBlocked(expectedMessage());
		}
		return null;
	}

	private String expectedMessage() {
		return "blocked by ConnectHookTest: " + this.server.address();
	}

	@Test
	void blocksSocketConnect() throws IOException {
		try (Socket socket = new Socket()) {
			assertThatExceptionOfType(TestConnectBlocked.class).isThrownBy(() -> socket.connect(this.server.address()))
				.withMessage(expectedMessage());
		}
		assertNothingReachedTheServer();
	}

	@Test
	void blocksSocketConstructors() {
		assertThatExceptionOfType(TestConnectBlocked.class)
			.isThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), this.server.port()).close())
			.withMessage(expectedMessage());
		assertThatExceptionOfType(TestConnectBlocked.class)
			.isThrownBy(() -> new Socket("127.0.0.1", this.server.port()).close())
			.withMessage(expectedMessage());
		assertNothingReachedTheServer();
	}

	@Test
	void blocksBlockingSocketChannel() {
		assertThatExceptionOfType(TestConnectBlocked.class)
			.isThrownBy(() -> SocketChannel.open(this.server.address()).close())
			.withMessage(expectedMessage());
		assertNothingReachedTheServer();
	}

	@Test
	void blocksNonBlockingSocketChannel() throws IOException {
		try (SocketChannel channel = SocketChannel.open()) {
			channel.configureBlocking(false);
			assertThatExceptionOfType(TestConnectBlocked.class).isThrownBy(() -> channel.connect(this.server.address()))
				.withMessage(expectedMessage());
		}
		assertNothingReachedTheServer();
	}

	@Test
	void blocksTheSocketAdaptorOfASocketChannel() throws IOException {
		try (SocketChannel channel = SocketChannel.open()) {
			assertThatExceptionOfType(TestConnectBlocked.class)
				.isThrownBy(() -> channel.socket().connect(this.server.address()))
				.withMessage(expectedMessage());
		}
		assertNothingReachedTheServer();
	}

	@Test
	void blocksAsynchronousSocketChannel() throws IOException {
		try (AsynchronousSocketChannel channel = AsynchronousSocketChannel.open()) {
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> channel.connect(this.server.address()).get(10, TimeUnit.SECONDS))
				.havingCause()
				.isInstanceOf(TestConnectBlocked.class)
				.withMessage(expectedMessage());
		}
		assertNothingReachedTheServer();
	}

	@Test
	void blocksHttpClient() {
		HttpClient client = HttpClient.newBuilder()
			.proxy(HttpClient.Builder.NO_PROXY)
			.version(HttpClient.Version.HTTP_1_1)
			.build();
		HttpRequest request = HttpRequest.newBuilder(url("/")).build();
		assertThatExceptionOfType(ConnectException.class)
			.isThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.discarding()))
			.withMessage(expectedMessage())
			.havingCause()
			.isInstanceOf(TestConnectBlocked.class);
		assertNothingReachedTheServer();
	}

	@Test
	void blocksHttpUrlConnection() throws IOException {
		HttpURLConnection connection = (HttpURLConnection) url("/").toURL().openConnection(Proxy.NO_PROXY);
		connection.setConnectTimeout(5000);
		assertThatExceptionOfType(TestConnectBlocked.class).isThrownBy(connection::connect)
			.withMessage(expectedMessage());
		assertNothingReachedTheServer();
	}

	@Test
	void letsOtherConnectsThroughUntouched() throws Exception {
		try (LoopbackServer other = new LoopbackServer(); Socket socket = new Socket()) {
			socket.connect(other.address(), 5000);
			assertThat(other.awaitAccepted(1)).isEqualTo(1);
			assertThat(socket.getRemoteSocketAddress()).isEqualTo(other.address());
		}
		assertThat(this.seen).isNotEmpty();
	}

	private URI url(String path) {
		return URI.create("http://127.0.0.1:" + this.server.port() + path);
	}

	private void assertNothingReachedTheServer() {
		assertThat(this.seen).contains(this.server.address());
		assertThat(this.server.accepted()).as("connections the loopback server accepted").isZero();
	}

	/**
	 * What a policy throws: a ConnectException subclass, as the socket patch's own
	 * exception is.
	 */
	static final class TestConnectBlocked extends ConnectException {

		TestConnectBlocked(String message) {
			super(message);
		}

	}

}
