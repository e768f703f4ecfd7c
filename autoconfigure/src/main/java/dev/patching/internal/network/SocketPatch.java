package dev.patching.internal.network;

import java.util.List;
import java.util.Map;

import dev.patching.Unpatch;
import dev.patching.internal.core.PatchEntry;
import dev.patching.internal.core.Recording;
import dev.patching.internal.socket.SocketPolicy;

/**
 * {@code patching.socket.*}: the context's socket policy, swapped into the JVM-wide
 * connect hook while its patches are in effect — a volatile write, so switching contexts
 * costs nanoseconds. An applied entry holds the hooks itself ({@link NetworkHooks}).
 */
public final class SocketPatch implements PatchEntry {

	/** The patch name. */
	public static final String NAME = "socket";

	static {
		NetworkHooks.provide();
	}

	private final SocketPolicy policy;

	private SocketPatch(SocketPolicy policy) {
		this.policy = policy;
	}

	/**
	 * The socket patch, validated now (bad values fail even while it is switched off).
	 * @throws dev.patching.PatchingConfigurationException naming the property and the bad
	 * value
	 */
	public static SocketPatch of(boolean allowLoopback, List<String> allow, Map<String, String> redirect) {
		return of(allowLoopback, allow, redirect, Map.of());
	}

	/**
	 * The socket patch with {@code patching.socket.faults}, validated now.
	 * @throws dev.patching.PatchingConfigurationException naming the property and the bad
	 * value
	 */
	public static SocketPatch of(boolean allowLoopback, List<String> allow, Map<String, String> redirect,
			Map<String, String> faults) {
		return new SocketPatch(SocketPolicy.of(allowLoopback, allow, redirect, faults));
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Object fingerprint() {
		return this.policy;
	}

	@Override
	public boolean needsHooks() {
		return true;
	}

	@Override
	public Unpatch apply(Recording recording) {
		NetworkHooks.applySocket(this.policy, recording::connection);
		return NetworkHooks::restoreSocket;
	}

}
