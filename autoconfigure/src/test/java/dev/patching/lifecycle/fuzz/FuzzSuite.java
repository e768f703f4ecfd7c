package dev.patching.lifecycle.fuzz;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * One generated suite: its classes with their sets and features, how JUnit runs them, and
 * the context cache settings of the JVM that runs it. Everything follows from the seed.
 */
public record FuzzSuite(long seed, Mode mode, int threads, Cache cache, List<Spec> classes) {

	public enum Mode {

		SEQUENTIAL, CLASSES_CONCURRENT, METHODS_CONCURRENT, BOTH_CONCURRENT;

		boolean methodsConcurrent() {
			return this == METHODS_CONCURRENT || this == BOTH_CONCURRENT;
		}

		public boolean isSequential() {
			return this == SEQUENTIAL;
		}

	}

	public enum Kind {

		PLAIN, BOOT, NESTED, HIERARCHY

	}

	public enum Feature {

		NONE, DIRTIES_AFTER_CLASS, DIRTIES_BEFORE_CLASS, DIRTIES_AFTER_EACH_METHOD, DIRTIES_BEFORE_EACH_METHOD,
		DISABLED_IF_LOADING_CONTEXT, ENABLED_IF_TRUE_LOADING_CONTEXT, ENABLED_IF_FALSE_LOADING_CONTEXT, FAILS_TO_START,
		ABORTS_IN_BEFORE_ALL

	}

	public enum Outcome {

		SUCCEEDS, FAILS, SKIPPED, ABORTED

	}

	/** Context cache settings, read once per JVM: a suite runs in a JVM with its own. */
	public record Cache(int maxSize, String pause) {

		/**
		 * Evicting caches and the default cache; {@code -Dfuzz.pauseAlways=true} adds
		 * {@code spring.test.context.cache.pause=always}, which the README lists as
		 * unsupported under parallel execution.
		 */
		static final List<Cache> ALL = Boolean.getBoolean("fuzz.pauseAlways")
				? List.of(new Cache(2, ""), new Cache(4, "always"), new Cache(32, ""))
				: List.of(new Cache(2, ""), new Cache(4, ""), new Cache(32, ""));

		public List<String> jvmArgs() {
			List<String> args = new ArrayList<>(List.of("-Dspring.test.context.cache.maxSize=" + this.maxSize));
			if (!this.pause.isEmpty()) {
				args.add("-Dspring.test.context.cache.pause=" + this.pause);
			}
			return args;
		}

		@Override
		public String toString() {
			return "maxSize=" + this.maxSize + " pause=" + (this.pause.isEmpty() ? "default" : this.pause);
		}

	}

	/**
	 * A class of the suite. {@code label} is its set; {@code variant} a second context of
	 * the same set (0: the set's own context), for NESTED the pool copy; {@code parent}
	 * the parent set of a HIERARCHY.
	 */
	public record Spec(int index, Kind kind, String label, int variant, Feature feature, boolean perClass,
			String parent) {

		boolean dirtiesEachMethod() {
			return this.feature == Feature.DIRTIES_AFTER_EACH_METHOD
					|| this.feature == Feature.DIRTIES_BEFORE_EACH_METHOD;
		}

		public String name() {
			return "F" + index + "_" + kind.name().charAt(0) + label;
		}

		/**
		 * The name of the context (its {@code fz.ctx}); the patches come from
		 * {@code label}.
		 */
		public String context() {
			return switch (this.feature) {
				case FAILS_TO_START -> this.label + ".fail";
				case ABORTS_IN_BEFORE_ALL -> this.label + ".abort" + this.index;
				default -> this.label + "." + this.variant;
			};
		}

		public Outcome outcome() {
			return switch (this.feature) {
				case FAILS_TO_START -> Outcome.FAILS;
				case DISABLED_IF_LOADING_CONTEXT, ENABLED_IF_FALSE_LOADING_CONTEXT -> Outcome.SKIPPED;
				case ABORTS_IN_BEFORE_ALL -> Outcome.ABORTED;
				default -> Outcome.SUCCEEDS;
			};
		}

		@Override
		public String toString() {
			return switch (this.kind) {
				case PLAIN -> "PLAIN";
				case NESTED -> "NESTED set " + this.label + " (pool copy " + this.variant + ", @Nested Same and Own "
						+ this.label + "n)";
				case HIERARCHY -> "HIERARCHY parent " + this.parent + " child " + this.label + " " + this.feature
						+ (this.perClass ? " PER_CLASS" : "");
				case BOOT -> "BOOT set " + this.label + " context " + context() + " " + this.feature
						+ (this.perClass ? " PER_CLASS" : "");
			};
		}

	}

	/** The context cache settings the suite of {@code seed} runs with. */
	public static Cache cacheOf(long seed) {
		return generate(seed).cache();
	}

	/**
	 * The cache drawn for {@code seed}; a parallel suite keeps every context it creates
	 * unless {@code -Dfuzz.parallelEviction=true}: Spring closes a context it evicts
	 * while another class uses it in parallel ("The ApplicationContext loaded for ... is
	 * not active ... closed during parallel test execution ... due to automatic
	 * eviction") with or without patching, so those suites test Spring's limit, not
	 * patching.
	 */
	private static Cache cacheOf(long seed, Mode mode) {
		Cache drawn = Cache.ALL.get((int) Math.floorMod(seed * 0x9E3779B97F4A7C15L >>> 7, (long) Cache.ALL.size()));
		return (mode.isSequential() || parallelEviction()) ? drawn : Cache.ALL.get(Cache.ALL.size() - 1);
	}

	/** Whether parallel suites may have a cache small enough to evict. */
	static boolean parallelEviction() {
		return Boolean.getBoolean("fuzz.parallelEviction");
	}

	/** Draws the suite of {@code seed}. */
	public static FuzzSuite generate(long seed) {
		// Random's first draws follow the seed closely; neighbouring seeds must give
		// unrelated suites.
		Random random = new Random(new SplittableRandom(seed).nextLong());
		Mode mode = Mode.values()[random.nextInt(Mode.values().length)];
		int threads = 2 + random.nextInt(3);
		List<String> sets = new ArrayList<>(FuzzSets.POOL);
		Collections.shuffle(sets, random);
		sets = sets.subList(0, 3 + random.nextInt(2));
		int count = 4 + random.nextInt(9);
		List<Spec> classes = new ArrayList<>();
		Set<String> nestedTaken = new HashSet<>();
		for (int index = 1; index <= count; index++) {
			Spec spec = draw(random, index, sets, nestedTaken);
			if (mode.methodsConcurrent() && spec.dirtiesEachMethod()) {
				// Spring does not support a context dirtied around each method while
				// other methods of
				// the class use it at the same time: no such class in those modes.
				spec = new Spec(spec.index(), spec.kind(), spec.label(), spec.variant(), Feature.NONE, spec.perClass(),
						spec.parent());
			}
			classes.add(spec);
		}
		return new FuzzSuite(seed, mode, threads, cacheOf(seed, mode), List.copyOf(classes));
	}

	private static Spec draw(Random random, int index, List<String> sets, Set<String> nestedTaken) {
		String label = sets.get(random.nextInt(sets.size()));
		int roll = random.nextInt(100);
		if (roll < 12) {
			return new Spec(index, Kind.PLAIN, FuzzSets.CLEAN, 0, Feature.NONE, false, null);
		}
		if (roll < 22) {
			int first = 1 + random.nextInt(2);
			for (int copy : new int[] { first, 3 - first }) {
				if (nestedTaken.add(label + copy)) {
					return new Spec(index, Kind.NESTED, label, copy, Feature.NONE, false, null);
				}
			}
		}
		boolean perClass = random.nextInt(5) == 0;
		if (roll < 32 && !label.equals("Z")) {
			List<String> patched = sets.stream().filter((set) -> !set.equals("Z")).toList();
			String parent = patched.get(random.nextInt(patched.size()));
			Feature feature = random.nextBoolean() ? Feature.NONE : Feature.DIRTIES_AFTER_CLASS;
			return new Spec(index, Kind.HIERARCHY, label, 0, feature, perClass, parent);
		}
		Feature[] features = Feature.values();
		Feature feature = (random.nextInt(3) == 0) ? Feature.NONE : features[random.nextInt(features.length)];
		if (feature == Feature.ABORTS_IN_BEFORE_ALL) {
			perClass = false;
		}
		int variant = (random.nextInt(4) == 0) ? 1 : 0;
		return new Spec(index, Kind.BOOT, label, variant, feature, perClass, null);
	}

	public String describe() {
		StringBuilder text = new StringBuilder("seed " + this.seed + ": " + this.classes.size() + " classes, "
				+ this.mode + (this.mode.isSequential() ? "" : " on " + this.threads + " threads") + ", context cache "
				+ this.cache);
		for (Spec spec : this.classes) {
			text.append("\n  ").append(spec.name()).append(": ").append(spec);
		}
		return text.toString();
	}

}
