package dev.patching.it.support;

import dev.patching.Patch;
import dev.patching.PatchContext;
import dev.patching.Unpatch;

/**
 * A custom patch for tests: sets the system property {@code it.<name>} to "on" and
 * journals apply/restore. {@code patching.<name>.fail-on-apply} / {@code fail-on-restore}
 * make it throw.
 */
public abstract class JournalPatch implements Patch {

	private final String name;

	protected JournalPatch(String name) {
		this.name = name;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public Unpatch apply(PatchContext context) {
		boolean failOnApply = context.binder().bind(context.prefix() + ".fail-on-apply", Boolean.class).orElse(false);
		boolean failOnRestore = context.binder()
			.bind(context.prefix() + ".fail-on-restore", Boolean.class)
			.orElse(false);
		if (failOnApply) {
			Journal.add("fail apply " + this.name);
			throw new IllegalStateException("boom while applying " + this.name);
		}
		String key = "it." + this.name;
		String previous = System.getProperty(key);
		System.setProperty(key, "on");
		Journal.add("apply " + this.name);
		return () -> {
			if (failOnRestore) {
				Journal.add("fail restore " + this.name);
				throw new IllegalStateException("boom while restoring " + this.name);
			}
			if (previous == null) {
				System.clearProperty(key);
			}
			else {
				System.setProperty(key, previous);
			}
			Journal.add("restore " + this.name);
		};
	}

	public static class First extends JournalPatch {

		public First() {
			super("first");
		}

	}

	public static class Second extends JournalPatch {

		public Second() {
			super("second");
		}

	}

	public static class Third extends JournalPatch {

		public Third() {
			super("third");
		}

	}

}
