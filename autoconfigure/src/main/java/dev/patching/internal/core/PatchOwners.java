package dev.patching.internal.core;

import org.jspecify.annotations.Nullable;

/**
 * Who is acting on the current thread: the test class or test method run that the
 * spring-test listener put here, else the thread itself. Contexts created, paused,
 * restarted or closed on a thread hold their leases for that owner, so they stack on what
 * the owner already holds instead of waiting for it.
 */
public final class PatchOwners {

	private static final ThreadLocal<Object> CURRENT = new ThreadLocal<>();

	private PatchOwners() {
	}

	public static Object current() {
		Object owner = CURRENT.get();
		return (owner != null) ? owner : Thread.currentThread();
	}

	/**
	 * Whose records a connect or lookup made on this thread now are (see
	 * {@link Owner#recordsFor()}); none on a thread no test class owns (a pool's, a
	 * server's).
	 */
	public static @Nullable Object recordsOwner() {
		Object owner = CURRENT.get();
		return (owner instanceof Owner acting) ? acting.recordsFor() : null;
	}

	/** The owner put on this thread, if one is. */
	public static @Nullable Object get() {
		return CURRENT.get();
	}

	/** Puts {@code owner} on this thread; none clears it. */
	public static void set(@Nullable Object owner) {
		if (owner == null) {
			CURRENT.remove();
		}
		else {
			CURRENT.set(owner);
		}
	}

	public static void clear() {
		CURRENT.remove();
	}

}
