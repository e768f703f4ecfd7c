package dev.patching;

import java.util.List;

import org.springframework.core.Ordered;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Keeps a context's patches in effect while a test class that uses it runs, and at no
 * other time. Listed in {@code META-INF/spring.factories}, so every Spring test class has
 * it. A test class that declares {@code @TestExecutionListeners} without
 * {@code mergeMode = MERGE_WITH_DEFAULTS} must list it when it switches a patch on; its
 * context fails to start otherwise, rather than leak its patches into later classes.
 * <p>
 * Each callback is forwarded to patching's internal listener, which
 * {@code META-INF/patching.factories} names.
 */
public final class PatchingTestExecutionListener implements TestExecutionListener, Ordered {

	private static final String FACTORIES = "META-INF/patching.factories";

	private final TestExecutionListener delegate = delegate();

	@Override
	public void beforeTestClass(TestContext testContext) throws Exception {
		this.delegate.beforeTestClass(testContext);
	}

	@Override
	public void prepareTestInstance(TestContext testContext) throws Exception {
		this.delegate.prepareTestInstance(testContext);
	}

	@Override
	public void beforeTestMethod(TestContext testContext) throws Exception {
		this.delegate.beforeTestMethod(testContext);
	}

	@Override
	public void beforeTestExecution(TestContext testContext) throws Exception {
		this.delegate.beforeTestExecution(testContext);
	}

	@Override
	public void afterTestExecution(TestContext testContext) throws Exception {
		this.delegate.afterTestExecution(testContext);
	}

	@Override
	public void afterTestMethod(TestContext testContext) throws Exception {
		this.delegate.afterTestMethod(testContext);
	}

	@Override
	public void afterTestClass(TestContext testContext) throws Exception {
		this.delegate.afterTestClass(testContext);
	}

	/** Before Spring's own listeners, the first of which has order 1000. */
	@Override
	public int getOrder() {
		return ((Ordered) this.delegate).getOrder();
	}

	private static TestExecutionListener delegate() {
		ClassLoader classLoader = PatchingTestExecutionListener.class.getClassLoader();
		List<TestExecutionListener> found = SpringFactoriesLoader.forResourceLocation(FACTORIES, classLoader)
			.load(TestExecutionListener.class);
		if (found.size() != 1 || !(found.get(0) instanceof Ordered)) {
			throw new IllegalStateException("patching's jar must name exactly one ordered TestExecutionListener in "
					+ FACTORIES + ", but it names " + found + ": the jar is incomplete, or was repackaged without it.");
		}
		return found.get(0);
	}

}
