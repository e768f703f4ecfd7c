package dev.patching.core;

import dev.patching.agent.JvmHooks;
import dev.patching.dns.DnsInterceptor;
import dev.patching.socket.SocketInterceptor;

/**
 * Installs the connect and lookup hooks while at least one open context has a socket or DNS
 * patch, or such a patch is applied, and removes them (original JDK bytecode back) when the last
 * such user lets go.
 */
final class NetworkHooks {

	private static final SocketInterceptor SOCKET = new SocketInterceptor();

	private static final DnsInterceptor DNS = new DnsInterceptor();

	private static int users;

	/** Nesting depth of {@link #switching}; while above zero, clearing a policy waits for the end. */
	private static int switching;

	private static boolean clearSocket;

	private static boolean clearDns;

	private NetworkHooks() {
	}

	/** One more user (an open context, an applied entry) needs the hooks; installs them (and checks they fire) for the first. */
	static synchronized void acquire() {
		if (users == 0) {
			JvmHooks.install(SOCKET, DNS);
		}
		users++;
	}

	/**
	 * Makes sure the hooks are installed and use our interceptors before a policy is swapped in.
	 * Normally a volatile write; it reinstalls only if someone uninstalled the hooks or replaced
	 * the interceptors behind our back (a test of the agent itself, say), so a cached context
	 * activated again is never left unenforced.
	 */
	static synchronized void ensureInstalled() {
		if (users > 0) {
			JvmHooks.install(SOCKET, DNS);
		}
	}

	/** One user less; the last one out removes the hooks. */
	static synchronized void release() {
		if (users == 0) {
			return;
		}
		users--;
		if (users == 0) {
			SOCKET.setPolicy(null, null);
			DNS.setPolicy(null, null);
			JvmHooks.uninstall();
		}
	}

	/**
	 * Runs a switch from one patch set to another without a gap: the old set's socket or DNS
	 * policy stays in force until the new set's replaces it, and is cleared only if the new set
	 * has none. A connect or lookup on another thread during the switch therefore always meets the
	 * old policy or the new one, never none.
	 */
	static void switching(Runnable change) {
		synchronized (NetworkHooks.class) {
			switching++;
		}
		try {
			change.run();
		}
		finally {
			synchronized (NetworkHooks.class) {
				if (--switching == 0) {
					if (clearSocket) {
						SOCKET.setPolicy(null, null);
					}
					if (clearDns) {
						DNS.setPolicy(null, null);
					}
					clearSocket = false;
					clearDns = false;
				}
			}
		}
	}

	/** Sets the socket policy now (cancelling a clear the current switch deferred). */
	static synchronized void socketPolicy(dev.patching.socket.SocketPolicy policy, java.util.function.Consumer<dev.patching.ConnectionAttempt> sink) {
		clearSocket = false;
		SOCKET.setPolicy(policy, sink);
	}

	/** Sets the DNS policy now (cancelling a clear the current switch deferred). */
	static synchronized void dnsPolicy(dev.patching.dns.DnsPolicy policy, java.util.function.Consumer<dev.patching.DnsLookup> sink) {
		clearDns = false;
		DNS.setPolicy(policy, sink);
	}

	/** Clears the socket policy, at the end of the current switch if one is under way. */
	static synchronized void clearSocketPolicy() {
		if (switching > 0) {
			clearSocket = true;
		}
		else {
			SOCKET.setPolicy(null, null);
		}
	}

	/** Clears the DNS policy, at the end of the current switch if one is under way. */
	static synchronized void clearDnsPolicy() {
		if (switching > 0) {
			clearDns = true;
		}
		else {
			DNS.setPolicy(null, null);
		}
	}

	/** How many users need the hooks (for tests). */
	static synchronized int users() {
		return users;
	}

}
