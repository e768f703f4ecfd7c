package dev.patching.internal.system;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.patching.PatchingConfigurationException;
import dev.patching.Unpatch;
import dev.patching.internal.agent.EnvironmentInterceptor;
import dev.patching.internal.agent.SystemHooks;
import dev.patching.internal.core.EntryHooks;
import dev.patching.internal.core.PatchEntry;
import dev.patching.internal.core.Recording;
import org.jspecify.annotations.Nullable;

/**
 * {@code patching.environment[NAME]=value} and
 * {@code patching.environment-remove=NAME,...}: what {@code System.getenv(name)} and
 * {@code System.getenv()} answer while the context's patches are in effect
 * ({@link SystemHooks}). The process's real environment is never changed, so child
 * processes ({@code ProcessBuilder}) and native code see the real one.
 */
public final class EnvironmentPatch implements PatchEntry {

	/** The patch name. */
	public static final String NAME = "environment";

	static final String SET = "patching.environment";

	static final String REMOVE = "patching.environment-remove";

	private final Map<String, String> values;

	private final Set<String> removed;

	private final Map<String, Optional<String>> answers = new HashMap<>();

	private EnvironmentPatch(Map<String, String> values, Set<String> removed) {
		this.values = values;
		this.removed = removed;
		values.forEach((name, value) -> this.answers.put(name, Optional.of(value)));
		removed.forEach((name) -> this.answers.put(name, Optional.empty()));
	}

	/**
	 * The environment patch, or {@code null} when it changes nothing.
	 * @throws PatchingConfigurationException for a name that cannot be a variable's, or a
	 * name both set and removed
	 */
	public static @Nullable EnvironmentPatch of(Map<String, String> values, List<String> remove) {
		Map<String, String> set = new LinkedHashMap<>();
		values.forEach((name, value) -> {
			check(SET + "[" + name + "]", name, value);
			if (value.indexOf('\0') >= 0) {
				throw new PatchingConfigurationException(SET + "[" + name + "]", value,
						"a value without NUL characters");
			}
			set.put(name, value);
		});
		Set<String> removed = new LinkedHashSet<>();
		for (String name : remove) {
			String trimmed = name.trim();
			check(REMOVE, trimmed, String.join(",", remove));
			if (set.containsKey(trimmed)) {
				throw new PatchingConfigurationException(REMOVE, String.join(",", remove),
						"names not also set with " + SET + "[" + trimmed + "]: a variable is either set or removed");
			}
			removed.add(trimmed);
		}
		return (set.isEmpty() && removed.isEmpty()) ? null : new EnvironmentPatch(set, removed);
	}

	private static void check(String property, String name, String value) {
		if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
			throw new PatchingConfigurationException(property, value,
					"environment variable names that are not empty and contain no '=' or NUL, such as API_TOKEN");
		}
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Object fingerprint() {
		return List.of(this.values, this.removed);
	}

	@Override
	public EntryHooks.Provider ownHooks() {
		return HeldSystemHook.ENVIRONMENT;
	}

	@Override
	public Unpatch apply(Recording recording) {
		// Read before the hook answers for this patch: the real environment.
		Map<String, String> all = new HashMap<>(System.getenv());
		all.keySet().removeAll(this.removed);
		all.putAll(this.values);
		Map<String, String> patched = Collections.unmodifiableMap(all);
		SystemHooks.useEnvironment(new EnvironmentInterceptor() {

			@Override
			@SuppressWarnings("OptionalAssignedToNull")
			public @Nullable Optional<String> get(String name) {
				return EnvironmentPatch.this.answers.get(name);
			}

			@Override
			public Map<String, String> all() {
				return patched;
			}

		});
		return () -> SystemHooks.useEnvironment(null);
	}

}
