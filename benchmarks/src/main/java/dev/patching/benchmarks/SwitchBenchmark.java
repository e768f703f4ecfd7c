package dev.patching.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.patching.internal.core.DefaultPatchManager;
import dev.patching.internal.core.Lease;
import org.mockito.MockedStatic;
import org.mockito.Mockito;
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

/**
 * What a test suite pays when it moves from one test class to the next: ours is the
 * listener's lease work (class X's lease released, class Y's acquired), with socket and
 * DNS hooks installed; the anchor is Mockito's static mock of one class, opened and
 * closed. Both are warm: the first install and Mockito's first retransformation are
 * measured by first-patch.sh.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = { "-XX:+EnableDynamicAgentLoading", "-Dnet.bytebuddy.safe=true" })
public class SwitchBenchmark {

	@State(Scope.Thread)
	public static class TwoContexts {

		DefaultPatchManager x;

		DefaultPatchManager y;

		final Object classX = new Object();

		final Object classY = new Object();

		@Setup(Level.Trial)
		public void start() {
			this.x = Contexts.start("X", Contexts.socket(true, List.of("*.x.test:443", "10.0.0.0/8"), Map.of()),
					Contexts.dns(Map.of("api.x.test", "127.0.0.2", "*.svc.x.test", "127.0.0.3")));
			this.y = Contexts.start("Y",
					Contexts.socket(true, List.of("127.0.0.1:8080"), Map.of("api.y.test:443", "127.0.0.1:8443")),
					Contexts.dns(Map.of("api.y.test", "127.0.0.4")));
		}

		@TearDown(Level.Trial)
		public void close() {
			Contexts.close(this.y);
			Contexts.close(this.x);
		}

	}

	/**
	 * Class X runs with its context's set in effect, then class Y with the other set: two
	 * full switches (restore X, apply Y included), exactly the listener's calls between
	 * two classes.
	 */
	@Benchmark
	public void switchPatchSets(TwoContexts contexts, Blackhole blackhole) {
		Lease x = contexts.x.enter(contexts.classX, "class X");
		blackhole.consume(x);
		contexts.x.exit(x);
		Lease y = contexts.y.enter(contexts.classY, "class Y");
		blackhole.consume(y);
		contexts.y.exit(y);
	}

	/**
	 * The anchor, warm: Mockito's inline mock maker has attached and instrumented the
	 * class before the first iteration.
	 */
	@Benchmark
	public void mockitoStaticOpenClose(Blackhole blackhole) {
		try (MockedStatic<StaticTarget> mocked = Mockito.mockStatic(StaticTarget.class)) {
			blackhole.consume(mocked);
		}
	}

}
