package dev.patching.core;

import dev.patching.agent.JvmHooks;
import dev.patching.dns.DnsInterceptor;
import dev.patching.socket.SocketInterceptor;

/**
 * Installs the connect and lookup hooks while at least one open context has a socket or DNS
 * patch, and removes them (original JDK bytecode back) when the last such context closes.
 */
final class NetworkHooks {

	private static final SocketInterceptor SOCKET = new SocketInterceptor();

	private static final DnsInterceptor DNS = new DnsInterceptor();

	private static int users;

	private NetworkHooks() {
	}

	static SocketInterceptor socket() {
		return SOCKET;
	}

	static DnsInterceptor dns() {
		return DNS;
	}

	/** One more context needs the hooks; installs them (and checks they fire) for the first. */
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

	/** One context less; the last one out removes the hooks. */
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

	/** How many open contexts need the hooks (for tests). */
	static synchronized int users() {
		return users;
	}

}
