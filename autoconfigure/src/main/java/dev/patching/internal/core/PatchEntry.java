package dev.patching.internal.core;

import dev.patching.TimeControl;
import dev.patching.Unpatch;
import org.jspecify.annotations.Nullable;

/**
 * One patch of a {@link PatchSet}, bound to its context's settings.
 */
public interface PatchEntry {

	/** The patch's name, as in {@code patching.<name>.enabled}. */
	String name();

	/**
	 * What makes two entries do the same thing: equal fingerprints mean equal effect, so
	 * classes whose sets have equal fingerprints may share the JVM.
	 */
	Object fingerprint();

	/** Whether the entry needs the JVM-wide hooks of {@link EntryHooks} installed. */
	default boolean needsHooks() {
		return false;
	}

	/**
	 * Hooks of the entry's own, held (acquired) from the moment its context starts until
	 * it closes, besides the shared ones of {@link #needsHooks()}; none by default. Only
	 * {@link EntryHooks.Provider#acquire()} and {@link EntryHooks.Provider#release()} are
	 * called.
	 */
	default EntryHooks.@Nullable Provider ownHooks() {
		return null;
	}

	/** The clock this entry patches, if it is a clock patch. */
	default @Nullable TimeControl timeControl() {
		return null;
	}

	/**
	 * Apply the patch; the result undoes exactly this application.
	 * @param recording where connects and lookups seen while it is in effect go
	 */
	Unpatch apply(Recording recording) throws Exception;

}
