package dev.patching.internal.test;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.patching.PatchFailedException;
import dev.patching.PatchWaitTimeoutException;
import dev.patching.internal.core.DefaultPatchManager;
import dev.patching.internal.core.Lease;
import dev.patching.internal.core.PatchRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContext;
import org.springframework.util.ReflectionUtils;

/**
 * What the listener knows of contexts before it asks Spring for one: the manager of every
 * open context by its cache key, so a class whose context is cached can take its lease
 * before Spring's context cache restarts it (and before anything can wait inside that
 * cache).
 */
final class Contexts {

	private static final Log logger = LogFactory.getLog(Contexts.class);

	private static final Map<MergedContextConfiguration, DefaultPatchManager> OPEN = new ConcurrentHashMap<>();

	private static final Map<DefaultPatchManager, PatchingReport> REPORTS = new ConcurrentHashMap<>();

	/**
	 * The report settings each configuration's last context read, kept after it closed or
	 * failed.
	 */
	private static final Map<MergedContextConfiguration, PatchingReport> SETTINGS = new ConcurrentHashMap<>();

	private static final @Nullable Field MERGED_CONFIG = mergedConfigField();

	/**
	 * Spring Framework 7 pauses idle cached contexts when another one is asked for (none
	 * before 7).
	 */
	private static final @Nullable Method PAUSE = ReflectionUtils.findMethod(ConfigurableApplicationContext.class,
			"pause");

	private static final String WAIT_TIMEOUT = "patching.wait-timeout=";

	/**
	 * The monitor Spring's default context loader delegate holds while it loads, pauses,
	 * restarts or closes a context.
	 */
	private static final @Nullable Object CACHE_MONITOR = defaultContextCache();

	/**
	 * Whether Spring pauses idle contexts: Framework 7 unless
	 * {@code spring.test.context.cache.pause=never}.
	 */
	private static final boolean PAUSING = PAUSE != null && CACHE_MONITOR != null
			&& !"NEVER".equals(pauseMode(CACHE_MONITOR));

	private Contexts() {
	}

	/** A context of {@code config} read its report settings (before it may fail). */
	static void reportSettings(MergedContextConfiguration config, PatchingReport report) {
		SETTINGS.put(config, report);
	}

	/**
	 * The report of a class whose context failed to load: the settings its context read
	 * before it failed, else those of the class's inline properties (see
	 * {@link PatchingReport}).
	 */
	static PatchingReport reportAfterFailure(TestContext testContext) {
		MergedContextConfiguration config = mergedConfig(testContext);
		PatchingReport read = (config != null) ? SETTINGS.get(config) : null;
		if (read != null) {
			return read;
		}
		return PatchingReport.forClassWithoutContext((config != null) ? config.getPropertySourceProperties() : null);
	}

	/** What identifies the class's context in Spring's cache, if it can be told. */
	static @Nullable Object configKey(TestContext testContext) {
		return mergedConfig(testContext);
	}

	static void opened(MergedContextConfiguration config, DefaultPatchManager manager, PatchingReport report) {
		REPORTS.put(manager, report);
		OPEN.put(config, manager);
	}

	static void closed(MergedContextConfiguration config, DefaultPatchManager manager) {
		OPEN.remove(config, manager);
		REPORTS.remove(manager);
	}

	/**
	 * The manager of the open context the test context would get now, if one is open (not
	 * closing: Spring took that out of its cache already) and it can be told.
	 */
	static @Nullable DefaultPatchManager managerFor(TestContext testContext) {
		MergedContextConfiguration config = mergedConfig(testContext);
		DefaultPatchManager manager = (config != null) ? OPEN.get(config) : null;
		return (manager != null && !manager.isClosing()) ? manager : null;
	}

	/**
	 * Whether asking Spring for {@code target}'s context can only run code of contexts
	 * with {@code target}'s set: its parents have that set. (Idle contexts with another
	 * set that Framework 7 would pause in the same call are paused before, see
	 * {@link #pauser}.) Not when the context's configuration cannot be read.
	 */
	static boolean mayEnterWithoutCreating(DefaultPatchManager target, TestContext testContext) {
		MergedContextConfiguration config = mergedConfig(testContext);
		if (config == null) {
			return false;
		}
		for (MergedContextConfiguration parent = config.getParent(); parent != null; parent = parent.getParent()) {
			DefaultPatchManager manager = OPEN.get(parent);
			if (manager == null || manager.isClosing() || !manager.set().equals(target.set())) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The open contexts of the test context's hierarchy above its own: Spring does not
	 * pause them when it is asked for the test context's, so its leases do not wait for
	 * them while idle.
	 */
	static Set<Object> parentsOf(TestContext testContext) {
		MergedContextConfiguration config = mergedConfig(testContext);
		if (config == null || config.getParent() == null) {
			return Set.of();
		}
		Set<Object> parents = new HashSet<>();
		for (MergedContextConfiguration parent = config.getParent(); parent != null; parent = parent.getParent()) {
			DefaultPatchManager manager = OPEN.get(parent);
			if (manager != null) {
				parents.add(manager);
			}
		}
		return parents;
	}

	/**
	 * What pauses {@code context} under its own set while it is idle, so that Spring,
	 * when it pauses idle contexts for a class that asks for another one, finds it paused
	 * already and never runs its stop callbacks under that class's set. None when Spring
	 * does not pause contexts (before Framework 7, or with
	 * {@code spring.test.context.cache.pause=never}).
	 */
	static @Nullable Runnable pauser(ConfigurableApplicationContext context, DefaultPatchManager manager) {
		Object monitor = CACHE_MONITOR;
		Method pause = PAUSE;
		if (!PAUSING || monitor == null || pause == null) {
			return null;
		}
		return () -> {
			Lease lease = manager.holdToPause(pauseInsideContextCache());
			if (lease == null) {
				return;
			}
			try {
				synchronized (monitor) {
					// A class may have taken it up meanwhile: Spring would not pause it
					// then either.
					if (manager.isIdleAndRunning() && context.isRunning()) {
						ReflectionUtils.invokeMethod(pause, context);
					}
				}
			}
			finally {
				try {
					manager.release(lease);
				}
				catch (PatchFailedException ex) {
					// Like a failing stop callback in Spring's own pause: reported, not
					// thrown at the class that happened to ask for another context.
					logger.warn("Restoring the patches of an idle context after pausing it failed", ex);
				}
			}
		};
	}

	static DefaultPatchManager managerOf(ApplicationContext context) {
		return context.getBean(PatchManagerRegistrar.STATE_BEAN, PatchManagerRegistrar.State.class).manager();
	}

	/** The report of an open context's classes (none once it is closed). */
	static @Nullable PatchingReport reportOf(DefaultPatchManager manager) {
		return REPORTS.get(manager);
	}

	/**
	 * How long a class may wait before its context exists: {@code patching.wait-timeout}
	 * when the class sets it inline ({@code @SpringBootTest(properties)},
	 * {@code @TestPropertySource}), else the default.
	 */
	static Duration waitTimeout(TestContext testContext) {
		MergedContextConfiguration config = mergedConfig(testContext);
		if (config != null) {
			for (String property : config.getPropertySourceProperties()) {
				if (property.startsWith(WAIT_TIMEOUT)) {
					Duration timeout = ApplicationConversionService.getSharedInstance()
						.convert(property.substring(WAIT_TIMEOUT.length()).trim(), Duration.class);
					if (timeout != null) {
						return timeout;
					}
				}
			}
		}
		return PatchRegistry.defaultTimeout();
	}

	/**
	 * How a context that Spring creates, pauses or restarts waits for its set while the
	 * thread holds Spring's context cache monitor — a context loaded by a condition with
	 * {@code loadContext = true}, one paused right after its last class
	 * ({@code spring.test.context.cache.pause=always}), an idle one paused while another
	 * class asks for its own: in short waits on that monitor, which let every other class
	 * use the cache meanwhile (a plain wait there would stall them, and with them whoever
	 * holds the other set). A class's own request never waits there: it took its lease
	 * before. None when the thread does not hold the monitor.
	 */
	static @Nullable Runnable pauseInsideContextCache() {
		if (CACHE_MONITOR == null || !Thread.holdsLock(CACHE_MONITOR)) {
			return null;
		}
		return () -> {
			try {
				CACHE_MONITOR.wait(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(
						"interrupted while waiting for a patch set inside Spring's context cache", ex);
			}
		};
	}

	/**
	 * Whether {@code target}'s context is still in Spring's cache, asking Spring for it
	 * (a cache hit, which also makes it the most recently used) so that Spring, asking
	 * again right after, finds it: a context evicted or dirtied by another class between
	 * a class's look at the open contexts and Spring's request would otherwise be created
	 * again by Spring on the class's thread, without the exclusive lease a creation
	 * needs. Checked and asked for holding Spring's context cache monitor, so no eviction
	 * comes in between.
	 */
	static boolean stillCached(TestContext testContext, DefaultPatchManager target) {
		Object monitor = CACHE_MONITOR;
		if (monitor == null) {
			return !target.isClosing();
		}
		synchronized (monitor) {
			if (target.isClosing()) {
				return false;
			}
			testContext.getApplicationContext();
			return !target.isClosing();
		}
	}

	/**
	 * Runs {@code load} (which asks Spring for the test context's context) holding
	 * Spring's context cache monitor from a last look at the open contexts on: none,
	 * without loading, when a context of that configuration is being created for someone
	 * else ({@code createdForOthers}) — its creation waits on that monitor in short steps
	 * and would otherwise be created a second time. Reentrant: Spring takes the same
	 * monitor while it loads.
	 */
	static @Nullable ApplicationContext unlessCreatedMeanwhile(TestContext testContext,
			Predicate<@Nullable DefaultPatchManager> createdForOthers, Supplier<ApplicationContext> load) {
		Object monitor = CACHE_MONITOR;
		if (monitor == null) {
			return load.get();
		}
		synchronized (monitor) {
			if (createdForOthers.test(managerFor(testContext))) {
				return null;
			}
			return load.get();
		}
	}

	/**
	 * Waits (outside Spring's context cache) while {@code target}'s context is being
	 * created by someone else, so that it is asked for once it is in the cache rather
	 * than created twice.
	 */
	static @Nullable DefaultPatchManager awaitStarted(DefaultPatchManager target, TestContext testContext, String who) {
		long deadline = System.nanoTime() + target.waitTimeout().toNanos();
		while (target.isStarting() && !target.isClosed()) {
			if (System.nanoTime() > deadline) {
				throw new PatchWaitTimeoutException(who, target.waitTimeout(),
						"the context " + target.set().description() + " (being created)");
			}
			try {
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(who + " was interrupted while waiting for its context", ex);
			}
		}
		return managerFor(testContext);
	}

	private static @Nullable Object defaultContextCache() {
		try {
			Class<?> type = Class
				.forName("org.springframework.test.context.cache.DefaultCacheAwareContextLoaderDelegate");
			Field field = ReflectionUtils.findField(type, "defaultContextCache");
			if (field == null) {
				return null;
			}
			ReflectionUtils.makeAccessible(field);
			return field.get(null);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return null;
		}
	}

	private static @Nullable String pauseMode(Object cache) {
		Field field = ReflectionUtils.findField(cache.getClass(), "pauseMode");
		if (field == null) {
			return null;
		}
		ReflectionUtils.makeAccessible(field);
		Object mode = ReflectionUtils.getField(field, cache);
		return (mode != null) ? mode.toString() : null;
	}

	private static @Nullable MergedContextConfiguration mergedConfig(TestContext testContext) {
		if (MERGED_CONFIG == null || !MERGED_CONFIG.getDeclaringClass().isInstance(testContext)) {
			return null;
		}
		return (MergedContextConfiguration) ReflectionUtils.getField(MERGED_CONFIG, testContext);
	}

	private static @Nullable Field mergedConfigField() {
		try {
			Class<?> type = Class.forName("org.springframework.test.context.support.DefaultTestContext");
			Field field = ReflectionUtils.findField(type, "mergedConfig", MergedContextConfiguration.class);
			if (field != null) {
				ReflectionUtils.makeAccessible(field);
			}
			return field;
		}
		catch (ClassNotFoundException | RuntimeException ex) {
			return null;
		}
	}

}
