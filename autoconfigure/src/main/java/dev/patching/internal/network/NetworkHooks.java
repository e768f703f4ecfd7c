package dev.patching.internal.network;

import java.util.function.Consumer;

import dev.patching.internal.agent.JvmHooks;
import dev.patching.internal.core.EntryHooks;
import dev.patching.internal.core.SeenConnect;
import dev.patching.internal.core.SeenLookup;
import dev.patching.internal.dns.DnsInterceptor;
import dev.patching.internal.dns.DnsPolicy;
import dev.patching.internal.socket.SocketInterceptor;
import dev.patching.internal.socket.SocketPolicy;

/**
 * Installs the connect and lookup hooks while at least one open context has a socket or
 * DNS patch, or such a patch is applied, and removes them (original JDK bytecode back)
 * when the last such user lets go. Core reaches it as the provider of its
 * {@link EntryHooks}.
 * <p>
 * An applied entry holds the hooks itself, not only the context that made it: a test
 * class keeps its set in effect after its context closed (a context
 * {@code @DirtiesContext} closes between methods, or one closed by hand), and the last
 * context closing must not remove the hooks, and clear the policy, under it.
 */
final class NetworkHooks {

	/** The hooks as core sees them. */
	private static final EntryHooks.Provider PROVIDER = new EntryHooks.Provider() {

		@Override
		public void acquire() {
			NetworkHooks.acquire();
		}

		@Override
		public void release() {
			NetworkHooks.release();
		}

		@Override
		public void switching(Runnable change) {
			NetworkHooks.switching(change);
		}

		@Override
		public String toString() {
			return "the socket and DNS hooks";
		}

	};

	private static final SocketInterceptor SOCKET = new SocketInterceptor();

	private static final DnsInterceptor DNS = new DnsInterceptor();

	private static int users;

	/**
	 * Nesting depth of {@link #switching}; while above zero, clearing a policy waits for
	 * the end.
	 */
	private static int switching;

	private static boolean clearSocket;

	private static boolean clearDns;

	private NetworkHooks() {
	}

	/**
	 * Makes these hooks the ones core holds for entries that need hooks; called before
	 * such an entry exists.
	 */
	static void provide() {
		EntryHooks.provide(PROVIDER);
	}

	/**
	 * One more user (an open context, an applied entry) needs the hooks; installs them
	 * (and checks they fire) for the first.
	 */
	static synchronized void acquire() {
		hold();
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
	 * Runs a switch from one patch set to another without a gap: the old set's socket or
	 * DNS policy stays in force until the new set's replaces it, and is cleared only if
	 * the new set has none. A connect or lookup on another thread during the switch
	 * therefore always meets the old policy or the new one, never none.
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

	/**
	 * Puts an applied socket entry's policy in force, in one step: the entry holds the
	 * hooks (they are installed, or reinstalled if someone removed them or swapped the
	 * interceptors behind our back, so a cached context activated again is never left
	 * unenforced), and a clear that the current switch deferred is cancelled.
	 */
	static synchronized void applySocket(SocketPolicy policy, Consumer<SeenConnect> sink) {
		hold();
		clearSocket = false;
		SOCKET.setPolicy(policy, sink);
	}

	/** The DNS counterpart of {@link #applySocket}. */
	static synchronized void applyDns(DnsPolicy policy, Consumer<SeenLookup> sink) {
		hold();
		clearDns = false;
		DNS.setPolicy(policy, sink);
	}

	/**
	 * Takes an applied socket entry's policy back (at the end of the current switch) and
	 * lets go of the hooks.
	 */
	static synchronized void restoreSocket() {
		if (switching > 0) {
			clearSocket = true;
		}
		else {
			SOCKET.setPolicy(null, null);
		}
		release();
	}

	/** The DNS counterpart of {@link #restoreSocket}. */
	static synchronized void restoreDns() {
		if (switching > 0) {
			clearDns = true;
		}
		else {
			DNS.setPolicy(null, null);
		}
		release();
	}

	private static void hold() {
		JvmHooks.ensure(SOCKET, DNS);
		users++;
	}

}
