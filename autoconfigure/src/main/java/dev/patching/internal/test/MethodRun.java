package dev.patching.internal.test;

import java.lang.reflect.Method;
import java.util.Map;

import dev.patching.internal.core.PatchOwners;
import org.jspecify.annotations.Nullable;

/**
 * One execution of a test method, from its instance's preparation through its
 * after-callbacks, on one thread. Its own lease keeps a class's methods apart from
 * {@code @Nested} classes with other sets, which JUnit may run at the same time.
 */
final class MethodRun extends Run {

	private static final ThreadLocal<MethodRun> CURRENT = new ThreadLocal<>();

	private final ClassRun classRun;

	/**
	 * The owner this thread had before (its class's run, another class's a worker thread
	 * came from, or none).
	 */
	private final @Nullable Object previousOwner = PatchOwners.get();

	/** The class's overrides with the method's layered on, once the method is known. */
	private volatile Map<String, String> overrides;

	private MethodRun(ClassRun classRun) {
		super(classRun, "a test method of " + classRun.testClass().getName());
		this.classRun = classRun;
		this.overrides = classRun.overrides();
	}

	/**
	 * The method this run executes (not known while its instance is prepared): its
	 * {@code @PatchingOverride} properties apply from now on.
	 */
	void runs(Method testMethod) {
		this.overrides = Overrides.ofMethod(this.classRun.overrides(), testMethod);
	}

	@Override
	public Map<String, String> overrides() {
		return this.overrides;
	}

	/**
	 * The method run of {@code classRun} on this thread, started now if there is none. A
	 * run of another class on this thread is over: JUnit prepares the enclosing instances
	 * of a {@code @Nested} test first (JUnit 5 through the enclosing class's own
	 * listeners), and no after-method callback follows for them.
	 */
	static MethodRun on(ClassRun classRun) {
		MethodRun current = CURRENT.get();
		if (current != null && current.classRun != classRun) {
			current.finish();
			current = null;
		}
		if (current == null) {
			current = new MethodRun(classRun);
			CURRENT.set(current);
		}
		return current;
	}

	/** The method run on this thread, if any. */
	static @Nullable MethodRun current() {
		return CURRENT.get();
	}

	ClassRun classRun() {
		return this.classRun;
	}

	/** What a test method does on its thread is its class's. */
	@Override
	public ClassRun recordsFor() {
		return this.classRun;
	}

	/**
	 * After the method: give everything back, forget the run on this thread and put the
	 * thread's owner back.
	 */
	void finish() {
		try {
			end();
		}
		finally {
			CURRENT.remove();
			PatchOwners.set((this.previousOwner != this) ? this.previousOwner : null);
		}
	}

}
