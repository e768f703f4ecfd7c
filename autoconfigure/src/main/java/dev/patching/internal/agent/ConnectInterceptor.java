package dev.patching.internal.agent;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.jspecify.annotations.Nullable;

/**
 * Decides an outbound connect. Called from inside {@code sun.nio.ch.Net.connect}, and
 * from Netty's native transports ({@code io.netty.channel.unix.Socket.connect}), while
 * the hooks are installed; must be fast and must not allocate when it lets the connect go
 * as asked.
 */
@FunctionalInterface
public interface ConnectInterceptor {

	/**
	 * @param address the remote address the JDK is about to connect to (carries the
	 * caller's host name when it had one; never reverse-resolve it)
	 * @param port the remote port
	 * @return the address to connect to instead; none to connect as asked
	 * @throws IOException to refuse the connect; the caller sees this exception
	 */
	@Nullable InetSocketAddress onConnect(InetAddress address, int port) throws IOException;

}
