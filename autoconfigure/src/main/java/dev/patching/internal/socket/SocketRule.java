package dev.patching.internal.socket;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;

import dev.patching.internal.net.HostNames;
import dev.patching.internal.net.IpAddresses;
import org.jspecify.annotations.Nullable;

/**
 * One rule of {@code patching.socket.allow} (and the key of a redirect). Parsing never
 * resolves a name; {@link #toString()} prints the canonical text, which parses back to an
 * equal rule.
 *
 * <p>
 * Addresses are compared in the 128-bit IPv6 space where the IPv4 address {@code a.b.c.d}
 * is the IPv4-mapped {@code ::ffff:a.b.c.d}: an IPv4 rule matches a mapped IPv6 address
 * and a mapped rule matches an IPv4 address, and {@code ::/0} matches every address, IPv4
 * included.
 */
sealed interface SocketRule permits SocketRule.Host, SocketRule.Domain, SocketRule.Network, SocketRule.AnyHost {

	/** The port of a rule that matches every port. */
	int ANY_PORT = -1;

	/** The port this rule matches, or {@link #ANY_PORT}. */
	int port();

	/**
	 * Whether a connect matches this rule.
	 * @param hostName the name the caller connected to ({@link HostNames#carriedBy}), if
	 * it gave one; name rules never match without one
	 * @param address the address being connected to
	 * @param port the port being connected to
	 */
	boolean matches(@Nullable String hostName, InetAddress address, int port);

	/**
	 * Parses one rule: {@code host}, {@code host:port}, {@code *.domain},
	 * {@code *.domain:port}, {@code *:port}, an IP address ({@code 10.0.0.1},
	 * {@code 10.0.0.1:5432}, {@code ::1}, {@code [::1]:8080}) or a network
	 * ({@code 10.0.0.0/8}, {@code fd00::/8}, {@code 10.0.0.0/8:5432},
	 * {@code [fd00::/8]:5432}). Ports run from 1 to 65535.
	 * @param text the rule as written; surrounding blanks are ignored
	 * @param property the property it came from, named in the error
	 * @throws dev.patching.PatchingConfigurationException naming the property and the
	 * text when it is not a rule
	 */
	static SocketRule parse(@Nullable String text, String property) {
		return SocketRuleParser.parse(text, property);
	}

	/**
	 * Whether a rule port ({@link #ANY_PORT} included) admits the port being connected
	 * to.
	 */
	private static boolean portMatches(int rulePort, int candidate) {
		return rulePort == ANY_PORT || rulePort == candidate;
	}

	private static void checkPort(int port) {
		if (port != ANY_PORT && (port < 1 || port > 65535)) {
			throw new IllegalArgumentException("port must be 1 to 65535 or ANY_PORT, not " + port);
		}
	}

	private static String withPort(String host, int port) {
		return (port == ANY_PORT) ? host : host + ":" + port;
	}

	/**
	 * A host name, matched against the name the caller connected to.
	 *
	 * @param name canonical: lower case, no trailing dot
	 * @param port the port, or {@link #ANY_PORT}
	 */
	record Host(String name, int port) implements SocketRule {

		public Host {
			if (!Objects.equals(HostNames.normalize(name), name)) {
				throw new IllegalArgumentException("not a canonical host name: " + name);
			}
			checkPort(port);
		}

		@Override
		public boolean matches(@Nullable String hostName, InetAddress address, int port) {
			return portMatches(this.port, port) && hostName != null && HostNames.same(hostName, this.name);
		}

		@Override
		public String toString() {
			return withPort(this.name, this.port);
		}

	}

	/**
	 * {@code *.domain}: every name strictly under the domain, not the domain itself.
	 *
	 * @param domain canonical: lower case, no trailing dot, without the {@code *.}
	 * @param port the port, or {@link #ANY_PORT}
	 */
	record Domain(String domain, int port) implements SocketRule {

		public Domain {
			if (!Objects.equals(HostNames.normalize(domain), domain)) {
				throw new IllegalArgumentException("not a canonical domain: " + domain);
			}
			checkPort(port);
		}

		@Override
		public boolean matches(@Nullable String hostName, InetAddress address, int port) {
			return portMatches(this.port, port) && hostName != null && HostNames.isUnder(hostName, this.domain);
		}

		@Override
		public String toString() {
			return withPort("*." + this.domain, this.port);
		}

	}

	/**
	 * An address ({@code prefix} 128) or a network, in the 128-bit space described on
	 * {@link SocketRule}.
	 *
	 * @param high the upper 64 bits of the network address
	 * @param low the lower 64 bits; bits after the prefix are zero
	 * @param prefix 0 to 128 (an IPv4 prefix {@code p} is {@code 96 + p})
	 * @param port the port, or {@link #ANY_PORT}
	 */
	record Network(long high, long low, int prefix, int port) implements SocketRule {

		/** The upper 96 bits of an IPv4-mapped address: {@code ::ffff:0:0}. */
		static final long MAPPED = 0xFFFF_0000_0000L;

		public Network {
			if (prefix < 0 || prefix > 128) {
				throw new IllegalArgumentException("prefix must be 0 to 128, not " + prefix);
			}
			if ((high & ~highMask(prefix)) != 0 || (low & ~lowMask(prefix)) != 0) {
				throw new IllegalArgumentException("bits set after the prefix " + prefix);
			}
			checkPort(port);
		}

		/**
		 * The network of 4 or 16 address bytes with a prefix counted in that family's
		 * bits.
		 */
		static Network of(byte[] address, int familyPrefix, int port) {
			if (address.length == 4) {
				return new Network(0, mapped((int) bits(address, 0, 4)), 96 + familyPrefix, port);
			}
			return new Network(bits(address, 0, 8), bits(address, 8, 8), familyPrefix, port);
		}

		/** Whether the 128-bit address {@code high:low} lies in this network. */
		boolean contains(long high, long low) {
			return (high & highMask(this.prefix)) == this.high && (low & lowMask(this.prefix)) == this.low;
		}

		/**
		 * Whether {@code address} lies in this network, an IPv4 address as its
		 * IPv4-mapped form (without allocating; an IPv6 address costs the copy
		 * {@code getAddress()} makes).
		 */
		boolean contains(InetAddress address) {
			if (address instanceof Inet4Address ipv4) {
				return contains(0, mapped(IpAddresses.ipv4Bits(ipv4)));
			}
			byte[] bytes = address.getAddress();
			return contains(bits(bytes, 0, 8), bits(bytes, 8, 8));
		}

		@Override
		public boolean matches(@Nullable String hostName, InetAddress address, int port) {
			return portMatches(this.port, port) && contains(address);
		}

		/** Whether this network lies in the IPv4-mapped range and prints as IPv4. */
		boolean isIpv4() {
			return this.prefix >= 96 && this.high == 0 && (this.low >>> 32) == 0xFFFF;
		}

		@Override
		public String toString() {
			boolean ipv4 = isIpv4();
			String address;
			int familyPrefix;
			if (ipv4) {
				int v4 = (int) this.low;
				address = (v4 >>> 24) + "." + ((v4 >>> 16) & 0xff) + "." + ((v4 >>> 8) & 0xff) + "." + (v4 & 0xff);
				familyPrefix = this.prefix - 96;
			}
			else {
				byte[] bytes = new byte[16];
				for (int i = 0; i < 8; i++) {
					bytes[i] = (byte) (this.high >>> (56 - 8 * i));
					bytes[8 + i] = (byte) (this.low >>> (56 - 8 * i));
				}
				address = IpAddresses.format(bytes);
				familyPrefix = this.prefix;
			}
			String text = (this.prefix == 128) ? address : address + "/" + familyPrefix;
			if (this.port == ANY_PORT) {
				return text;
			}
			return ipv4 ? text + ":" + this.port : "[" + text + "]:" + this.port;
		}

		/**
		 * The lower 64 bits of the IPv4-mapped {@code ::ffff:a.b.c.d} of the IPv4 address
		 * {@code a.b.c.d}.
		 */
		private static long mapped(int ipv4) {
			return MAPPED | (ipv4 & 0xFFFF_FFFFL);
		}

		static long bits(byte[] bytes, int offset, int count) {
			long value = 0;
			for (int i = offset; i < offset + count; i++) {
				value = (value << 8) | (bytes[i] & 0xff);
			}
			return value;
		}

		private static long highMask(int prefix) {
			return (prefix >= 64) ? -1L : (prefix == 0) ? 0 : -1L << (64 - prefix);
		}

		private static long lowMask(int prefix) {
			return (prefix <= 64) ? 0 : (prefix == 128) ? -1L : -1L << (128 - prefix);
		}

	}

	/**
	 * {@code *:port}: every host on one port.
	 *
	 * @param port the port; never {@link #ANY_PORT}
	 */
	record AnyHost(int port) implements SocketRule {

		public AnyHost {
			if (port == ANY_PORT) {
				throw new IllegalArgumentException("*:port needs a port");
			}
			checkPort(port);
		}

		@Override
		public boolean matches(@Nullable String hostName, InetAddress address, int port) {
			return this.port == port;
		}

		@Override
		public String toString() {
			return "*:" + this.port;
		}

	}

}
