package dev.patching.internal.system;

import java.util.Locale;

import dev.patching.internal.agent.SystemHooks;
import dev.patching.internal.core.EntryHooks;

/**
 * A kind of {@link SystemHooks} as an entry's own hooks: held while a context with such a
 * patch is open, so that its hook is not removed and installed again on every switch
 * between its test classes and others.
 */
final class HeldSystemHook implements EntryHooks.Provider {

	static final HeldSystemHook CLOCK = new HeldSystemHook(SystemHooks.Hook.CLOCK);

	static final HeldSystemHook ENVIRONMENT = new HeldSystemHook(SystemHooks.Hook.ENVIRONMENT);

	static final HeldSystemHook EXIT = new HeldSystemHook(SystemHooks.Hook.EXIT);

	private final SystemHooks.Hook hook;

	private HeldSystemHook(SystemHooks.Hook hook) {
		this.hook = hook;
	}

	@Override
	public void acquire() {
		SystemHooks.hold(this.hook);
	}

	@Override
	public void release() {
		SystemHooks.release(this.hook);
	}

	@Override
	public void switching(Runnable change) {
		change.run();
	}

	@Override
	public String toString() {
		return "the " + this.hook.name().toLowerCase(Locale.ROOT) + " hook";
	}

}
