package dev.patching.lifecycle.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import dev.patching.lifecycle.fuzz.FuzzSets.View;

/**
 * What every callback of a suite saw: which set was in effect at its start and its end,
 * which set it should have seen, on which thread, when.
 */
public final class FuzzJournal {

	/** What a class is, for the callbacks that only know their class. */
	public record Role(String label, boolean plain, boolean abortInBeforeAll) {

	}

	/**
	 * One callback. {@code who} is the test class (simple name) or, for beans, the
	 * context name; {@code expected} a set label or {@link FuzzSets#CLEAN}.
	 */
	public record Entry(String what, String who, String expected, boolean plain, View atStart, View atEnd,
			String thread, long start, long end) {

		public boolean isBean() {
			return what.startsWith("bean ");
		}

		@Override
		public String toString() {
			return String.format("%-16s %-34s expected %-3s saw %s%s on %s @%d..%d", this.what, this.who, this.expected,
					this.atStart, this.atStart.equals(this.atEnd) ? "" : " then " + this.atEnd, this.thread,
					this.start / 1000, this.end / 1000);
		}

	}

	private static final List<Entry> ENTRIES = new ArrayList<>();

	private static final Map<Class<?>, Role> ROLES = new ConcurrentHashMap<>();

	private static volatile long origin = System.nanoTime();

	private FuzzJournal() {
	}

	static void role(Class<?> testClass, Role role) {
		ROLES.put(testClass, role);
	}

	static Role roleOf(Class<?> testClass) {
		Role role = ROLES.get(testClass);
		if (role == null) {
			throw new IllegalStateException("no role for " + testClass.getName());
		}
		return role;
	}

	/** Starts a suite's journal. */
	static synchronized void clear() {
		ENTRIES.clear();
		origin = System.nanoTime();
	}

	static synchronized List<Entry> entries() {
		return List.copyOf(ENTRIES);
	}

	/**
	 * Records a callback of a test class; {@code pauseMillis} keeps it running for a
	 * while.
	 */
	static void inClass(String what, Class<?> testClass, int pauseMillis) {
		Role role = roleOf(testClass);
		record(what, nameOf(testClass), role.plain() ? FuzzSets.CLEAN : role.label(), role.plain(), pauseMillis);
	}

	/**
	 * A class's name in the journal: its simple name, for a @Nested class prefixed with
	 * the outer one's.
	 */
	static String nameOf(Class<?> testClass) {
		Class<?> outer = testClass.getEnclosingClass();
		boolean inner = outer != null && !java.lang.reflect.Modifier.isStatic(testClass.getModifiers());
		return inner ? outer.getSimpleName() + "." + testClass.getSimpleName() : testClass.getSimpleName();
	}

	/**
	 * Records a callback of a bean of the context named {@code context}, which expects
	 * {@code label}.
	 */
	static void inBean(String what, String context, String label) {
		record("bean " + what, context, label, false, 0);
	}

	private static void record(String what, String who, String expected, boolean plain, int pauseMillis) {
		long start = System.nanoTime();
		View atStart = FuzzSets.look();
		View atEnd = atStart;
		if (pauseMillis > 0) {
			LockSupport.parkNanos(pauseMillis * 1_000_000L);
			atEnd = FuzzSets.look();
		}
		long end = System.nanoTime();
		Entry entry = new Entry(what, who, expected, plain, atStart, atEnd, Thread.currentThread().getName(),
				start - origin, end - origin);
		synchronized (FuzzJournal.class) {
			ENTRIES.add(entry);
		}
	}

}
