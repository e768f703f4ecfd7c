package dev.patching.internal.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

import dev.patching.NameRefusedException;

/**
 * The answer given to a refused name when the caller would swallow the refusal's message
 * ({@code InetSocketAddress} turns an {@code UnknownHostException} into an unresolved
 * address, and {@code Socket}/{@code HttpClient} then report only the name). The socket
 * hook refuses any connect to the marker with a {@link NameRefusedException}, so the
 * message reaches the user.
 *
 * <p>
 * The marker is {@code 127.255.255.254}: a loopback address, so even if no socket hook
 * were there the connect could never leave the machine, and the last-but-one address of
 * 127/8, which nothing binds in practice. A connect to it is always refused while the
 * socket hook is installed.
 */
public final class RefusedName {

	/** The marker address as text. */
	public static final String MARKER = "127.255.255.254";

	private static final byte[] MARKER_BYTES = { 127, (byte) 255, (byte) 255, (byte) 254 };

	private static final int MARKER_BITS = 0x7FFFFFFE;

	private RefusedName() {
	}

	/** The marker address, carrying the refused name as its host name. */
	public static InetAddress marker(String host) {
		try {
			return InetAddress.getByAddress(host, MARKER_BYTES);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException("4 bytes are always an address", ex);
		}
	}

	/**
	 * Whether a connect goes to the marker; allocation-free, it runs on every connect.
	 */
	public static boolean isMarker(InetAddress address) {
		return (address instanceof Inet4Address ipv4) && IpAddresses.ipv4Bits(ipv4) == MARKER_BITS;
	}

}
