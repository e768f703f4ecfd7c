package dev.patching.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.patching.internal.config.PatchSetFactory;
import dev.patching.internal.core.DefaultPatchManager;
import dev.patching.internal.core.Lease;
import dev.patching.internal.core.Owner;
import dev.patching.internal.core.PatchOwners;
import dev.patching.internal.core.PatchRegistry;
import dev.patching.internal.core.PatchSet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * A test method with {@code @PatchingOverride} on a class whose context is cached and
 * whose class lease is held: the method's owner (nested in the class's) enters the set
 * derived from the context's with the method's overrides, then exits — the
 * {@code DefaultPatchManager} calls the Spring listener makes for it. Against the same
 * calls for a method without overrides, which enters the context's own set (the class's
 * set stays in effect: nothing is switched).
 * <p>
 * The context is built as {@code PatchManagerRegistrar} builds one: its set by
 * {@link PatchSetFactory#create} from a Spring {@link StandardEnvironment} holding the
 * context's properties, its deriver {@link PatchSetFactory#deriver} over that
 * environment, so the derivation and the manager's cache of derived sets are the real
 * code. The setup checks that the override is in effect inside the method and the
 * context's value again after it; the teardown that the derived set was built once.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = { "-XX:+EnableDynamicAgentLoading", "-Dnet.bytebuddy.safe=true" })
public class OverrideBenchmark {

	static final String MARKER = "bench.override.marker";

	/**
	 * The context's own properties, as {@code @SpringBootTest(properties = ...)} gives
	 * them: socket patch, DNS table, one system property.
	 */
	static final Map<String, Object> CONTEXT_PROPERTIES = Map.of("patching.socket.enabled", "true",
			"patching.socket.allow[0]", "*.partner.bench.test:443", "patching.dns.enabled", "true",
			"patching.dns.hosts[svc.bench.test]", "127.0.0.1", "patching.system-properties[" + MARKER + "]", "context");

	/**
	 * A method's {@code @PatchingOverride}: another value of the system property and a
	 * socket fault (the keys as the annotation's text gives them once read, the colon
	 * unescaped).
	 */
	static final Map<String, String> METHOD_OVERRIDES = Map.of("patching.system-properties[" + MARKER + "]", "method",
			"patching.socket.faults[api.partner.bench.test:443]", "timeout");

	/**
	 * Equal copies: the listener reads a method's overrides into a new map each time the
	 * method runs, so the manager's cache finds an equal key, never the same one.
	 */
	static final int COPIES = 16;

	/** A test method run: an owner nested in its class's, with its overrides. */
	static final class MethodOwner extends Owner {

		MethodOwner(Owner classOwner, Map<String, String> overrides) {
			super(classOwner, "a test method of dev.patching.benchmarks.OverrideBenchmark", overrides);
		}

		@Override
		public Owner recordsFor() {
			Owner parent = parent();
			return (parent != null) ? parent : this;
		}

	}

	@State(Scope.Thread)
	public static class CachedContext {

		StandardEnvironment environment;

		/** The context's deriver, as the registrar makes it. */
		Function<Map<String, String>, PatchSet> deriver;

		final AtomicInteger derivations = new AtomicInteger();

		DefaultPatchManager context;

		final Owner testClass = new Owner(null, "test class dev.patching.benchmarks.OverrideBenchmark");

		Lease classLease;

		@SuppressWarnings("unchecked")
		final Map<String, String>[] overrides = new Map[COPIES];

		int next;

		@Setup(Level.Trial)
		public void start() {
			this.environment = new StandardEnvironment();
			this.environment.getPropertySources()
				.addFirst(new MapPropertySource("Inlined Test Properties", CONTEXT_PROPERTIES));
			ClassLoader classLoader = OverrideBenchmark.class.getClassLoader();
			String description = "the context of " + OverrideBenchmark.class.getName();
			PatchSetFactory.Settings settings = PatchSetFactory.create(this.environment, classLoader, description);
			this.deriver = PatchSetFactory.deriver(this.environment, classLoader, description);
			this.context = new DefaultPatchManager(settings.set(), settings.properties().isEnabled(),
					settings.properties().getWaitTimeout(), PatchRegistry.jvm(), (overrides) -> {
						this.derivations.incrementAndGet();
						return this.deriver.apply(overrides);
					});
			// Started and cached, as on Spring Framework 7: its lifecycle running,
			// pausable
			// while idle (never here: the class holds its lease throughout).
			this.context.starting();
			this.context.pausable(() -> {
				throw new IllegalStateException("the benchmark's context was asked to pause");
			});
			this.context.running(true);
			this.context.releaseCreation();
			for (int i = 0; i < COPIES; i++) {
				this.overrides[i] = Map.copyOf(new LinkedHashMap<>(METHOD_OVERRIDES));
			}
			this.classLease = this.context.enter(this.testClass,
					this.testClass + " using " + this.context.set().description(), Set.of(), Map.of());
			PatchOwners.set(this.testClass);
			expectMarker("context", "the class's lease");
			MethodOwner method = new MethodOwner(this.testClass, this.overrides[0]);
			Lease lease = this.context.enter(method, method.toString(), Set.of(), method.overrides());
			PatchSet derived = this.context.setWith(this.overrides[1]);
			if (derived.equals(this.context.set()) || !derived.names().contains("socket")) {
				throw new IllegalStateException("the derived set " + derived + " is not the method's");
			}
			expectMarker("method", "the method's lease");
			this.context.exit(lease);
			expectMarker("context", "the class's lease after the method");
		}

		Map<String, String> nextOverrides() {
			Map<String, String> overrides = this.overrides[this.next];
			this.next = (this.next + 1) % COPIES;
			return overrides;
		}

		private static void expectMarker(String expected, String under) {
			String actual = System.getProperty(MARKER);
			if (!expected.equals(actual)) {
				throw new IllegalStateException(MARKER + " is " + actual + " under " + under + ", not " + expected);
			}
		}

		@TearDown(Level.Trial)
		public void close() {
			PatchOwners.clear();
			if (this.classLease != null) {
				this.context.exit(this.classLease);
			}
			Contexts.close(this.context);
			if (this.derivations.get() != 1) {
				throw new IllegalStateException("the method's set was derived " + this.derivations
						+ " times; the manager's cache should derive it once");
			}
		}

	}

	/**
	 * The method's lease on the set derived with its overrides (taken from the manager's
	 * cache, applied over the class's set), given back (the class's set applied again).
	 */
	@Benchmark
	public void methodWithOverride(CachedContext cached, Blackhole blackhole) {
		run(cached, cached.nextOverrides(), blackhole);
	}

	/**
	 * The same for a method without overrides: a lease on the context's own set, which
	 * the class's lease already keeps in effect.
	 */
	@Benchmark
	public void methodWithoutOverride(CachedContext cached, Blackhole blackhole) {
		cached.nextOverrides();
		run(cached, Map.of(), blackhole);
	}

	/**
	 * What the cache saves: the first use of a distinct override in a context, the
	 * deriver's work ({@link PatchSetFactory#derive} over the context's environment).
	 */
	@Benchmark
	public PatchSet deriveOverrideSet(CachedContext cached) {
		Map<String, String> overrides = cached.nextOverrides();
		return cached.deriver.apply(overrides);
	}

	/**
	 * As the listener does for one method: a run nested in the class's on this thread,
	 * its lease from before its {@code @BeforeEach} to after its {@code @AfterEach}.
	 */
	private static void run(CachedContext cached, Map<String, String> overrides, Blackhole blackhole) {
		MethodOwner method = new MethodOwner(cached.testClass, overrides);
		PatchOwners.set(method);
		Lease lease = cached.context.enter(method, method + " using " + cached.context.set().description(), Set.of(),
				method.overrides());
		blackhole.consume(lease);
		cached.context.exit(lease);
		PatchOwners.set(cached.testClass);
	}

}
