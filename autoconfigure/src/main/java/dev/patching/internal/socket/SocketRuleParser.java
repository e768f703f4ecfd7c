package dev.patching.internal.socket;

import dev.patching.PatchingConfigurationException;
import dev.patching.internal.net.HostNames;
import dev.patching.internal.net.IpAddresses;
import org.jspecify.annotations.Nullable;

/**
 * Reads the text of a {@link SocketRule} by hand, so that no text can ever cause a DNS
 * lookup.
 */
final class SocketRuleParser {

	/** Every kind of rule, for error messages. */
	static final String KINDS = "host, host:port, *.domain, *.domain:port, *:port, an IP address "
			+ "(10.0.0.1, 10.0.0.1:5432, ::1, [::1]:8080) or a network (10.0.0.0/8, fd00::/8, [fd00::/8]:5432)";

	private static final String PORT = "a port from 1 to 65535 after the last ':', e.g. api.partner.test:443";

	private SocketRuleParser() {
	}

	static SocketRule parse(@Nullable String text, String property) {
		String rule = (text != null) ? text.strip() : "";
		if (rule.isEmpty()) {
			throw error(property, text, "a non-empty rule: " + KINDS);
		}
		if (rule.contains("://")) {
			throw error(property, text, "a host and port without a scheme, e.g. api.partner.test:443 (" + KINDS + ")");
		}
		if (rule.startsWith("[")) {
			return bracketed(rule, text, property);
		}
		int colon = rule.indexOf(':');
		if (colon >= 0 && rule.indexOf(':', colon + 1) >= 0) {
			// Two or more colons: an IPv6 address or network, which carries a port only
			// in brackets.
			return network(rule, SocketRule.ANY_PORT, true, text, property);
		}
		String host = (colon >= 0) ? rule.substring(0, colon) : rule;
		int port = (colon >= 0) ? port(rule.substring(colon + 1), text, property) : SocketRule.ANY_PORT;
		if (host.isEmpty()) {
			throw error(property, text, "a host before the ':' (" + KINDS + ")");
		}
		if (host.equals("*")) {
			if (port == SocketRule.ANY_PORT) {
				throw error(property, text, "*:port for every host on one port; to let every connect through, "
						+ "set patching.socket.enabled=false instead");
			}
			return new SocketRule.AnyHost(port);
		}
		if (host.startsWith("*.")) {
			String domain = HostNames.normalize(host.substring(2));
			if (domain == null) {
				throw error(property, text, "*.domain where domain is " + HostNames.ACCEPTED);
			}
			return new SocketRule.Domain(domain, port);
		}
		if (host.indexOf('/') >= 0 || isNumeric(host)) {
			return network(host, port, false, text, property);
		}
		String name = HostNames.normalize(host);
		if (name == null) {
			throw error(property, text, HostNames.ACCEPTED + "; or another rule: " + KINDS);
		}
		return new SocketRule.Host(name, port);
	}

	/** {@code [v6]}, {@code [v6]:port}, {@code [v6/prefix]:port}. */
	private static SocketRule bracketed(String rule, @Nullable String text, String property) {
		int close = rule.indexOf(']');
		if (close < 0) {
			throw error(property, text, "an IPv6 address in brackets with a port after them, e.g. [::1]:8080");
		}
		String rest = rule.substring(close + 1);
		int port = SocketRule.ANY_PORT;
		if (!rest.isEmpty()) {
			if (rest.charAt(0) != ':') {
				throw error(property, text, "an IPv6 address in brackets with a port after them, e.g. [::1]:8080");
			}
			port = port(rest.substring(1), text, property);
		}
		return network(rule.substring(1, close), port, true, text, property);
	}

	private static SocketRule network(String address, int port, boolean ipv6, @Nullable String text, String property) {
		String accepted = ipv6 ? "an IPv6 address or network, e.g. ::1, fd00::/8, [fd00::1]:8080 (no zone id)"
				: "an IPv4 address or network, e.g. 10.0.0.1 or 10.0.0.0/8 (four numbers 0 to 255, no leading zeros)";
		int slash = address.indexOf('/');
		String literal = (slash >= 0) ? address.substring(0, slash) : address;
		byte[] bytes = ipv6 ? IpAddresses.parseIpv6(literal) : IpAddresses.parseIpv4(literal);
		if (bytes == null) {
			throw error(property, text, accepted);
		}
		int bits = bytes.length * 8;
		int prefix = bits;
		if (slash >= 0) {
			String digits = address.substring(slash + 1);
			prefix = isDigits(digits, 3) ? Integer.parseInt(digits) : -1;
			if (prefix < 0 || prefix > bits) {
				throw error(property, text, "a prefix length from 0 to " + bits + " after the '/', e.g. "
						+ (ipv6 ? "fd00::/8" : "10.0.0.0/8"));
			}
		}
		try {
			return SocketRule.Network.of(bytes, prefix, port);
		}
		catch (IllegalArgumentException ex) {
			throw error(property, text, "a network address with every bit after the prefix zero, e.g. "
					+ (ipv6 ? "fd00::/8" : "10.0.0.0/8") + "; for a single address leave out the '/'");
		}
	}

	private static int port(String digits, @Nullable String text, String property) {
		int port = isDigits(digits, 5) ? Integer.parseInt(digits) : -1;
		if (port < 1 || port > 65535) {
			throw error(property, text, PORT);
		}
		return port;
	}

	/**
	 * Digits and dots only: meant as an IPv4 literal, never a name
	 * ({@link HostNames#normalize} agrees).
	 */
	private static boolean isNumeric(String host) {
		for (int i = 0; i < host.length(); i++) {
			char c = host.charAt(i);
			if ((c < '0' || c > '9') && c != '.') {
				return false;
			}
		}
		return true;
	}

	/**
	 * ASCII digits only (Integer.parseInt would also take other scripts' digits and a
	 * sign).
	 */
	private static boolean isDigits(String text, int maxLength) {
		if (text.isEmpty() || text.length() > maxLength) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			if (text.charAt(i) < '0' || text.charAt(i) > '9') {
				return false;
			}
		}
		return true;
	}

	static PatchingConfigurationException error(String property, @Nullable String value, String accepted) {
		return new PatchingConfigurationException(property, value, accepted);
	}

}
