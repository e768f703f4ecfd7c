package dev.patching.internal.socket;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

import dev.patching.internal.net.IpAddresses;

/** Builds test addresses from literals without any lookup. */
final class Address {

	private Address() {
	}

	/** An address that carries no host name. */
	static InetAddress ip(String literal) {
		return named(null, literal);
	}

	/** An address that carries {@code name}, as a resolved name does. */
	static InetAddress named(String name, String literal) {
		byte[] bytes = IpAddresses.parse(literal);
		if (bytes == null) {
			throw new IllegalArgumentException("not a literal: " + literal);
		}
		try {
			return InetAddress.getByAddress(name, bytes);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * {@code ::ffff:a.b.c.d} kept as an {@link Inet6Address} (getByAddress would make it
	 * IPv4).
	 */
	static InetAddress mapped(String ipv4) {
		byte[] v4 = IpAddresses.parseIpv4(ipv4);
		byte[] bytes = new byte[16];
		bytes[10] = (byte) 0xff;
		bytes[11] = (byte) 0xff;
		System.arraycopy(v4, 0, bytes, 12, 4);
		try {
			return Inet6Address.getByAddress(null, bytes, -1);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
