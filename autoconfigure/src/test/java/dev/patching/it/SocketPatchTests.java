package dev.patching.it;

import java.net.ConnectException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import dev.patching.ConnectionAttempt;
import dev.patching.PatchManager;
import dev.patching.it.support.Clients;
import dev.patching.it.support.HttpStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@code patching.socket.enabled=true} with loopback not allowed: every client is refused
 * with a message that names the destination and the property to change, and the server
 * sees nothing.
 */
@SpringBootTest(classes = ItApplication.class,
		properties = { "patching.socket.enabled=true", "patching.socket.allow-loopback=false" })
class SocketPatchTests {

	static final HttpStub server = new HttpStub("server");

	@Autowired
	PatchManager manager;

	@AfterAll
	static void stop() {
		server.close();
	}

	@BeforeEach
	void forget() {
		this.manager.clearRecords();
	}

	@Test
	void everyClientIsBlockedWithAMessageNamingDestinationAndProperties() {
		Map<String, Clients.Connect> clients = Clients.all();
		for (Map.Entry<String, Clients.Connect> client : clients.entrySet()) {
			Throwable thrown = catchThrowable(() -> client.getValue().to("127.0.0.1", server.port()));
			assertThat(thrown).as(client.getKey()).isInstanceOf(ConnectException.class);
			assertThat(messages(thrown)).as(client.getKey())
				.contains("127.0.0.1:" + server.port())
				.contains("patching.socket.allow")
				.contains("patching.socket.allow-loopback");
		}
		assertThat(server.hosts()).as("the server accepted no request").isEmpty();
		List<ConnectionAttempt> attempts = this.manager.connectionAttempts();
		assertThat(attempts).hasSizeGreaterThanOrEqualTo(clients.size())
			.allSatisfy((attempt) -> assertThat(attempt.outcome()).isEqualTo(ConnectionAttempt.Outcome.BLOCKED))
			.allSatisfy((attempt) -> assertThat(attempt.port()).isEqualTo(server.port()));
	}

	@Test
	void aHostNameIsNamedAsTheCallerWroteIt() throws Exception {
		Throwable thrown = catchThrowable(
				() -> Clients.all().get("new Socket(host, port)").to("localhost", server.port()));
		assertThat(thrown).isInstanceOf(dev.patching.ConnectionBlockedException.class)
			.hasMessageContaining("localhost/127.0.0.1:" + server.port());
		assertThat(this.manager.connectionAttempts()).singleElement().satisfies((attempt) -> {
			assertThat(attempt.host()).isEqualTo("localhost");
			assertThat(attempt.address()).isEqualTo(InetAddress.getByName("127.0.0.1"));
			assertThat(attempt.thread()).isEqualTo(Thread.currentThread().getName());
		});
	}

	/**
	 * The message and those of its causes (HttpClient wraps the refusal in its own
	 * ConnectException).
	 */
	static String messages(Throwable thrown) {
		StringBuilder text = new StringBuilder();
		for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
			text.append(cause.getMessage()).append('\n');
		}
		return text.toString();
	}

}
