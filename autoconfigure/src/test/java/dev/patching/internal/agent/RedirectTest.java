package dev.patching.internal.agent;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;
import dev.patching.it.support.LoopbackServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A connect interceptor that returns another address sends the connection there, while
 * the caller still sees the address it asked for. Both addresses are loopback servers
 * started here.
 */
class RedirectTest {

	private final LoopbackServer asked = new LoopbackServer();

	private HttpServer target;

	@BeforeEach
	void startTarget() throws IOException {
		this.target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.target.createContext("/", exchange -> {
			byte[] body = "answered by the redirect target".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.target.start();
		JvmHooks.install(this::redirectAskedToTarget, null);
	}

	@AfterEach
	void stop() throws IOException {
		JvmHooks.install(null, null);
		this.target.stop(0);
		this.asked.close();
	}

	@AfterAll
	static void uninstall() {
		JvmHooks.uninstall();
	}

	private InetSocketAddress redirectAskedToTarget(InetAddress address, int port) {
		return (port == this.asked.port()) ? this.target.getAddress() : null;
	}

	@Test
	void socketReachesTheTargetButSeesTheAddressItAskedFor() throws Exception {
		try (LoopbackServer rawTarget = new LoopbackServer(); Socket socket = new Socket()) {
			JvmHooks.install((address, port) -> (port == this.asked.port()) ? rawTarget.address() : null, null);
			socket.connect(this.asked.address(), 5000);
			assertThat(rawTarget.awaitAccepted(1)).isEqualTo(1);
			assertThat(this.asked.accepted()).isZero();
			assertThat(socket.getRemoteSocketAddress()).isEqualTo(this.asked.address());
			assertThat(socket.getPort()).isEqualTo(this.asked.port());
		}
	}

	@Test
	void unresolvedTargetIsRefusedWithAMessage() throws IOException {
		JvmHooks.install((address, port) -> (port == this.asked.port())
				? InetSocketAddress.createUnresolved("target.test", port) : null, null);
		try (Socket socket = new Socket()) {
			assertThatExceptionOfType(UnknownHostException.class).isThrownBy(() -> socket.connect(this.asked.address()))
				.withMessageContaining("target.test")
				.withMessageContaining("unresolved");
		}
		assertThat(this.asked.accepted()).isZero();
	}

	@Test
	void httpClientGetsTheTargetsAnswer() throws Exception {
		HttpClient client = HttpClient.newBuilder()
			.proxy(HttpClient.Builder.NO_PROXY)
			.version(HttpClient.Version.HTTP_1_1)
			.build();
		HttpResponse<String> response = client.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.asked.port() + "/")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("answered by the redirect target");
		assertThat(this.asked.accepted()).isZero();
	}

}
