package dev.patching.sample;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.patching.Patch;
import dev.patching.PatchContext;
import dev.patching.Unpatch;

import org.springframework.boot.context.properties.bind.Bindable;

/**
 * A custom patch: sets {@link FeatureFlags} for the test contexts that ask for it, and
 * hands back the flags that were set before: the undo that gevent's
 * {@code patch_socket()} never had, made a type. Listed in
 * {@code META-INF/spring.factories}; switched on per context with <pre>
 * patching.feature-flags.enabled=true
 * patching.feature-flags.flags[new-pricing]=true
 * </pre>
 */
public class FeatureFlagsPatch implements Patch {

	@Override
	public String name() {
		return "feature-flags";
	}

	@Override
	public Unpatch apply(PatchContext context) {
		Map<String, Boolean> wanted = context.binder()
			.bind(context.prefix() + ".flags", Bindable.mapOf(String.class, Boolean.class))
			.orElse(Map.of());
		Map<String, Boolean> flags = new LinkedHashMap<>(FeatureFlags.current());
		flags.putAll(wanted);
		Map<String, Boolean> previous = FeatureFlags.replace(flags);
		return () -> FeatureFlags.replace(previous);
	}

}
