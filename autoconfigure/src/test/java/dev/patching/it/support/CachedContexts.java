package dev.patching.it.support;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.cache.ContextCache;

/**
 * Closes the contexts Spring's test context cache holds, as the JVM's end would: a
 * context's hooks stay installed while it is cached, and some checks need them gone.
 */
public final class CachedContexts {

	private CachedContexts() {
	}

	/** Closes every cached context (each under its own patches) and empties the cache. */
	public static void closeAll() {
		closeAll((ex) -> {
			throw ex;
		});
	}

	/**
	 * Like {@link #closeAll()}, handing each context's failure to close to {@code failed}
	 * and going on with the others.
	 */
	@SuppressWarnings("unchecked")
	public static void closeAll(Consumer<RuntimeException> failed) {
		try {
			Class<?> delegate = Class
				.forName("org.springframework.test.context.cache.DefaultCacheAwareContextLoaderDelegate");
			Field field = delegate.getDeclaredField("defaultContextCache");
			field.setAccessible(true);
			ContextCache cache = (ContextCache) field.get(null);
			Field map = cache.getClass().getDeclaredField("contextMap");
			map.setAccessible(true);
			Map<MergedContextConfiguration, ?> contexts = (Map<MergedContextConfiguration, ?>) map.get(cache);
			List<MergedContextConfiguration> keys;
			synchronized (contexts) {
				keys = new ArrayList<>(contexts.keySet());
			}
			for (MergedContextConfiguration key : keys) {
				try {
					if (cache.contains(key)) {
						cache.remove(key, DirtiesContext.HierarchyMode.EXHAUSTIVE);
					}
				}
				catch (RuntimeException ex) {
					failed.accept(ex);
				}
			}
			cache.reset();
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("cannot reach Spring's test context cache", ex);
		}
	}

}
