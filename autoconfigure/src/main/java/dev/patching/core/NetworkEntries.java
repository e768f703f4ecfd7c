package dev.patching.core;

import java.util.List;
import java.util.Map;

import dev.patching.Unpatch;
import dev.patching.dns.DnsPolicy;
import dev.patching.socket.SocketPolicy;

/**
 * The socket and DNS patches: each is a policy swapped into the (JVM-wide, always installed while
 * needed) hooks — a volatile write, so switching contexts costs nanoseconds.
 * <p>
 * An applied entry holds the hooks itself, not only the context that made it: a test class keeps
 * its set in effect after its context closed (a context {@code @DirtiesContext} closes between
 * methods, or one closed by hand), and the last context closing must not remove the hooks, and
 * clear the policy, under it.
 */
public final class NetworkEntries {

	/** The socket patch's name. */
	public static final String SOCKET = "socket";

	/** The DNS patch's name. */
	public static final String DNS = "dns";

	private NetworkEntries() {
	}

	/** The socket patch, validated now (bad values fail even while it is switched off). */
	public static PatchEntry socket(boolean allowLoopback, List<String> allow, Map<String, String> redirect) {
		SocketPolicy policy = SocketPolicy.of(allowLoopback, allow, redirect);
		return new Entry(SOCKET, policy, (recording) -> {
			NetworkHooks.applySocket(policy, recording::connection);
			return NetworkHooks::restoreSocket;
		});
	}

	/** The DNS patch, validated now; {@code localhost} and the machine's own name exempt from {@code refuse}. */
	public static PatchEntry dns(Map<String, String> hosts, String unlisted) {
		return dns(hosts, unlisted, true);
	}

	/** The DNS patch, validated now. */
	public static PatchEntry dns(Map<String, String> hosts, String unlisted, boolean exemptOwnNames) {
		DnsPolicy policy = DnsPolicy.of(hosts, unlisted, exemptOwnNames);
		return new Entry(DNS, policy, (recording) -> {
			NetworkHooks.applyDns(policy, recording::lookup);
			return NetworkHooks::restoreDns;
		});
	}

	private interface Applier {

		Unpatch apply(Recording recording);

	}

	private record Entry(String name, Object fingerprint, Applier applier) implements PatchEntry {

		@Override
		public boolean needsHooks() {
			return true;
		}

		@Override
		public Unpatch apply(Recording recording) {
			return this.applier.apply(recording);
		}

	}

}
