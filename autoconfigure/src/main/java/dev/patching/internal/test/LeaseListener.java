package dev.patching.internal.test;

import dev.patching.internal.core.DefaultPatchManager;
import dev.patching.internal.core.PatchOwners;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Keeps a context's patches in effect while a test class that uses it runs, and at no
 * other time. The work of {@link dev.patching.PatchingTestExecutionListener}, which every
 * Spring test class has and which forwards each callback here; it runs before every
 * default listener and its after-callbacks run after theirs.
 * <p>
 * Who holds a lease, when (see {@link dev.patching.internal.core.PatchRegistry} for what
 * leases allow):
 * <ul>
 * <li>The class ({@link ClassRun}), from {@code beforeTestClass} to
 * {@code afterTestClass}: on its context's set when the context is open already (so
 * {@code @BeforeAll} sees it), else an exclusive lease (the clean JVM) until the context
 * exists. It never loads the context itself before Spring would: conditions, assumptions
 * and {@code @BeforeAll} run first, as without us.</li>
 * <li>When Spring is about to ask for the context (preparing a test instance, before each
 * method), the class makes sure it holds the context's set first — waiting, if it must,
 * here and not inside Spring's context cache, where a wait would stall every other class.
 * A context whose set is not known yet is created under the class's exclusive lease; its
 * creation lease is the class's until the class holds its own. A class whose context
 * someone unrelated is creating (a condition with {@code loadContext}, another class)
 * waits for it without an exclusive lease, which that creation would wait for in turn. A
 * cached context is asked for once under Spring's cache monitor before Spring asks, so
 * that an eviction in between cannot make Spring create it again without that lease.</li>
 * <li>A context created, paused, restarted or closed while its thread holds Spring's
 * cache monitor (by a condition, by an eviction) never blocks there: it takes its lease
 * in one step when it may, else waits on that monitor in short steps, letting every other
 * class use the cache meanwhile.</li>
 * <li>Each test method execution ({@link MethodRun}), from its instance's preparation to
 * {@code afterTestMethod}, on its own thread: parallel methods share their class's lease,
 * and a class's methods never overlap a {@code @Nested} class with another set. From
 * {@code beforeTestMethod} on, its lease is on the set with the method's
 * {@code @PatchingOverride}s layered on the class's (a class's own are in its lease
 * throughout); while it waits for a set its class does not hold, the class's lease holds
 * nobody back (see {@link dev.patching.internal.core.PatchRegistry}).</li>
 * <li>The context itself while it is created, paused, restarted or closed, for the owner
 * acting on that thread ({@link PatchManagerRegistrar}, {@link PatchingLifecycle}).</li>
 * </ul>
 */
class LeaseListener extends AbstractTestExecutionListener {

	/** Before Spring's own listeners (the first of which has order 1000). */
	public static final int ORDER = 100;

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public void beforeTestClass(TestContext testContext) {
		ClassRun run = ClassRun.of(testContext);
		run.started();
		run.beforeClass(testContext, dirtiesBeforeClass(testContext.getTestClass()));
	}

	@Override
	public void prepareTestInstance(TestContext testContext) {
		ClassRun run = ClassRun.of(testContext);
		if (!run.isStarted()) {
			// PER_CLASS: the instance is prepared before beforeTestClass.
			run.putOnThread();
			run.establish(testContext, run);
			return;
		}
		DefaultPatchManager target = Contexts.managerFor(testContext);
		if (target != null && run.isOn(target)) {
			// The class holds its context's set; the method's own lease starts with
			// beforeTestMethod
			// (JUnit 5 also prepares enclosing instances of a @Nested test here, with no
			// method to follow).
			return;
		}
		enter(run, MethodRun.on(run), testContext);
	}

	@Override
	public void beforeTestMethod(TestContext testContext) {
		ClassRun run = ClassRun.of(testContext);
		MethodRun method = MethodRun.on(run);
		method.runs(testContext.getTestMethod());
		if (dirtiesBeforeMethod(testContext)) {
			// Spring closes the context next and creates another: hold the clean JVM for
			// it here.
			PatchOwners.set(method);
			method.holdExclusive(method + " (its context is created again)", testContext);
			return;
		}
		enter(run, method, testContext);
	}

	@Override
	public void beforeTestExecution(TestContext testContext) {
		ClassRun run = ClassRun.of(testContext);
		enter(run, MethodRun.on(run), testContext);
	}

	@Override
	public void afterTestMethod(TestContext testContext) {
		Throwable failure = testContext.getTestException();
		if (failure != null && PatchingReport.isContextLoadFailure(failure)) {
			// Spring loaded the context outside this listener (e.g. again after a
			// @DirtiesContext before the method).
			ClassRun.of(testContext).contextFailed(testContext, failure);
		}
		MethodRun method = MethodRun.current();
		if (method != null) {
			method.finish();
		}
	}

	@Override
	public void afterTestClass(TestContext testContext) {
		ClassRun.of(testContext).finish();
	}

	private static void enter(ClassRun run, MethodRun method, TestContext testContext) {
		PatchOwners.set(method);
		try {
			DefaultPatchManager manager = run.establish(testContext, method);
			method.enter(manager, method + " using " + manager.set().description(), testContext);
		}
		catch (RuntimeException | Error ex) {
			// JUnit calls no after-method callback for an instance it could not prepare.
			method.finish();
			throw ex;
		}
	}

	private static boolean dirtiesBeforeClass(Class<?> testClass) {
		DirtiesContext dirties = TestContextAnnotationUtils.findMergedAnnotation(testClass, DirtiesContext.class);
		return dirties != null && dirties.classMode() == DirtiesContext.ClassMode.BEFORE_CLASS;
	}

	private static boolean dirtiesBeforeMethod(TestContext testContext) {
		DirtiesContext onMethod = AnnotatedElementUtils.findMergedAnnotation(testContext.getTestMethod(),
				DirtiesContext.class);
		if (onMethod != null) {
			return onMethod.methodMode() == DirtiesContext.MethodMode.BEFORE_METHOD;
		}
		DirtiesContext onClass = TestContextAnnotationUtils.findMergedAnnotation(testContext.getTestClass(),
				DirtiesContext.class);
		return onClass != null && onClass.classMode() == DirtiesContext.ClassMode.BEFORE_EACH_TEST_METHOD;
	}

}
