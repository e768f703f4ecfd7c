package dev.patching.core;

/**
 * Who is acting on the current thread: the test class the spring-test listener last saw here,
 * else the thread itself. Contexts created or closed on a thread belong to that owner.
 */
public final class PatchOwners {

	private static final ThreadLocal<Object> CURRENT = new ThreadLocal<>();

	private PatchOwners() {
	}

	public static Object current() {
		Object owner = CURRENT.get();
		return (owner != null) ? owner : Thread.currentThread();
	}

	/** Whether a test-class owner was set on this thread (the listener ran here). */
	public static boolean isSet() {
		return CURRENT.get() != null;
	}

	public static void set(Object owner) {
		CURRENT.set(owner);
	}

	public static void clear() {
		CURRENT.remove();
	}

}
