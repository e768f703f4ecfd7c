package dev.patching.robustness;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.patching.ConnectionAttempt;
import dev.patching.internal.core.DefaultPatchManager;
import dev.patching.internal.core.PatchRegistry;
import dev.patching.internal.core.PatchSet;
import dev.patching.internal.network.SocketPatch;

/**
 * A socket patch put in effect the way a context does it (hooks installed and
 * self-tested, set applied through the JVM's registry), without Spring; {@link #close()}
 * restores it.
 */
final class Patched implements AutoCloseable {

	private final DefaultPatchManager manager;

	private Patched(DefaultPatchManager manager) {
		this.manager = manager;
	}

	/**
	 * Puts a socket policy in effect now; same parameters as {@code patching.socket.*}.
	 */
	static Patched socket(boolean allowLoopback, List<String> allow, Map<String, String> redirect) {
		DefaultPatchManager manager = manager(allowLoopback, allow, redirect);
		manager.starting();
		return new Patched(manager);
	}

	/** Loopback blocked, nothing allowed. */
	static Patched blockingEverything() {
		return socket(false, List.of(), Map.of());
	}

	/** A manager of one socket patch, not yet started. */
	static DefaultPatchManager manager(boolean allowLoopback, List<String> allow, Map<String, String> redirect) {
		PatchSet set = new PatchSet(List.of(SocketPatch.of(allowLoopback, allow, redirect)),
				"robustness socket allow-loopback=" + allowLoopback + " allow=" + allow);
		return new DefaultPatchManager(set, true, Duration.ofSeconds(30), PatchRegistry.jvm());
	}

	List<ConnectionAttempt> attempts() {
		return this.manager.connectionAttempts();
	}

	@Override
	public void close() {
		this.manager.close();
	}

}
