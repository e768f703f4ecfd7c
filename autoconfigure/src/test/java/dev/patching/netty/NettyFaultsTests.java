package dev.patching.netty;

import java.net.ConnectException;
import java.util.List;

import dev.patching.ConnectionAttempt;
import dev.patching.PatchManager;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

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
 * {@code patching.socket.faults} on reactor-netty over epoll: the connect promise fails
 * as the transport would fail it — {@code ConnectException} for {@code refuse}, Netty's
 * {@code ConnectTimeoutException} for {@code timeout} (at Netty's own
 * {@code CONNECT_TIMEOUT_MILLIS}) and {@code timeout-after}.
 *
 * <p>
 * {@code @DirtiesContext}: the other tests in this module drive {@code JvmHooks} directly
 * and uninstall it, which a cached context still holding the hooks would not notice.
 */
@DirtiesContext
@SpringBootTest(classes = NettyFaultsTests.Config.class, properties = "patching.socket.enabled=true")
class NettyFaultsTests {

	static final int CONNECT_TIMEOUT = 700;

	static final LoopbackHttpServer refused = new LoopbackHttpServer("refused");

	static final LoopbackHttpServer silent = new LoopbackHttpServer("silent");

	static final LoopbackHttpServer slow = new LoopbackHttpServer("slow");

	static final LoopbackHttpServer cutOff = new LoopbackHttpServer("cut off");

	static final SilentNameServer nameServer = new SilentNameServer();

	@DynamicPropertySource
	static void faults(DynamicPropertyRegistry registry) {
		registry.add("patching.socket.faults[127.0.0.1:" + refused.port() + "]", () -> "refuse");
		registry.add("patching.socket.faults[127.0.0.1:" + silent.port() + "]", () -> "timeout");
		registry.add("patching.socket.faults[127.0.0.1:" + slow.port() + "]", () -> "delay:300ms");
		registry.add("patching.socket.faults[127.0.0.1:" + cutOff.port() + "]", () -> "timeout-after:300ms");
	}

	@AfterAll
	static void stopServers() {
		List.of(refused, silent, slow, cutOff).forEach(LoopbackHttpServer::close);
		nameServer.close();
	}

	@Autowired
	PatchManager manager;

	private final ReactorNetty netty = new ReactorNetty(nameServer);

	private final HttpClient client = this.netty.httpClient.option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
			CONNECT_TIMEOUT);

	@BeforeEach
	void clearRecords() {
		this.manager.clearRecords();
	}

	@Test
	void refuseFailsTheConnectAsAClosedPortWould() {
		Throwable failure = catchThrowable(() -> get(refused.port()));
		this.netty.assertTransportWasUsed();
		assertThat(cause(failure, ConnectException.class)).hasMessageContaining("Connection refused")
			.hasMessageContaining("patching.socket.faults[127.0.0.1:" + refused.port() + "]=refuse");
		assertThat(refused.accepted()).isZero();
		assertThat(this.manager.connectionAttempts()).extracting(ConnectionAttempt::outcome, ConnectionAttempt::fault)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(ConnectionAttempt.Outcome.FAULT, "refuse"));
	}

	@Test
	void timeoutEndsTheConnectAtNettysOwnConnectTimeout() {
		long start = System.nanoTime();
		Throwable failure = catchThrowable(() -> get(silent.port()));
		long millis = (System.nanoTime() - start) / 1_000_000;
		this.netty.assertTransportWasUsed();
		assertThat(cause(failure, ConnectTimeoutException.class)).isNotNull();
		assertThat(millis).isBetween(CONNECT_TIMEOUT - 50L, CONNECT_TIMEOUT + 2000L);
		assertThat(silent.accepted()).isZero();
		assertThat(this.manager.connectionAttempts()).extracting(ConnectionAttempt::outcome, ConnectionAttempt::fault)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(ConnectionAttempt.Outcome.FAULT, "timeout"));
	}

	@Test
	void timeoutAfterFailsTheConnectWithNettysConnectTimeoutException() {
		long start = System.nanoTime();
		Throwable failure = catchThrowable(() -> get(cutOff.port()));
		long millis = (System.nanoTime() - start) / 1_000_000;
		this.netty.assertTransportWasUsed();
		assertThat(cause(failure, ConnectTimeoutException.class))
			.hasMessageContaining("patching.socket.faults[127.0.0.1:" + cutOff.port() + "]=timeout-after:300ms");
		assertThat(millis).isBetween(300L, 3000L);
		assertThat(cutOff.accepted()).isZero();
	}

	@Test
	void delayConnectsAfterTheDelay() {
		long start = System.nanoTime();
		String body = get(slow.port());
		long millis = (System.nanoTime() - start) / 1_000_000;
		this.netty.assertTransportWasUsed();
		assertThat(body).isEqualTo("slow");
		assertThat(millis).isGreaterThanOrEqualTo(300);
		assertThat(this.manager.connectionAttempts()).extracting(ConnectionAttempt::outcome, ConnectionAttempt::fault)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(ConnectionAttempt.Outcome.FAULT, "delay:300ms"));
	}

	private String get(int port) {
		return this.client.get()
			.uri(url("127.0.0.1", port))
			.responseContent()
			.aggregate()
			.asString()
			.block(ReactorNetty.TIMEOUT);
	}

	@Configuration(proxyBeanMethods = false)
	static class Config {

	}

}
