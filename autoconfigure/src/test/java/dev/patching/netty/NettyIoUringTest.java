package dev.patching.netty;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;

import dev.patching.ConnectionAttempt;
import dev.patching.ConnectionBlockedException;
import dev.patching.internal.agent.ClassBytes;
import dev.patching.internal.agent.JvmHooks;
import dev.patching.internal.socket.SocketInterceptor;
import dev.patching.internal.socket.SocketPolicy;
import io.netty.channel.ChannelFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Netty 4.2's io_uring transport obeys the socket policy through {@link JvmHooks}: a
 * plain Netty {@code Bootstrap} client ({@link IoUringClient}) connecting to loopback
 * servers started here, and the patched class restored on uninstall
 * ({@link NettyHooksIoUringTest} runs reactor-netty on it). Every test first asserts that
 * io_uring really runs in this JVM and that the channel was an
 * {@code IoUringSocketChannel}. Skipped when Netty 4.2's io_uring transport is not on the
 * class path: the {@code boot3} build (Netty 4.1) leaves it out.
 */
@EnabledIf(value = "dev.patching.netty.IoUringClient#present", disabledReason = IoUringClient.ABSENT)
class NettyIoUringTest {

	private final SocketInterceptor socket = new SocketInterceptor();

	private final List<ConnectionAttempt> attempts = new CopyOnWriteArrayList<>();

	private final LoopbackHttpServer server = new LoopbackHttpServer("server");

	private IoUringClient client;

	@BeforeEach
	void install() throws ReflectiveOperationException {
		assertThat(IoUringClient.available()).as("io_uring runs in this JVM (%s)", IoUringClient.unavailabilityCause())
			.isTrue();
		JvmHooks.install(this.socket, null);
		this.client = new IoUringClient();
	}

	@AfterEach
	void close() {
		this.socket.setPolicy(null, null);
		if (this.client != null) {
			this.client.close();
		}
		this.server.close();
	}

	@AfterAll
	static void uninstall() {
		JvmHooks.uninstall();
	}

	@Test
	void blocksAConnectWhenLoopbackIsNotAllowed() throws InterruptedException {
		this.socket.setPolicy(SocketPolicy.of(false, List.of(), Map.of()), (seen) -> this.attempts.add(seen.attempt()));
		ChannelFuture connect = this.client.connect(loopback(this.server.port()));
		assertIoUringWasUsed(connect);
		assertThat(connect.isSuccess()).as("connect succeeded").isFalse();
		assertThat(NettyHooksTest.cause(connect.cause(), ConnectionBlockedException.class))
			.hasMessageStartingWith("Connection to 127.0.0.1:" + this.server.port() + " blocked by the socket patch.")
			.hasMessageContaining("patching.socket.allow-loopback=true");
		assertThat(this.attempts).extracting(ConnectionAttempt::outcome)
			.containsExactly(ConnectionAttempt.Outcome.BLOCKED);
		// The server accepts in order: had the blocked connect reached it, it would be
		// counted before this one.
		this.socket.setPolicy(null, null);
		assertThat(this.client.connect(loopback(this.server.port())).isSuccess()).as("connect with no policy").isTrue();
		awaitAccepted(this.server::accepted, 1);
		assertThat(this.server.accepted()).as("connections the loopback server accepted").isEqualTo(1);
	}

	@Test
	void redirectsAConnectToAnotherLoopbackPort() throws InterruptedException {
		try (LoopbackHttpServer target = new LoopbackHttpServer("redirect target")) {
			this.socket.setPolicy(
					SocketPolicy.of(false, List.of(),
							Map.of("127.0.0.1:" + this.server.port(), "127.0.0.1:" + target.port())),
					(seen) -> this.attempts.add(seen.attempt()));
			ChannelFuture connect = this.client.connect(loopback(this.server.port()));
			assertIoUringWasUsed(connect);
			assertThat(connect.isSuccess()).as("redirected connect succeeded (%s)", connect.cause()).isTrue();
			awaitAccepted(target::accepted, 1);
			assertThat(this.server.accepted()).isZero();
			assertThat(this.attempts).extracting(ConnectionAttempt::outcome)
				.containsExactly(ConnectionAttempt.Outcome.REDIRECTED);
			assertThat(this.attempts.get(0).redirectedTo()).isEqualTo(target.address());
			assertThat(((InetSocketAddress) connect.channel().remoteAddress()).getPort())
				.as("the channel's remote port")
				.isEqualTo(target.port());
		}
	}

	@Test
	void letsAConnectThroughWhenNoPolicyIsSet() throws InterruptedException {
		ChannelFuture connect = this.client.connect(loopback(this.server.port()));
		assertIoUringWasUsed(connect);
		assertThat(connect.isSuccess()).as("connect succeeded (%s)", connect.cause()).isTrue();
		awaitAccepted(this.server::accepted, 1);
	}

	@Test
	void uninstallRestoresTheIoUringChannelClass() throws Exception {
		Class<?> channel = Class.forName("io.netty.channel.uring.AbstractIoUringChannel");
		byte[] patched = ClassBytes.capture(channel);
		JvmHooks.uninstall();
		byte[] restored = ClassBytes.capture(channel);
		JvmHooks.install(this.socket, null);
		assertThat(ClassCode.of(ClassBytes.capture(channel))).as("patched again").isEqualTo(ClassCode.of(patched));
		assertThat(ClassCode.of(patched)).as("while patched").isNotEqualTo(ClassCode.of(restored));
		try (java.io.InputStream in = channel.getClassLoader()
			.getResourceAsStream(channel.getName().replace('.', '/') + ".class")) {
			assertThat(ClassCode.of(restored)).as("after uninstall").isEqualTo(ClassCode.of(in.readAllBytes()));
		}
	}

	/** 127.0.0.1 without a name, as a client given the IP would connect. */
	private static InetSocketAddress loopback(int port) {
		return new InetSocketAddress("127.0.0.1", port);
	}

	private static void assertIoUringWasUsed(ChannelFuture connect) {
		assertThat(connect.channel().getClass().getName()).as("the client's channel")
			.isEqualTo(IoUringClient.SOCKET_CHANNEL);
	}

	private static void awaitAccepted(IntSupplier accepted, int expected) throws InterruptedException {
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (accepted.getAsInt() < expected && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(accepted.getAsInt()).as("connections accepted").isEqualTo(expected);
	}

}
