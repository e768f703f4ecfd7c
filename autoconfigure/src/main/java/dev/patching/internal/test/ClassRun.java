package dev.patching.internal.test;

import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.patching.internal.core.DefaultPatchManager;
import dev.patching.internal.core.PatchOwners;
import dev.patching.internal.core.Recorder;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestContext;

/**
 * One test class while it runs. Shared by every copy of its {@link TestContext} (under
 * parallel method execution each worker thread has its own copy, so state kept in the
 * context's attributes would be lost), and nested in the run of its enclosing class for
 * {@code @Nested} classes.
 */
final class ClassRun extends Run {

	private static final Map<Class<?>, ClassRun> RUNNING = new ConcurrentHashMap<>();

	private final Class<?> testClass;

	private volatile @Nullable Thread thread;

	/**
	 * The owner the class's thread had before (the enclosing class's run for a
	 * {@code @Nested} class).
	 */
	private @Nullable Object previousOwner;

	private boolean onThread;

	private @Nullable DefaultPatchManager reported;

	private Recorder.@Nullable Mark atStart;

	private @Nullable PatchingReport report;

	/**
	 * The first line of why the class's context failed to load, and where to report it;
	 * none while it has not failed.
	 */
	private @Nullable String failure;

	private @Nullable PatchingReport failureReport;

	/**
	 * Its overrides are its {@code @PatchingOverride} properties (and its enclosing
	 * classes').
	 */
	private ClassRun(@Nullable ClassRun parent, Class<?> testClass) {
		super(parent, "test class " + testClass.getName(), Overrides.ofClass(testClass));
		this.testClass = testClass;
	}

	/** The run of the context's test class, started now if it is not running yet. */
	static ClassRun of(TestContext testContext) {
		Class<?> testClass = testContext.getTestClass();
		return RUNNING.computeIfAbsent(testClass, (key) -> new ClassRun(enclosingRun(key), key));
	}

	private static @Nullable ClassRun enclosingRun(Class<?> testClass) {
		Class<?> enclosing = testClass.getEnclosingClass();
		if (enclosing == null || Modifier.isStatic(testClass.getModifiers())) {
			return null;
		}
		return RUNNING.get(enclosing);
	}

	Class<?> testClass() {
		return this.testClass;
	}

	/**
	 * Whether {@code beforeTestClass} has run (with {@code PER_CLASS}, the instance is
	 * prepared before).
	 */
	boolean isStarted() {
		return this.thread != null;
	}

	void started() {
		this.thread = Thread.currentThread();
		putOnThread();
	}

	/**
	 * Makes this run the owner acting on the class's thread, remembering the one it
	 * replaces.
	 */
	synchronized void putOnThread() {
		if (!this.onThread) {
			this.onThread = true;
			this.previousOwner = PatchOwners.get();
		}
		PatchOwners.set(this);
	}

	/**
	 * Forgets a class that never started, and puts back the owner its thread had before
	 * it.
	 */
	private synchronized void abandon() {
		RUNNING.remove(this.testClass, this);
		if (this.onThread) {
			this.onThread = false;
			PatchOwners.set(this.previousOwner);
		}
	}

	boolean isClassThread() {
		return this.thread == Thread.currentThread();
	}

	/**
	 * Makes sure the class holds a lease on the set of its context as it is now, creating
	 * the context when its set is not known yet. {@code fetcher} (this run, or the method
	 * run asking) then holds an exclusive lease, so the creation — for that owner — never
	 * waits inside Spring's context cache: not for other classes, nor for {@code @Nested}
	 * siblings. Returns the context's manager.
	 */
	synchronized DefaultPatchManager establish(TestContext testContext, Run fetcher) {
		while (true) {
			DefaultPatchManager target = Contexts.managerFor(testContext);
			if (createdBySomeoneElse(target, fetcher)) {
				target = awaitCreation(target, testContext, fetcher);
			}
			if (target != null && isOn(target) && Contexts.stillCached(testContext, target)) {
				return target;
			}
			if (target != null && !isOn(target) && Contexts.mayEnterWithoutCreating(target, testContext)) {
				enterAndTrack(target, testContext);
				if (Contexts.stillCached(testContext, target)) {
					return target;
				}
			}
			if (fetcher != this) {
				dropClosed();
			}
			fetcher.holdExclusive(fetcher + " (creating its context)", testContext);
			ApplicationContext context;
			try {
				context = Contexts.unlessCreatedMeanwhile(testContext,
						(started) -> createdBySomeoneElse(started, fetcher), testContext::getApplicationContext);
			}
			catch (RuntimeException | Error ex) {
				loadFailed(testContext, fetcher, ex);
				throw ex;
			}
			if (context != null) {
				DefaultPatchManager manager = Contexts.managerOf(context);
				enterAndTrack(manager, testContext);
				return manager;
			}
			// Someone else started creating it just before: wait for theirs instead.
		}
	}

	/**
	 * Whether {@code target}'s context is being created for an owner other than this run
	 * and {@code fetcher}.
	 */
	private boolean createdBySomeoneElse(@Nullable DefaultPatchManager target, Run fetcher) {
		return target != null && target.isStarting() && !hasAdopted(target) && !fetcher.hasAdopted(target);
	}

	/**
	 * Waits (outside Spring's cache) until the context someone else is creating is there.
	 * When the creator is not related to this class, the exclusive leases this class and
	 * {@code fetcher} hold are given back first: the creation may be waiting for them.
	 * When it is (a method of this class), they stay, and keep other sets away from this
	 * class's methods.
	 */
	private @Nullable DefaultPatchManager awaitCreation(DefaultPatchManager target, TestContext testContext,
			Run fetcher) {
		if (!target.isCreatedFor(this)) {
			fetcher.releaseExclusive();
			releaseExclusive();
		}
		return Contexts.awaitStarted(target, testContext, toString());
	}

	/**
	 * Spring could not give the class its context: what the class and {@code fetcher}
	 * hold is settled (outside Spring's context cache: it may wait).
	 */
	private void loadFailed(TestContext testContext, Run fetcher, Throwable ex) {
		try {
			contextFailed(testContext, ex);
		}
		finally {
			if (isStarted()) {
				// The class keeps the clean JVM until it ends (its @AfterAll runs
				// under no other set), taken before the fetcher's lets go so that no
				// other set slips in between.
				try {
					holdExclusive(this + " (its context failed to load)", testContext);
				}
				finally {
					if (fetcher != this) {
						fetcher.end();
					}
				}
			}
			else {
				// PER_CLASS: the instance could not be prepared, so the class never
				// starts and no afterTestClass will come to give anything back, nor to
				// put the thread's owner back.
				try {
					fetcher.end();
					end();
				}
				finally {
					abandon();
				}
			}
		}
	}

	/**
	 * Before the class's first callback: its context's set when known, else the clean
	 * JVM.
	 */
	synchronized void beforeClass(TestContext testContext, boolean contextClosedFirst) {
		DefaultPatchManager target = Contexts.managerFor(testContext);
		if (createdBySomeoneElse(target, this)) {
			target = awaitCreation(target, testContext, this);
		}
		if (target != null && isOn(target)) {
			return;
		}
		if (target != null && !contextClosedFirst && Contexts.mayEnterWithoutCreating(target, testContext)) {
			enterAndTrack(target, testContext);
		}
		else {
			holdExclusive(toString() + " (its context is not created yet)", testContext);
		}
	}

	private void enterAndTrack(DefaultPatchManager manager, TestContext testContext) {
		enter(manager, toString() + " using " + manager.set().description(), testContext);
		if (this.reported != manager) {
			this.reported = manager;
			this.atStart = manager.mark();
			this.report = Contexts.reportOf(manager);
		}
	}

	/**
	 * Spring could not give the class its context: remembered (the first time) for the
	 * class's report line, with the report settings it goes by.
	 */
	synchronized void contextFailed(TestContext testContext, Throwable cause) {
		if (this.failure == null) {
			this.failure = PatchingReport.cause(cause, Contexts.configKey(testContext));
			this.failureReport = Contexts.reportAfterFailure(testContext);
		}
	}

	/** After the class: report, give everything back, forget the run. */
	void finish() {
		try {
			DefaultPatchManager manager;
			Recorder.Mark start;
			PatchingReport classReport;
			String failed;
			PatchingReport failedReport;
			synchronized (this) {
				manager = this.reported;
				start = this.atStart;
				classReport = this.report;
				failed = this.failure;
				failedReport = this.failureReport;
			}
			if (classReport != null) {
				classReport.classFinished(this.testClass, start, manager, this, failed);
			}
			else if (failedReport != null) {
				failedReport.contextFailed(this.testClass, failed);
			}
		}
		finally {
			try {
				end();
			}
			finally {
				RUNNING.remove(this.testClass, this);
				if (isClassThread()) {
					PatchOwners.set(this.previousOwner);
				}
			}
		}
	}

}
