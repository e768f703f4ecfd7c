package dev.patching.internal.agent;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Decides an outbound connect. Called from inside {@code sun.nio.ch.Net.connect}, and from Netty's
 * native transports ({@code io.netty.channel.unix.Socket.connect}), while the hooks are installed;
 * must be fast and must not allocate when it returns {@code null}.
 */
@FunctionalInterface
public interface ConnectInterceptor {

	/**
	 * @param address the remote address the JDK is about to connect to (carries the caller's host
	 * name when it had one; never reverse-resolve it)
	 * @param port the remote port
	 * @return {@code null} to connect as asked, or the address to connect to instead
	 * @throws IOException to refuse the connect; the caller sees this exception
	 */
	InetSocketAddress onConnect(InetAddress address, int port) throws IOException;

}
