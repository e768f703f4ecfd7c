package dev.patching.internal.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.patching.PatchManager;
import dev.patching.internal.config.PatchSetFactory;
import dev.patching.internal.core.DefaultPatchManager;
import dev.patching.internal.core.Lease;
import dev.patching.internal.core.Owner;
import dev.patching.internal.core.PatchOwners;
import dev.patching.internal.core.PatchRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.boot.env.PropertySourceLoader;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.util.ClassUtils;

/**
 * The work of {@link dev.patching.PatchingExtension}: test classes without a Spring
 * context hold leases like Spring test classes do, on one set for all of them (the
 * {@code patching.*} defaults of the test class path) with their overrides layered on.
 * <p>
 * Who holds a lease, when: a plain class from {@code beforeAll} to {@code afterAll}
 * (nested in its enclosing class's run for {@code @Nested} classes), each of its test
 * methods from {@code beforeEach} to {@code afterEach}, on its thread. The set's hooks
 * are installed when the first plain class needs them and removed when the test run ends.
 */
public final class PlainClasses
		implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

	/** The JUnit configuration parameter that turns the extension on for every class. */
	static final String SWITCH = "patching.plain-classes";

	private static final String DESCRIPTION = "plain test classes (the patching.* properties of the test class"
			+ " path's application.properties / application.yaml)";

	private static final String SPRING_EXTENSION = "org.springframework.test.context.junit.jupiter.SpringExtension";

	private static final Namespace NAMESPACE = Namespace.create(PlainClasses.class);

	private static final String CLASS_RUN = "class run";

	private static final String METHOD_RUN = "method run";

	private static final Object LOCK = new Object();

	/** The one manager of every plain class in this JVM while a test run lasts. */
	private static @Nullable DefaultPatchManager manager;

	@Override
	public void beforeAll(ExtensionContext context) {
		enterClass(context);
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		enterMethod(context);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		exit(context, METHOD_RUN);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		exit(context, CLASS_RUN);
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == PatchManager.class && isActive(extensionContext);
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return manager(extensionContext);
	}

	/** Whether the class (and method, if any) of {@code context} takes part. */
	static boolean isActive(ExtensionContext context) {
		if (classTakesPart(context)) {
			return true;
		}
		if (isSpringClass(context.getRequiredTestClass())) {
			return false;
		}
		Optional<Method> method = context.getTestMethod();
		return method.isPresent() && !Overrides.ofMethod(Map.of(), method.get()).isEmpty();
	}

	private static void enterClass(ExtensionContext context) {
		if (!classTakesPart(context)) {
			return;
		}
		Class<?> testClass = context.getRequiredTestClass();
		PlainRun enclosing = context.getStore(NAMESPACE).get(CLASS_RUN, PlainRun.class);
		PlainRun run = new PlainRun(enclosing, "test class " + testClass.getName(), Overrides.ofClass(testClass),
				false);
		run.enter(manager(context));
		context.getStore(NAMESPACE).put(CLASS_RUN, run);
	}

	private static void enterMethod(ExtensionContext context) {
		if (!isActive(context)) {
			return;
		}
		Class<?> testClass = context.getRequiredTestClass();
		PlainRun classRun = context.getStore(NAMESPACE).get(CLASS_RUN, PlainRun.class);
		Map<String, String> base = (classRun != null) ? classRun.overrides() : Overrides.ofClass(testClass);
		PlainRun run = new PlainRun(classRun, "a test method of " + testClass.getName(),
				Overrides.ofMethod(base, context.getRequiredTestMethod()), true);
		run.enter(manager(context));
		context.getStore(NAMESPACE).put(METHOD_RUN, run);
	}

	private static void exit(ExtensionContext context, String key) {
		PlainRun run = context.getStore(NAMESPACE).remove(key, PlainRun.class);
		if (run != null) {
			run.exit();
		}
	}

	/** The manager of plain classes, created for the first one. */
	static PatchManager manager(ExtensionContext context) {
		synchronized (LOCK) {
			DefaultPatchManager current = manager;
			if (current != null && !current.isClosed()) {
				return current;
			}
			ClassLoader classLoader = ClassUtils.getDefaultClassLoader();
			ConfigurableEnvironment environment = defaults(classLoader);
			PatchSetFactory.Settings settings = PatchSetFactory.create(environment, classLoader, DESCRIPTION);
			DefaultPatchManager created = new DefaultPatchManager(settings.set(), settings.properties().isEnabled(),
					settings.properties().getWaitTimeout(), PatchRegistry.jvm(),
					PatchSetFactory.deriver(environment, classLoader, DESCRIPTION));
			// Its hooks, held until the test run ends; the set is in effect only while a
			// class or method holds a lease.
			created.starting();
			created.releaseCreation();
			context.getRoot().getStore(NAMESPACE).put(Closer.class, new Closer(created));
			manager = created;
			return created;
		}
	}

	/**
	 * The system properties, the environment variables and the test class path's
	 * {@code application.properties}, {@code application.yaml} / {@code .yml}, in
	 * {@code config/} and at the root, as Spring Boot would order them (no profiles).
	 */
	private static ConfigurableEnvironment defaults(@Nullable ClassLoader classLoader) {
		StandardEnvironment environment = new StandardEnvironment();
		List<PropertySourceLoader> loaders = List.of(new PropertiesPropertySourceLoader(),
				new YamlPropertySourceLoader());
		for (String name : List.of("config/application.properties", "config/application.yaml", "config/application.yml",
				"application.properties", "application.yaml", "application.yml")) {
			Resource resource = new ClassPathResource(name, classLoader);
			if (!resource.exists()) {
				continue;
			}
			for (PropertySourceLoader loader : loaders) {
				if (List.of(loader.getFileExtensions()).contains(name.substring(name.lastIndexOf('.') + 1))) {
					try {
						for (PropertySource<?> source : loader.load("classpath:/" + name, resource)) {
							environment.getPropertySources().addLast(source);
						}
					}
					catch (IOException ex) {
						throw new UncheckedIOException("patching could not read " + name
								+ " from the test class path for its plain test classes", ex);
					}
				}
			}
		}
		return environment;
	}

	/**
	 * Whether the whole class takes part: not a Spring class, and the switch is on or the
	 * class carries overrides.
	 */
	private static boolean classTakesPart(ExtensionContext context) {
		Class<?> testClass = context.getRequiredTestClass();
		return !isSpringClass(testClass) && (switchedOn(context) || !Overrides.ofClass(testClass).isEmpty());
	}

	private static boolean switchedOn(ExtensionContext context) {
		return context.getConfigurationParameter(SWITCH).map(Boolean::parseBoolean).orElse(false);
	}

	/**
	 * Whether Spring's extension runs the class (it, or a class it is nested in, carries
	 * {@code @ExtendWith(SpringExtension.class)}, directly or through an annotation such
	 * as {@code @SpringBootTest}).
	 */
	static boolean isSpringClass(Class<?> testClass) {
		for (Class<?> current = testClass; current != null; current = current.getEnclosingClass()) {
			boolean spring = MergedAnnotations.from(current, SearchStrategy.TYPE_HIERARCHY)
				.stream(ExtendWith.class)
				.flatMap((extendWith) -> List.of(extendWith.getClassArray("value")).stream())
				.anyMatch((extension) -> extension.getName().equals(SPRING_EXTENSION));
			if (spring) {
				return true;
			}
		}
		return false;
	}

	/** A plain class or test method while it runs, as the owner of its lease. */
	private static final class PlainRun extends Owner {

		/** A test method's run: what it does on its thread is its class's. */
		private final boolean method;

		private final @Nullable Object previous = PatchOwners.get();

		private @Nullable DefaultPatchManager entered;

		private @Nullable Lease lease;

		PlainRun(@Nullable PlainRun parent, String name, Map<String, String> overrides, boolean method) {
			super(parent, name, overrides);
			this.method = method;
		}

		@Override
		public Owner recordsFor() {
			Owner parent = parent();
			return (this.method && parent != null) ? parent.recordsFor() : this;
		}

		void enter(PatchManager target) {
			DefaultPatchManager manager = (DefaultPatchManager) target;
			PatchOwners.set(this);
			try {
				this.lease = manager.enter(this, this + " using " + manager.setWith(overrides()).description(),
						Set.of(), overrides());
				this.entered = manager;
			}
			catch (RuntimeException | Error ex) {
				PatchOwners.set(this.previous);
				throw ex;
			}
		}

		void exit() {
			try {
				if (this.entered != null && this.lease != null) {
					this.entered.exit(this.lease);
				}
			}
			finally {
				PatchOwners.set(this.previous);
			}
		}

	}

	/** Closes the plain classes' manager when the test run ends (JUnit's root store). */
	@SuppressWarnings("deprecation")
	private record Closer(
			DefaultPatchManager closed) implements ExtensionContext.Store.CloseableResource, AutoCloseable {

		@Override
		public void close() {
			synchronized (LOCK) {
				if (manager == this.closed) {
					manager = null;
				}
			}
			if (!this.closed.isClosed()) {
				this.closed.closing();
				this.closed.close();
			}
		}

	}

}
