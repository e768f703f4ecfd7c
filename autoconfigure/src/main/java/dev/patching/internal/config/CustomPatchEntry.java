package dev.patching.internal.config;

import java.util.List;
import java.util.Map;

import dev.patching.Patch;
import dev.patching.PatchContext;
import dev.patching.Unpatch;
import dev.patching.internal.core.PatchEntry;
import dev.patching.internal.core.Recording;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Patch} from {@code spring.factories}, bound to one context.
 */
final class CustomPatchEntry implements PatchEntry {

	private final Patch patch;

	private final PatchContext context;

	private final Map<String, @Nullable String> settings;

	CustomPatchEntry(Patch patch, PatchContext context, Map<String, @Nullable String> settings) {
		this.patch = patch;
		this.context = context;
		this.settings = settings;
	}

	@Override
	public String name() {
		return this.patch.name();
	}

	@Override
	public Object fingerprint() {
		return List.of(this.patch.getClass().getName(), this.settings);
	}

	@Override
	public Unpatch apply(Recording recording) throws Exception {
		return this.patch.apply(this.context);
	}

}
