package dev.patching.netty;

import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Every test of {@link NettyHooksTest} with reactor-netty's HttpClient and Spring's
 * WebClient on Netty 4.2's io_uring transport, which reactor-netty 1.3's default loop
 * picks when it is on the class path: blocked and redirected connects, and the DNS policy
 * on the resolver's io_uring datagram channel. Each test asserts that io_uring was
 * available and that every channel was an {@code IoUringSocketChannel}. Skipped when
 * Netty 4.2's io_uring transport is not on the class path (the {@code boot3} build, Netty
 * 4.1).
 */
@EnabledIf(value = "dev.patching.netty.IoUringClient#present", disabledReason = IoUringClient.ABSENT)
class NettyHooksIoUringTest extends NettyHooksTest {

	@Override
	ReactorNetty.Transport transport() {
		return ReactorNetty.Transport.IO_URING;
	}

}
