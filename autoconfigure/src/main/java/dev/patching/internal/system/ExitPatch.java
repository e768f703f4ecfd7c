package dev.patching.internal.system;

import dev.patching.SystemExitException;
import dev.patching.Unpatch;
import dev.patching.internal.agent.SystemHooks;
import dev.patching.internal.core.EntryHooks;
import dev.patching.internal.core.PatchEntry;
import dev.patching.internal.core.Recording;

/**
 * {@code patching.exit.enabled=true}: {@code System.exit(status)} and
 * {@code Runtime.exit(status)} throw a {@link SystemExitException} carrying the status
 * while the context's patches are in effect, instead of ending the JVM
 * ({@link SystemHooks}). {@code Runtime.halt} is left alone.
 */
public final class ExitPatch implements PatchEntry {

	/** The patch name. */
	public static final String NAME = "exit";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Object fingerprint() {
		return NAME;
	}

	@Override
	public EntryHooks.Provider ownHooks() {
		return HeldSystemHook.EXIT;
	}

	@Override
	public Unpatch apply(Recording recording) {
		SystemHooks.useExit(ExitPatch::refuse);
		return () -> SystemHooks.useExit(null);
	}

	private static void refuse(int status) {
		throw new SystemExitException(status);
	}

}
