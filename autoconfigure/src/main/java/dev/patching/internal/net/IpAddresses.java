package dev.patching.internal.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Parses and prints IP literals by hand: {@code InetAddress.getByName} would resolve
 * anything that is not a literal, and a configuration parser must never send a DNS query.
 */
public final class IpAddresses {

	/**
	 * Whether {@link Inet4Address#hashCode()} is the address, checked once (it has been
	 * since JDK 1.0).
	 */
	private static final boolean HASH_IS_ADDRESS = hashIsAddress();

	private IpAddresses() {
	}

	/**
	 * Parses a strict dotted-quad IPv4 literal ({@code 10.0.0.1}; no leading zeros, which
	 * some resolvers read as octal).
	 * @return 4 bytes; none when the text is not such a literal
	 */
	public static byte @Nullable [] parseIpv4(String text) {
		int length = text.length();
		if (length < 7 || length > 15) {
			return null;
		}
		byte[] bytes = new byte[4];
		int part = 0;
		int start = 0;
		for (int i = 0; i <= length; i++) {
			if (i < length && text.charAt(i) != '.') {
				continue;
			}
			int digits = i - start;
			if (part > 3 || digits < 1 || digits > 3 || (digits > 1 && text.charAt(start) == '0')) {
				return null;
			}
			int value = 0;
			for (int j = start; j < i; j++) {
				char c = text.charAt(j);
				if (c < '0' || c > '9') {
					return null;
				}
				value = value * 10 + (c - '0');
			}
			if (value > 255) {
				return null;
			}
			bytes[part++] = (byte) value;
			start = i + 1;
		}
		return (part == 4) ? bytes : null;
	}

	/**
	 * Parses an IPv6 literal without brackets or zone ({@code fd00::1},
	 * {@code ::ffff:10.0.0.1}).
	 * @return 16 bytes as written (an IPv4-mapped literal stays 16 bytes); none when the
	 * text is not such a literal
	 */
	public static byte @Nullable [] parseIpv6(String text) {
		int length = text.length();
		if (length < 2 || length > 45) {
			return null;
		}
		int[] groups = new int[8];
		int count = 0;
		int gap = -1;
		int i = 0;
		if (text.startsWith("::")) {
			gap = 0;
			i = 2;
		}
		else if (text.charAt(0) == ':') {
			return null;
		}
		while (i < length) {
			if (count == 8) {
				return null;
			}
			int start = i;
			int value = 0;
			while (i < length && hex(text.charAt(i)) >= 0) {
				value = (value << 4) | hex(text.charAt(i));
				if (++i - start > 4) {
					return null;
				}
			}
			if (i < length && text.charAt(i) == '.') {
				byte[] ipv4 = (count <= 6) ? parseIpv4(text.substring(start)) : null;
				if (ipv4 == null) {
					return null;
				}
				groups[count++] = ((ipv4[0] & 0xff) << 8) | (ipv4[1] & 0xff);
				groups[count++] = ((ipv4[2] & 0xff) << 8) | (ipv4[3] & 0xff);
				break;
			}
			if (i == start) {
				return null;
			}
			groups[count++] = value;
			if (i == length) {
				break;
			}
			if (text.charAt(i) != ':' || ++i == length) {
				return null;
			}
			if (text.charAt(i) == ':') {
				if (gap >= 0) {
					return null;
				}
				gap = count;
				i++;
			}
		}
		// "::" stands for at least one zero group.
		if ((gap < 0) ? count != 8 : count > 7) {
			return null;
		}
		byte[] bytes = new byte[16];
		int shift = (gap < 0) ? 0 : 8 - count;
		for (int g = 0; g < count; g++) {
			int slot = (gap >= 0 && g >= gap) ? g + shift : g;
			bytes[2 * slot] = (byte) (groups[g] >>> 8);
			bytes[2 * slot + 1] = (byte) groups[g];
		}
		return bytes;
	}

	/**
	 * Parses an IPv4 or IPv6 literal (no brackets, no zone). An IPv4-mapped IPv6 literal
	 * gives the 4 bytes of its IPv4 address, as {@code InetAddress.getByAddress} treats
	 * it.
	 * @return 4 or 16 bytes; none when the text is not an IP literal
	 */
	public static byte @Nullable [] parse(String text) {
		if (text.indexOf(':') < 0) {
			return parseIpv4(text);
		}
		byte[] bytes = parseIpv6(text);
		return (bytes != null) ? unmapped(bytes) : null;
	}

	/**
	 * The 4 bytes of an IPv4-mapped IPv6 address's IPv4 address; any other address as it
	 * is.
	 */
	public static byte[] unmapped(byte[] bytes) {
		return isMapped(bytes) ? Arrays.copyOfRange(bytes, 12, 16) : bytes;
	}

	/** Whether 16 bytes are an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}). */
	public static boolean isMapped(byte[] bytes) {
		if (bytes.length != 16 || bytes[10] != (byte) 0xff || bytes[11] != (byte) 0xff) {
			return false;
		}
		for (int i = 0; i < 10; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Prints 4 or 16 bytes canonically: a dotted quad, or IPv6 in lower case with leading
	 * zeros dropped and the longest run of zero groups as {@code ::}
	 * ({@code ::ffff:a.b.c.d} when mapped).
	 */
	public static String format(byte[] bytes) {
		if (bytes.length == 4) {
			return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
		}
		if (bytes.length != 16) {
			throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + bytes.length);
		}
		if (isMapped(bytes)) {
			return "::ffff:" + format(Arrays.copyOfRange(bytes, 12, 16));
		}
		// Compress the longest run (>= 2) of zero groups, the first one on a tie.
		int bestStart = -1;
		int bestLength = 1;
		for (int g = 0; g < 8;) {
			int end = g;
			while (end < 8 && group(bytes, end) == 0) {
				end++;
			}
			if (end - g > bestLength) {
				bestStart = g;
				bestLength = end - g;
			}
			g = Math.max(end, g + 1);
		}
		StringBuilder text = new StringBuilder(39);
		for (int g = 0; g < 8; g++) {
			if (g == bestStart) {
				text.append("::");
				g += bestLength - 1;
				continue;
			}
			if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
				text.append(':');
			}
			text.append(Integer.toHexString(group(bytes, g)));
		}
		return text.toString();
	}

	/**
	 * The address of an {@link Inet4Address} as an int, without the array
	 * {@code getAddress()} allocates.
	 */
	public static int ipv4Bits(Inet4Address address) {
		if (HASH_IS_ADDRESS) {
			return address.hashCode();
		}
		byte[] bytes = address.getAddress();
		return ((bytes[0] & 0xff) << 24) | ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
	}

	private static int group(byte[] bytes, int group) {
		return ((bytes[2 * group] & 0xff) << 8) | (bytes[2 * group + 1] & 0xff);
	}

	private static int hex(char c) {
		if (c >= '0' && c <= '9') {
			return c - '0';
		}
		if (c >= 'a' && c <= 'f') {
			return c - 'a' + 10;
		}
		if (c >= 'A' && c <= 'F') {
			return c - 'A' + 10;
		}
		return -1;
	}

	private static boolean hashIsAddress() {
		try {
			return InetAddress.getByAddress(new byte[] { (byte) 192, 0, 2, 7 }).hashCode() == 0xC0000207
					&& InetAddress.getByAddress(new byte[] { 10, (byte) 200, 3, (byte) 255 }).hashCode() == 0x0AC803FF;
		}
		catch (java.net.UnknownHostException ex) {
			return false;
		}
	}

}
