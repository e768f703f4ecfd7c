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

	/**
	 * Decides a datagram sent without {@code connect} ({@code DatagramSocket.send},
	 * {@code DatagramChannel.send}, {@code MulticastSocket}), called from inside
	 * {@code sun.nio.ch.DatagramChannelImpl} before it is sent. By default as
	 * {@link #onConnect}.
	 * @param address the destination address
	 * @param port the destination port
	 * @return where to send it instead; none to send it as asked
	 * @throws IOException to refuse it; the caller of {@code send} sees this exception
	 */
	default @Nullable InetSocketAddress onDatagram(InetAddress address, int port) throws IOException {
		return onConnect(address, port);
	}

}
