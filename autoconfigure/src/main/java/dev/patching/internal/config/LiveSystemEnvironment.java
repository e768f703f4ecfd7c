package dev.patching.internal.config;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Spring reads {@code System.getenv()} once, when it creates a context's Environment —
 * before the context's patches are known. For a context with an environment patch, the
 * {@code systemEnvironment} property source is replaced by one that asks
 * {@code System.getenv()} on every read, so {@code @Value("${NAME}")} and
 * {@code Environment.getProperty} see the patched variables while the context's patches
 * are in effect (its beans are created then), and the real ones when they are not.
 */
final class LiveSystemEnvironment extends AbstractMap<String, Object> {

	private LiveSystemEnvironment() {
	}

	/**
	 * Replaces the context's {@code systemEnvironment} property source, if it has one.
	 */
	static void replace(ConfigurableEnvironment environment) {
		MutablePropertySources sources = environment.getPropertySources();
		PropertySource<?> current = sources.get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		if (current == null || current.getSource() instanceof LiveSystemEnvironment) {
			return;
		}
		sources.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						new LiveSystemEnvironment()));
	}

	@Override
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public Set<Map.Entry<String, Object>> entrySet() {
		return (Set) System.getenv().entrySet();
	}

	@Override
	public @Nullable Object get(@Nullable Object key) {
		return System.getenv().get(key);
	}

	@Override
	public boolean containsKey(@Nullable Object key) {
		return System.getenv().containsKey(key);
	}

	@Override
	public Set<String> keySet() {
		return System.getenv().keySet();
	}

}
