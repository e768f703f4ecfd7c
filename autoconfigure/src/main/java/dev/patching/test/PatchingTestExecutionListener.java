package dev.patching.test;

import dev.patching.core.DefaultPatchManager;
import dev.patching.core.PatchOwners;
import dev.patching.core.PatchRegistry;
import dev.patching.core.Lease;
import dev.patching.core.Recorder;

import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Keeps a context's patches in effect while a test class that uses it runs, and at no other time:
 * before the class it puts the context's set in effect (waiting, under parallel execution, for
 * classes with a different set), after it gives it back. Listed in
 * {@code META-INF/spring.factories}, so every Spring test class has it.
 * <p>
 * It runs before every default listener and its after-callbacks run after them, so a context
 * that {@code @DirtiesContext} closes is closed while its patches are still in effect.
 */
public class PatchingTestExecutionListener extends AbstractTestExecutionListener {

	/** Before Spring's own listeners (the first of which has order 1000). */
	public static final int ORDER = 100;

	private static final String CLASS_LEASE = PatchingTestExecutionListener.class.getName() + ".lease";

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public void beforeTestClass(TestContext testContext) {
		Object owner = owner(testContext);
		PatchOwners.set(owner);
		if (!testContext.hasApplicationContext()) {
			// Create the context while no class with another patch set runs, and wait for that
			// here rather than inside Spring's context cache lock.
			PatchRegistry registry = PatchRegistry.jvm();
			Lease exclusive = registry.acquireExclusive(owner, who(testContext), PatchRegistry.defaultTimeout());
			try {
				testContext.getApplicationContext();
			}
			finally {
				registry.release(exclusive);
			}
		}
		sync(testContext, owner);
	}

	@Override
	public void prepareTestInstance(TestContext testContext) {
		enter(testContext);
	}

	@Override
	public void beforeTestMethod(TestContext testContext) {
		enter(testContext);
	}

	@Override
	public void beforeTestExecution(TestContext testContext) {
		enter(testContext);
	}

	@Override
	public void afterTestClass(TestContext testContext) {
		try {
			ClassLease held = (ClassLease) testContext.removeAttribute(CLASS_LEASE);
			if (held != null) {
				try {
					held.report().classFinished(testContext.getTestClass(), held.totalsAtStart(), held.manager());
				}
				finally {
					held.manager().exit(held.lease());
				}
			}
		}
		finally {
			PatchOwners.clear();
		}
	}

	private void enter(TestContext testContext) {
		Object owner = owner(testContext);
		PatchOwners.set(owner);
		if (testContext.hasApplicationContext()) {
			sync(testContext, owner);
		}
	}

	/** Holds a lease on the set of the context the class uses now (it changes after a dirtied context is reloaded). */
	private void sync(TestContext testContext, Object owner) {
		ApplicationContext context = testContext.getApplicationContext();
		DefaultPatchManager manager = PatchManagerRegistrar.managerOf(context);
		ClassLease held = (ClassLease) testContext.getAttribute(CLASS_LEASE);
		if (held != null && held.manager() == manager && !held.lease().isReleased()) {
			return;
		}
		PatchingReport report = context.getBean(PatchingReport.BEAN_NAME, PatchingReport.class);
		Lease lease = manager.enter(owner, who(testContext) + " using " + manager.set().description());
		testContext.setAttribute(CLASS_LEASE, new ClassLease(manager, lease, report, manager.totals()));
		if (held != null) {
			held.manager().exit(held.lease());
		}
	}

	/** A class and its {@code @Nested} classes are one owner: they may stack different sets. */
	private static Object owner(TestContext testContext) {
		Class<?> owner = testContext.getTestClass();
		while (owner.getEnclosingClass() != null && !java.lang.reflect.Modifier.isStatic(owner.getModifiers())) {
			owner = owner.getEnclosingClass();
		}
		return owner;
	}

	private static String who(TestContext testContext) {
		return "test class " + testContext.getTestClass().getName();
	}

	private record ClassLease(DefaultPatchManager manager, Lease lease, PatchingReport report, Recorder.Totals totalsAtStart) {

	}

}
