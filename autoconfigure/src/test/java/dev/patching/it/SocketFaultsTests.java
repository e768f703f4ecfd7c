package dev.patching.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import dev.patching.ConnectionAttempt;
import dev.patching.PatchManager;
import dev.patching.it.support.HttpStub;
import dev.patching.it.support.Scenario;
import dev.patching.it.support.Scenarios;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code patching.socket.faults} on loopback stubs, through the JDK's clients: each fault
 * kind, what the caller sees and how long it takes, and what is recorded. Loopback is
 * allowed; no packet leaves it.
 */
@SpringBootTest(classes = ItApplication.class, properties = "patching.socket.enabled=true")
class SocketFaultsTests {

	/** The callers' own connect timeout. */
	static final int CALLER_TIMEOUT = 700;

	static final HttpStub refused = new HttpStub("refused");

	static final HttpStub silent = new HttpStub("silent");

	static final HttpStub slow = new HttpStub("slow");

	static final HttpStub cutOff = new HttpStub("cut off");

	static final HttpStub healthy = new HttpStub("healthy");

	@DynamicPropertySource
	static void faults(DynamicPropertyRegistry registry) {
		registry.add("patching.socket.faults[127.0.0.1:" + refused.port() + "]", () -> "refuse");
		registry.add("patching.socket.faults[127.0.0.1:" + silent.port() + "]", () -> "timeout");
		registry.add("patching.socket.faults[127.0.0.1:" + slow.port() + "]", () -> "delay:300ms");
		registry.add("patching.socket.faults[127.0.0.1:" + cutOff.port() + "]", () -> "timeout-after:300ms");
	}

	@AfterAll
	static void stop() {
		List.of(refused, silent, slow, cutOff, healthy).forEach(HttpStub::close);
	}

	@Autowired
	PatchManager manager;

	@BeforeEach
	void forget() {
		this.manager.clearRecords();
	}

	@Test
	void refuseFailsEveryClientAsAClosedPortWouldNamingTheProperty() {
		String property = "patching.socket.faults[127.0.0.1:" + refused.port() + "]=refuse";
		for (Client client : Client.values()) {
			Throwable thrown = catchThrowable(() -> client.get(refused.port(), CALLER_TIMEOUT));
			assertThat(thrown).as(client.name()).isInstanceOf(ConnectException.class);
			assertThat(messages(thrown)).as(client.name()).contains("Connection refused").contains(property);
		}
		assertThat(refused.hosts()).isEmpty();
		assertThat(this.manager.connectionAttempts()).hasSizeGreaterThanOrEqualTo(Client.values().length)
			.allSatisfy((attempt) -> {
				assertThat(attempt.outcome()).isEqualTo(ConnectionAttempt.Outcome.FAULT);
				assertThat(attempt.fault()).isEqualTo("refuse");
				assertThat(attempt.port()).isEqualTo(refused.port());
			});
	}

	@Test
	void timeoutEndsAConnectAtTheCallersOwnConnectTimeout() {
		for (Client client : Client.values()) {
			long start = System.nanoTime();
			Throwable thrown = catchThrowable(() -> client.get(silent.port(), CALLER_TIMEOUT));
			long millis = (System.nanoTime() - start) / 1_000_000;
			assertThat(thrown).as(client.name())
				.isInstanceOfAny(SocketTimeoutException.class, HttpConnectTimeoutException.class);
			assertThat(millis).as(client.name()).isBetween(CALLER_TIMEOUT - 50L, CALLER_TIMEOUT + 1500L);
		}
		assertThat(silent.hosts()).isEmpty();
		assertThat(this.manager.connectionAttempts()).extracting(ConnectionAttempt::outcome, ConnectionAttempt::fault)
			.containsOnly(org.assertj.core.groups.Tuple.tuple(ConnectionAttempt.Outcome.FAULT, "timeout"));
	}

	@Test
	void timeoutFailsAtOnceWhenTheCallerSetNoConnectTimeout() {
		for (Client client : List.of(Client.SOCKET, Client.HTTP_URL_CONNECTION)) {
			long start = System.nanoTime();
			Throwable thrown = catchThrowable(() -> client.get(silent.port(), 0));
			long millis = (System.nanoTime() - start) / 1_000_000;
			assertThat(thrown).as(client.name()).isInstanceOf(SocketTimeoutException.class);
			assertThat(messages(thrown)).as(client.name())
				.contains("patching.socket.faults[127.0.0.1:" + silent.port() + "]=timeout")
				.contains("no connect timeout was set, so it fails at once");
			assertThat(millis).as(client.name()).isLessThan(CALLER_TIMEOUT);
		}
		Throwable constructed = catchThrowable(() -> new Socket("127.0.0.1", silent.port()).close());
		assertThat(constructed).isInstanceOf(SocketTimeoutException.class)
			.hasMessageContaining("no connect timeout was set");
	}

	@Test
	void timeoutLeavesANonBlockingChannelPendingUntilTheCallerGivesUp() throws Exception {
		try (SocketChannel channel = SocketChannel.open(); Selector selector = Selector.open()) {
			channel.configureBlocking(false);
			assertThat(channel.connect(new InetSocketAddress("127.0.0.1", silent.port()))).isFalse();
			channel.register(selector, SelectionKey.OP_CONNECT);
			assertThat(selector.select(CALLER_TIMEOUT)).as("keys ready within the caller's timeout").isZero();
			assertThat(channel.isConnected()).isFalse();
		}
		assertThat(silent.hosts()).isEmpty();
	}

	@Test
	void delayConnectsAfterTheDelay() throws Exception {
		for (Client client : Client.values()) {
			long start = System.nanoTime();
			String body = client.get(slow.port(), 5000);
			long millis = (System.nanoTime() - start) / 1_000_000;
			assertThat(body).as(client.name()).isEqualTo("hello from slow");
			assertThat(millis).as(client.name()).isGreaterThanOrEqualTo(300);
		}
		try (SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", slow.port()))) {
			assertThat(channel.isConnected()).isTrue();
		}
		assertThat(this.manager.connectionAttempts()).extracting(ConnectionAttempt::outcome, ConnectionAttempt::fault)
			.containsOnly(org.assertj.core.groups.Tuple.tuple(ConnectionAttempt.Outcome.FAULT, "delay:300ms"));
	}

	@Test
	void timeoutAfterEndsTheConnectAfterItsDurationWhateverTheCallersTimeout() {
		for (Client client : Client.values()) {
			long start = System.nanoTime();
			Throwable thrown = catchThrowable(() -> client.get(cutOff.port(), 5000));
			long millis = (System.nanoTime() - start) / 1_000_000;
			// HttpClient turns every exception of its connect into a ConnectException.
			assertThat(thrown).as(client.name())
				.isInstanceOf((client == Client.HTTP_CLIENT) ? ConnectException.class : SocketTimeoutException.class)
				.hasMessageContaining("Connect timed out after 300ms");
			assertThat(messages(thrown)).as(client.name())
				.contains("patching.socket.faults[127.0.0.1:" + cutOff.port() + "]=timeout-after:300ms");
			assertThat(millis).as(client.name()).isCloseTo(300L, within(1500L)).isGreaterThanOrEqualTo(300);
		}
		Throwable blocking = catchThrowable(
				() -> SocketChannel.open(new InetSocketAddress("127.0.0.1", cutOff.port())).close());
		assertThat(blocking).isInstanceOf(SocketTimeoutException.class);
		assertThat(cutOff.hosts()).isEmpty();
	}

	@Test
	void destinationsWithoutAFaultAreUntouched() throws Exception {
		assertThat(Client.HTTP_CLIENT.get(healthy.port(), CALLER_TIMEOUT)).isEqualTo("hello from healthy");
		assertThat(this.manager.connectionAttempts()).extracting(ConnectionAttempt::outcome, ConnectionAttempt::fault)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(ConnectionAttempt.Outcome.ALLOWED, null));
	}

	@Test
	void aBadFaultFailsTheContextNamingThePropertyAndTheValue() {
		EngineExecutionResults results = Scenarios.run(BadFault.class);
		assertThat(Scenarios.failures(results))
			.contains("Invalid value 'delay:abc' for property 'patching.socket.faults[x.test:1]'");
		results = Scenarios.run(UnknownFault.class);
		assertThat(Scenarios.failures(results))
			.contains("Invalid value 'explode' for property 'patching.socket.faults[x.test:1]'");
	}

	@Test
	void theReportLineListsTheFaultedDestinations() throws Exception {
		java.nio.file.Path file = java.nio.file.Path.of("target/socket-faults-tests/report.txt");
		java.nio.file.Files.deleteIfExists(file);
		EngineExecutionResults results = Scenarios.run(Reported.class);
		assertThat(Scenarios.failures(results)).isEmpty();
		assertThat(java.nio.file.Files.readAllLines(file)).last()
			.asString()
			.contains("connects: 1 allowed, 0 redirected, 0 blocked")
			.endsWith(" | faults: 127.0.0.1:" + refused.port() + " refuse (2×), 127.0.0.1:" + slow.port()
					+ " delay:300ms (1×)");
	}

	static String messages(Throwable thrown) {
		StringBuilder all = new StringBuilder();
		for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
			all.append(cause).append('\n');
		}
		return all.toString();
	}

	/** The clients, each a GET of http://127.0.0.1:port/ with a connect timeout. */
	enum Client {

		SOCKET {
			@Override
			String get(int port, int connectTimeout) throws Exception {
				try (Socket socket = new Socket()) {
					if (connectTimeout > 0) {
						socket.connect(new InetSocketAddress("127.0.0.1", port), connectTimeout);
					}
					else {
						socket.connect(new InetSocketAddress("127.0.0.1", port));
					}
					socket.getOutputStream()
						.write("GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
					String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
					return response.substring(response.indexOf("\r\n\r\n") + 4);
				}
			}
		},

		CHANNEL_SOCKET {
			@Override
			String get(int port, int connectTimeout) throws Exception {
				try (SocketChannel channel = SocketChannel.open()) {
					channel.socket().connect(new InetSocketAddress("127.0.0.1", port), connectTimeout);
					channel.socket()
						.getOutputStream()
						.write("GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
					String response = new String(channel.socket().getInputStream().readAllBytes(),
							StandardCharsets.UTF_8);
					return response.substring(response.indexOf("\r\n\r\n") + 4);
				}
			}
		},

		HTTP_CLIENT {
			@Override
			String get(int port, int connectTimeout) throws Exception {
				HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(connectTimeout)).build();
				HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build();
				return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
			}
		},

		HTTP_URL_CONNECTION {
			@Override
			String get(int port, int connectTimeout) throws IOException {
				HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/")
					.toURL()
					.openConnection();
				if (connectTimeout > 0) {
					connection.setConnectTimeout(connectTimeout);
				}
				try (InputStream in = connection.getInputStream()) {
					return new String(in.readAllBytes(), StandardCharsets.UTF_8);
				}
				finally {
					connection.disconnect();
				}
			}
		};

		abstract String get(int port, int connectTimeout) throws Exception;

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class, properties = { "patching.socket.enabled=true",
			"patching.report.file=target/socket-faults-tests/report.txt" })
	static class Reported {

		@DynamicPropertySource
		static void faults(DynamicPropertyRegistry registry) {
			SocketFaultsTests.faults(registry);
		}

		@Test
		void connects() throws Exception {
			assertThat(catchThrowable(() -> Client.SOCKET.get(refused.port(), CALLER_TIMEOUT)))
				.isInstanceOf(ConnectException.class);
			assertThat(catchThrowable(() -> Client.SOCKET.get(refused.port(), CALLER_TIMEOUT)))
				.isInstanceOf(ConnectException.class);
			assertThat(Client.SOCKET.get(slow.port(), CALLER_TIMEOUT)).isEqualTo("hello from slow");
			assertThat(Client.SOCKET.get(healthy.port(), CALLER_TIMEOUT)).isEqualTo("hello from healthy");
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class,
			properties = { "patching.socket.enabled=true", "patching.socket.faults[x.test\\:1]=delay:abc" })
	static class BadFault {

		@Test
		void neverRuns() {
		}

	}

	@Scenario
	@SpringBootTest(classes = ItApplication.class,
			properties = { "patching.socket.enabled=true", "patching.socket.faults[x.test\\:1]=explode" })
	static class UnknownFault {

		@Test
		void neverRuns() {
		}

	}

}
