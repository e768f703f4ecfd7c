package dev.patching.internal.core;

/**
 * The JVM-wide hooks that some patch entries need in place
 * ({@link PatchEntry#needsHooks()}), as core sees them without knowing what they are:
 * held while a context with such entries is open, and wrapped around every switch between
 * patch sets. The part that provides them registers itself ({@link #provide}) before it
 * makes its first entry; until then no entry needs them, and a switch just runs.
 */
public final class EntryHooks {

	/** What provides the hooks. */
	public interface Provider {

		/** One more user needs the hooks; the first one installs them. */
		void acquire();

		/** One user less; the last one out removes them. */
		void release();

		/**
		 * Runs a switch from one patch set to another, so that the hooks see no gap
		 * between the two.
		 */
		void switching(Runnable change);

	}

	private static final Provider NONE = new Provider() {

		@Override
		public void acquire() {
		}

		@Override
		public void release() {
		}

		@Override
		public void switching(Runnable change) {
			change.run();
		}

	};

	private static volatile Provider provider = NONE;

	private EntryHooks() {
	}

	/**
	 * Registers the provider of the hooks; registering it again does nothing.
	 * @throws IllegalStateException when another provider is registered already
	 */
	public static synchronized void provide(Provider hooks) {
		if (provider != NONE && provider != hooks) {
			throw new IllegalStateException("the entry hooks are provided by " + provider + " already, not " + hooks);
		}
		provider = hooks;
	}

	static void acquire() {
		provider.acquire();
	}

	static void release() {
		provider.release();
	}

	static void switching(Runnable change) {
		provider.switching(change);
	}

}
