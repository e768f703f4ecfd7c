package dev.patching.internal.agent;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.jspecify.annotations.Nullable;

/**
 * Answers a host-name lookup. Called on entry of {@code InetAddress.getAllByName0},
 * before the JDK's cache, so whatever it answers is never cached, and on entry of Netty's
 * {@code DnsNameResolver}, before its hosts file, cache and queries: an answer there
 * means Netty sends no DNS query, and a thrown exception fails Netty's lookup with it.
 */
@FunctionalInterface
public interface LookupInterceptor {

	/**
	 * @param host the name being resolved (never an IP literal)
	 * @return the answer (a fresh, non-empty array: it reaches the caller of
	 * {@code getAllByName} as it is); none to let the JDK resolve as usual
	 * @throws UnknownHostException to refuse the name
	 */
	InetAddress @Nullable [] onLookup(String host) throws UnknownHostException;

	/**
	 * The fast path of {@link #onLookup}, asked first and outside the hook's re-entry
	 * guard: an answer that needs no resolver (a table entry). It must never look a name
	 * up itself. By default none, and {@link #onLookup} decides.
	 * @param host the name being resolved (never an IP literal)
	 * @return the answer (a fresh, non-empty array); none to go on to {@link #onLookup}
	 */
	default InetAddress @Nullable [] onListedLookup(String host) {
		return null;
	}

	/**
	 * Like {@link #onLookup}, for a lookup of Netty's DNS resolver, which may ask on an
	 * event loop: an interceptor must not block here (no system resolver call), and none
	 * lets Netty resolve the name with its own DNS client. By default {@link #onLookup}.
	 * @param host the name being resolved (never an IP literal)
	 * @return the answer; none to let Netty resolve as usual
	 * @throws UnknownHostException to refuse the name
	 */
	default InetAddress @Nullable [] onNettyLookup(String host) throws UnknownHostException {
		return onLookup(host);
	}

	/**
	 * Decides a DNS query that Netty's resolver is about to send
	 * ({@code DnsNameResolver.doQuery}: raw {@code query(...)} and
	 * {@code resolveAll(DnsQuestion)} calls, and the queries of Netty's own resolution of
	 * a name {@link #onNettyLookup} passed on). Must not block. By default every query
	 * goes.
	 * @param name the question's name, as Netty sends it (usually with a trailing dot)
	 * @param type the question's record type, e.g. {@code A}, {@code SRV}
	 * @throws UnknownHostException to refuse it: Netty's promise fails with it and no
	 * query is sent
	 */
	default void onNettyQuery(String name, String type) throws UnknownHostException {
	}

	/**
	 * Answers {@code InetAddress.getLocalHost()}, called before the JDK reads or writes
	 * its cache of the local host (an answer given here is never kept there). By default
	 * none.
	 * @param name the machine's host name, as the JDK read it (no lookup)
	 * @return the answer; none to let the JDK answer (it then looks the name up through
	 * {@link #onLookup}, unless the name is {@code localhost})
	 * @throws UnknownHostException to refuse the name
	 */
	default @Nullable InetAddress onLocalHost(String name) throws UnknownHostException {
		return null;
	}

	/**
	 * Answers a reverse lookup: {@code InetAddress.getHostName()} or
	 * {@code getCanonicalHostName()} of an address that carries no name, called before
	 * the JDK asks its resolver (and before its check that the name resolves back to the
	 * address). By default none.
	 * @param address the address whose name is wanted
	 * @return the name to give (the caller's {@code InetAddress} keeps it); none to let
	 * the JDK ask its resolver
	 */
	default @Nullable String onReverseLookup(InetAddress address) {
		return null;
	}

}
