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
