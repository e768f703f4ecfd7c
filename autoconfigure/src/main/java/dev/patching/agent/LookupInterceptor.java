package dev.patching.agent;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Answers a host-name lookup. Called on entry of {@code InetAddress.getAllByName0}, before the
 * JDK's cache, so whatever it answers is never cached, and on entry of Netty's
 * {@code DnsNameResolver}, before its hosts file, cache and queries: an answer there means Netty
 * sends no DNS query, and a thrown exception fails Netty's lookup with it.
 */
@FunctionalInterface
public interface LookupInterceptor {

	/**
	 * @param host the name being resolved (never an IP literal)
	 * @return {@code null} to let the JDK resolve as usual, or the answer (a fresh, non-empty array: it reaches the caller of {@code getAllByName} as it is)
	 * @throws UnknownHostException to refuse the name
	 */
	InetAddress[] onLookup(String host) throws UnknownHostException;

	/**
	 * Like {@link #onLookup}, for a lookup of Netty's DNS resolver, which may ask on an event loop:
	 * an interceptor must not block here (no system resolver call), and {@code null} lets Netty
	 * resolve the name with its own DNS client. By default {@link #onLookup}.
	 */
	default InetAddress[] onNettyLookup(String host) throws UnknownHostException {
		return onLookup(host);
	}

}
