package dev.patching.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.patching.internal.core.DefaultPatchManager;
import dev.patching.internal.core.PatchEntry;
import dev.patching.internal.core.PatchRegistry;
import dev.patching.internal.core.PatchSet;
import dev.patching.internal.network.DnsPatch;
import dev.patching.internal.network.SocketPatch;

/**
 * Test contexts as the library builds them, without Spring: a {@link DefaultPatchManager}
 * per context on the JVM's {@link PatchRegistry}, started the way the context customizer
 * starts it (hooks installed, set applied while the context is created, creation lease
 * given back).
 */
final class Contexts {

	static final Duration TIMEOUT = Duration.ofSeconds(30);

	private Contexts() {
	}

	static PatchEntry socket(boolean allowLoopback, List<String> allow, Map<String, String> redirect) {
		return SocketPatch.of(allowLoopback, allow, redirect);
	}

	static PatchEntry dns(Map<String, String> hosts) {
		return DnsPatch.of(hosts, "system");
	}

	/**
	 * A started context: its hooks are installed; nothing of it is in effect until a
	 * class {@link DefaultPatchManager#enter enters}.
	 */
	static DefaultPatchManager start(String name, PatchEntry... entries) {
		DefaultPatchManager manager = new DefaultPatchManager(new PatchSet(List.of(entries), "context " + name), true,
				TIMEOUT, PatchRegistry.jvm());
		manager.starting();
		manager.releaseCreation();
		return manager;
	}

	/**
	 * Closes a context the way Spring's close does; the last one out removes the hooks.
	 */
	static void close(DefaultPatchManager manager) {
		if (manager != null) {
			manager.closing();
			manager.close();
		}
	}

}
