package dev.patching.benchmarks;

/** What the Mockito anchor mocks statically: one small class, as a test would. */
public final class StaticTarget {

	private StaticTarget() {
	}

	public static String greeting() {
		return "hello";
	}

}
