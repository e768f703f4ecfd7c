package dev.patching.internal.socket;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

import dev.patching.internal.net.HostNames;
import dev.patching.internal.net.IpAddresses;
import org.jspecify.annotations.Nullable;

/**
 * Where a {@code patching.socket.redirect[host:port]} sends a connect: an IP literal,
 * used as is, or a host name, resolved at connect time (through the DNS patch, if any).
 *
 * @param host canonical: an IP literal as {@link IpAddresses#format} prints it, or a
 * lower-case name
 * @param port 1 to 65535
 */
public record RedirectTarget(String host, int port) {

	private static final String ACCEPTED = "host:port, ip:port or [v6]:port with a port from 1 to 65535, "
			+ "e.g. 127.0.0.1:8080, localhost:8080 or [::1]:8080";

	public RedirectTarget {
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("port must be 1 to 65535, not " + port);
		}
		byte[] literal = IpAddresses.parse(host);
		String canonical = (literal != null) ? IpAddresses.format(literal) : HostNames.normalize(host);
		if (!host.equals(canonical)) {
			throw new IllegalArgumentException("not a canonical IP literal or host name: " + host);
		}
	}

	/**
	 * Parses {@code host:port}, {@code ip:port} or {@code [v6]:port}; never resolves.
	 * @throws dev.patching.PatchingConfigurationException naming the property and the
	 * value
	 */
	public static RedirectTarget parse(@Nullable String text, String property) {
		String value = (text != null) ? text.strip() : "";
		String host;
		String port;
		if (value.startsWith("[")) {
			int close = value.indexOf("]:");
			host = (close > 0) ? value.substring(1, close) : "";
			port = (close > 0) ? value.substring(close + 2) : "";
			if (IpAddresses.parseIpv6(host) == null) {
				throw SocketRuleParser.error(property, text, ACCEPTED);
			}
		}
		else {
			int colon = value.lastIndexOf(':');
			if (colon < 0 || value.indexOf(':') != colon) {
				throw SocketRuleParser.error(property, text, ACCEPTED);
			}
			host = value.substring(0, colon);
			port = value.substring(colon + 1);
		}
		int number = (!port.isEmpty() && port.length() <= 5 && port.chars().allMatch((c) -> c >= '0' && c <= '9'))
				? Integer.parseInt(port) : -1;
		byte[] literal = IpAddresses.parse(host);
		String canonical = (literal != null) ? IpAddresses.format(literal) : HostNames.normalize(host);
		if (canonical == null || number < 1 || number > 65535) {
			throw SocketRuleParser.error(property, text, ACCEPTED);
		}
		return new RedirectTarget(canonical, number);
	}

	/**
	 * The address to connect to: resolved when the host is a literal, unresolved (resolve
	 * at connect time) otherwise.
	 */
	InetSocketAddress socketAddress() {
		byte[] literal = IpAddresses.parse(this.host);
		if (literal == null) {
			return InetSocketAddress.createUnresolved(this.host, this.port);
		}
		try {
			return new InetSocketAddress(InetAddress.getByAddress(literal), this.port);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException("4 or 16 bytes are always an address", ex);
		}
	}

	@Override
	public String toString() {
		return (this.host.indexOf(':') >= 0) ? "[" + this.host + "]:" + this.port : this.host + ":" + this.port;
	}

}
