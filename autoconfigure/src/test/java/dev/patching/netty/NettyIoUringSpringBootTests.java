package dev.patching.netty;

import dev.patching.ConnectionAttempt;
import dev.patching.ConnectionBlockedException;
import dev.patching.PatchManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

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
 * What a user writes, on Netty 4.2's io_uring transport: properties on a
 * {@code @SpringBootTest}, and Spring's WebClient on reactor-netty's default loop, which
 * reactor-netty 1.3 runs on io_uring, obeys them. Each test asserts that io_uring was
 * available and that the channel was an {@code IoUringSocketChannel}. Skipped when Netty
 * 4.2's io_uring transport is not on the class path (the {@code boot3} build, Netty 4.1).
 *
 * <p>
 * {@code @DirtiesContext}: the other tests in this module drive {@code JvmHooks} directly
 * and uninstall it, which a cached context still holding the hooks would not notice.
 */
@EnabledIf(value = "dev.patching.netty.IoUringClient#present", disabledReason = IoUringClient.ABSENT)
@DirtiesContext
@SpringBootTest(classes = NettyIoUringSpringBootTests.Config.class,
		properties = { "patching.socket.enabled=true", "patching.socket.allow-loopback=false" })
class NettyIoUringSpringBootTests {

	static final LoopbackHttpServer asked = new LoopbackHttpServer("asked");

	static final LoopbackHttpServer target = new LoopbackHttpServer("target");

	static final SilentNameServer nameServer = new SilentNameServer();

	@DynamicPropertySource
	static void redirectAskedToTarget(DynamicPropertyRegistry registry) {
		registry.add("patching.socket.redirect[127.0.0.1:" + asked.port() + "]", () -> "127.0.0.1:" + target.port());
	}

	@AfterAll
	static void stopServers() {
		asked.close();
		target.close();
		nameServer.close();
	}

	@Autowired
	PatchManager manager;

	private final ReactorNetty netty = new ReactorNetty(nameServer, ReactorNetty.Transport.IO_URING);

	@BeforeEach
	void clearRecords() {
		this.manager.clearRecords();
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
	void webClientIsRedirectedToAnotherLoopbackPort() {
		assertThat(this.netty.webClientGet(url("127.0.0.1", asked.port()))).isEqualTo("target");
		this.netty.assertTransportWasUsed();
		assertThat(asked.accepted()).isZero();
		assertThat(this.manager.connectionAttempts()).singleElement().satisfies((attempt) -> {
			assertThat(attempt.outcome()).isEqualTo(ConnectionAttempt.Outcome.REDIRECTED);
			assertThat(attempt.redirectedTo()).isEqualTo(target.address());
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class Config {

	}

}
