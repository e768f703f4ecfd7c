package dev.patching;

import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * Patches for JUnit Jupiter test classes without a Spring context: the {@code patching.*}
 * properties of the test class path's {@code application.properties} /
 * {@code application.yaml} (and system properties), with the class's and method's
 * {@link PatchingOverride}s layered on, in effect from {@code @BeforeAll} to
 * {@code @AfterAll}, coordinated with Spring test classes as contexts are (sets that
 * differ never overlap). A {@link PatchManager} parameter gives its records.
 * <p>
 * For every class of the module, put in
 * {@code src/test/resources/junit-platform.properties}: <pre>
 * junit.jupiter.extensions.autodetection.enabled=true
 * patching.plain-classes=true
 * </pre> (the first is JUnit's switch for extensions found on the class path; the second
 * keeps a project that has it on already unchanged by adding patching). A class or method
 * annotated with {@code @PatchingOverride} or {@code @NoNetwork} gets this extension
 * without either line. Spring test classes are left to
 * {@link PatchingTestExecutionListener}.
 */
public final class PatchingExtension
		implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

	private static final String FACTORIES = "META-INF/patching.factories";

	private final Delegate delegate = delegate();

	@Override
	public void beforeAll(ExtensionContext context) throws Exception {
		this.delegate.beforeAll(context);
	}

	@Override
	public void beforeEach(ExtensionContext context) throws Exception {
		this.delegate.beforeEach(context);
	}

	@Override
	public void afterEach(ExtensionContext context) throws Exception {
		this.delegate.afterEach(context);
	}

	@Override
	public void afterAll(ExtensionContext context) throws Exception {
		this.delegate.afterAll(context);
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return this.delegate.supportsParameter(parameterContext, extensionContext);
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return this.delegate.resolveParameter(parameterContext, extensionContext);
	}

	private static Delegate delegate() {
		ClassLoader classLoader = PatchingExtension.class.getClassLoader();
		List<Extension> found = SpringFactoriesLoader.forResourceLocation(FACTORIES, classLoader).load(Extension.class);
		if (found.size() != 1 || !(found.get(0) instanceof BeforeAllCallback && found.get(0) instanceof AfterAllCallback
				&& found.get(0) instanceof BeforeEachCallback && found.get(0) instanceof AfterEachCallback
				&& found.get(0) instanceof ParameterResolver)) {
			throw new IllegalStateException("patching's jar must name exactly one JUnit extension in " + FACTORIES
					+ ", but it names " + found + ": the jar is incomplete, or was repackaged without it.");
		}
		return new Delegate(found.get(0));
	}

	/** The internal extension, by the callbacks it has. */
	private record Delegate(Extension extension) {

		void beforeAll(ExtensionContext context) throws Exception {
			((BeforeAllCallback) this.extension).beforeAll(context);
		}

		void beforeEach(ExtensionContext context) throws Exception {
			((BeforeEachCallback) this.extension).beforeEach(context);
		}

		void afterEach(ExtensionContext context) throws Exception {
			((AfterEachCallback) this.extension).afterEach(context);
		}

		void afterAll(ExtensionContext context) throws Exception {
			((AfterAllCallback) this.extension).afterAll(context);
		}

		boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
			return ((ParameterResolver) this.extension).supportsParameter(parameterContext, extensionContext);
		}

		Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
			return ((ParameterResolver) this.extension).resolveParameter(parameterContext, extensionContext);
		}

	}

}
