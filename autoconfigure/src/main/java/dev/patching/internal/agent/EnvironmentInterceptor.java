package dev.patching.internal.agent;

import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Answers {@code System.getenv} while an environment patch is in effect.
 */
public interface EnvironmentInterceptor {

	/**
	 * The variable as the patch sees it.
	 * @return {@code null} to let the JDK answer, an empty {@code Optional} for a
	 * variable the patch removed, else its patched value
	 */
	@SuppressWarnings("OptionalAssignedToNull")
	@Nullable Optional<String> get(String name);

	/** Every variable as the patch sees it: an unmodifiable map. */
	Map<String, String> all();

}
