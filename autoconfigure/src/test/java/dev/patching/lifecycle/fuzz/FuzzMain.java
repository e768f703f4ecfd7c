package dev.patching.lifecycle.fuzz;

import java.util.List;

import dev.patching.it.support.LoopbackServer;

/**
 * Runs suites in a JVM of its own (the context cache's size and pause mode are fixed per
 * JVM): {@code FuzzMain deadlineEpochMillis seed...}. Prints one {@code FUZZ} line per
 * suite; stops early, saying {@code FUZZ TAINTED}, when a suite failed or left the JVM
 * unfit for the next one, and stops starting suites after the deadline.
 */
public final class FuzzMain {

	/**
	 * A suite still running after this has stalled (a suite takes a few seconds at most).
	 */
	static final long STALL_MILLIS = 1000 * Long.getLong("fuzz.stallSeconds", 30);

	private FuzzMain() {
	}

	public static void main(String[] args) {
		long deadline = Long.parseLong(args[0]);
		FuzzSets.server = new LoopbackServer();
		warmUp();
		for (int i = 1; i < args.length; i++) {
			if (System.currentTimeMillis() > deadline) {
				break;
			}
			long seed = Long.parseLong(args[i]);
			FuzzSuite suite = FuzzSuite.generate(seed);
			say("BEGIN " + seed);
			Thread watchdog = watchdog(suite);
			FuzzCheck.Run run = FuzzRunner.run(suite);
			watchdog.interrupt();
			List<String> violations = FuzzCheck.violations(run);
			if (violations.isEmpty()) {
				say("PASS " + seed + " " + run.millis());
			}
			else {
				FuzzCheck.report(run, violations).lines().forEach((line) -> say("REPORT " + seed + " " + line));
				say("FAIL " + seed + " " + run.millis());
			}
			// A failing suite may leave state behind that the checks below do not see (a
			// context still cached, a lease of a thread that never ended): the next suite
			// starts in a new JVM, so that a failure is never inherited.
			if (!violations.isEmpty() || !FuzzRunner.clean()) {
				say("TAINTED " + seed);
				System.out.flush();
				System.exit(3);
			}
		}
		say("DONE");
		System.out.flush();
		System.exit(0);
	}

	/**
	 * Starts Spring, the hooks and the logging system once, so that their one-time
	 * effects precede the first suite.
	 */
	private static void warmUp() {
		FuzzSuite suite = new FuzzSuite(0, FuzzSuite.Mode.SEQUENTIAL, 1, FuzzSuite.cacheOf(0),
				List.of(new FuzzSuite.Spec(1, FuzzSuite.Kind.BOOT, "A", 0, FuzzSuite.Feature.NONE, false, null),
						new FuzzSuite.Spec(2, FuzzSuite.Kind.BOOT, "Z", 0, FuzzSuite.Feature.NONE, false, null)));
		FuzzCheck.Run run = FuzzRunner.run(suite);
		List<String> violations = FuzzCheck.violations(run);
		if (!violations.isEmpty()) {
			FuzzCheck.report(run, violations).lines().forEach((line) -> say("WARMUP " + line));
		}
		if (!FuzzRunner.clean()) {
			say("TAINTED warm-up");
			System.exit(3);
		}
	}

	/**
	 * Ends a stalled suite: reports it with the leases held and what the test threads
	 * wait for, then halts the JVM (its state is unknown; the parent goes on in a new
	 * one).
	 */
	private static Thread watchdog(FuzzSuite suite) {
		Thread watchdog = new Thread(() -> {
			try {
				Thread.sleep(STALL_MILLIS);
			}
			catch (InterruptedException ex) {
				return;
			}
			long seed = suite.seed();
			StringBuilder report = new StringBuilder(suite.describe())
				.append("\nviolations:\n  - the suite stalled for ")
				.append(STALL_MILLIS)
				.append(" ms (classes wait at most patching.wait-timeout=10s for each other); leases held: ")
				.append(dev.patching.internal.core.PatchRegistry.jvm().leases());
			Thread.getAllStackTraces().forEach((thread, stack) -> {
				String waitingIn = java.util.Arrays.stream(stack)
					.filter((frame) -> frame.getClassName().startsWith("dev.patching.internal.core.")
							|| frame.getClassName().startsWith("dev.patching.internal.test."))
					.findFirst()
					.map(StackTraceElement::toString)
					.orElse(null);
				if (Boolean.getBoolean("fuzz.fullStacks")
						&& (thread.getName().startsWith("ForkJoinPool") || thread.getName().equals("main"))) {
					report.append("\n  - thread ")
						.append(thread.getName())
						.append(" (")
						.append(thread.getState())
						.append("):");
					java.util.Arrays.stream(stack)
						.limit(600)
						.forEach((frame) -> report.append("\n        at ").append(frame));
				}
				if (waitingIn != null) {
					report.append("\n  - thread ").append(thread.getName()).append(" waits in ").append(waitingIn);
				}
			});
			report.append("\njournal so far:");
			FuzzJournal.entries().forEach((entry) -> report.append("\n  ").append(entry));
			report.toString().lines().forEach((line) -> say("REPORT " + seed + " " + line));
			say("FAIL " + seed + " " + STALL_MILLIS);
			System.out.flush();
			Runtime.getRuntime().halt(4);
		}, "fuzz-watchdog");
		watchdog.setDaemon(true);
		watchdog.start();
		return watchdog;
	}

	private static void say(String line) {
		System.out.println("FUZZ " + line);
	}

}
