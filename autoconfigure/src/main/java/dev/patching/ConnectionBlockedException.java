package dev.patching;

import java.net.ConnectException;
import java.net.InetAddress;

/**
 * An outbound connect refused by the socket patch: neither redirected nor allowed by
 * {@code patching.socket.allow} / {@code patching.socket.allow-loopback}. Thrown before
 * any socket is connected, so nothing reaches the destination.
 */
public class ConnectionBlockedException extends ConnectException {

	private static final long serialVersionUID = 1L;

	private final String host;

	private final transient InetAddress address;

	private final int port;

	/**
	 * @param message what was blocked, the rules in force and the rule that would allow
	 * it
	 * @param host the host name the caller connected to, or the IP literal when it gave
	 * none
	 * @param address the address the caller connected to
	 * @param port the port the caller connected to
	 */
	public ConnectionBlockedException(String message, String host, InetAddress address, int port) {
		super(message);
		this.host = host;
		this.address = address;
		this.port = port;
	}

	/** The host name the caller connected to, or the IP literal when it gave none. */
	public String getHost() {
		return this.host;
	}

	/** The address the caller connected to. */
	public InetAddress getAddress() {
		return this.address;
	}

	/** The port the caller connected to. */
	public int getPort() {
		return this.port;
	}

}
