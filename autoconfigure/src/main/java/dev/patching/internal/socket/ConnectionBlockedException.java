package dev.patching.internal.socket;

import dev.patching.internal.net.HostNames;
import dev.patching.internal.net.IpAddresses;

import java.net.ConnectException;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * An outbound connect refused by the socket patch: neither redirected nor allowed by
 * {@code patching.socket.allow} / {@code patching.socket.allow-loopback}. Thrown before any socket
 * is connected, so nothing reaches the destination.
 */
public class ConnectionBlockedException extends ConnectException {

	private static final long serialVersionUID = 1L;

	private final String host;

	private final transient InetAddress address;

	private final int port;

	ConnectionBlockedException(String hostName, InetAddress address, int port, SocketPolicy policy) {
		super(message(hostName, address, port, policy));
		this.host = (hostName != null) ? hostName : address.getHostAddress();
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

	private static String message(String hostName, InetAddress address, int port, SocketPolicy policy) {
		String literal = literal(address);
		String endpoint = (literal.indexOf(':') >= 0) ? "[" + literal + "]:" + port : literal + ":" + port;
		String destination = (hostName != null) ? hostName + "/" + endpoint : endpoint;
		String name = (hostName != null) ? HostNames.normalize(hostName) : null;
		String rule = (name != null) ? name + ":" + port : endpoint;
		StringBuilder message = new StringBuilder();
		message.append("Connection to ").append(destination).append(" blocked by the socket patch.\n");
		message.append("Rules in force: ").append(policy).append("\n\n");
		message.append("To allow it, add ").append(rule).append(" to ").append(SocketPolicy.ALLOW).append(": ")
			.append(SocketPolicy.ALLOW).append('=');
		policy.allow().forEach((existing) -> message.append(existing).append(','));
		message.append(rule);
		if (SocketPolicy.isLoopback(address)) {
			message.append(", or set ").append(SocketPolicy.ALLOW_LOOPBACK).append("=true");
		}
		else {
			message.append(".\nTo send it to a local stub instead, set ").append(SocketPolicy.REDIRECT).append('[')
				.append(rule).append("]=127.0.0.1:<port>");
		}
		return message.append('.').toString();
	}

	/** The address as rules print it: canonical, no zone, an IPv4-mapped address as IPv4. */
	private static String literal(InetAddress address) {
		byte[] bytes = address.getAddress();
		return IpAddresses.format(IpAddresses.isMapped(bytes) ? Arrays.copyOfRange(bytes, 12, 16) : bytes);
	}

}
