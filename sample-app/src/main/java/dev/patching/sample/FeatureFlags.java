package dev.patching.sample;

import java.util.Map;

/**
 * The application's feature flags: one static holder, the kind of JVM-global state every
 * codebase has somewhere. Flags are off unless set.
 */
public final class FeatureFlags {

	private static volatile Map<String, Boolean> flags = Map.of();

	private FeatureFlags() {
	}

	/** Whether the flag is on; an unknown flag is off. */
	public static boolean isEnabled(String flag) {
		return flags.getOrDefault(flag, false);
	}

	/** The flags set now. */
	public static Map<String, Boolean> current() {
		return flags;
	}

	/**
	 * Replace every flag.
	 * @return the flags set before
	 */
	public static synchronized Map<String, Boolean> replace(Map<String, Boolean> newFlags) {
		Map<String, Boolean> previous = flags;
		flags = Map.copyOf(newFlags);
		return previous;
	}

}
