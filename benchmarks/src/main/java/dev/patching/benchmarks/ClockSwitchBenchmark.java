package dev.patching.benchmarks;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import dev.patching.internal.core.DefaultPatchManager;
import dev.patching.internal.core.Lease;
import dev.patching.internal.system.ClockPatch;
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
 * A test class of a context with {@code patching.time.fixed} entered and left, the
 * listener's work between it and a class without a clock: the clock hook installed (and
 * checked), then removed (the JDK's {@code Clock} classes retransformed back).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = { "-XX:+EnableDynamicAgentLoading", "-Dnet.bytebuddy.safe=true" })
public class ClockSwitchBenchmark {

	@State(Scope.Thread)
	public static class ClockContext {

		DefaultPatchManager context;

		final Object testClass = new Object();

		@Setup(Level.Trial)
		public void start() {
			this.context = Contexts.start("clock", ClockPatch.parse("2030-01-01T09:00:00Z", null));
		}

		@TearDown(Level.Trial)
		public void close() {
			Contexts.close(this.context);
		}

	}

	@Benchmark
	public void enterAndLeaveAClockedClass(ClockContext clock, Blackhole blackhole) {
		Lease lease = clock.context.enter(clock.testClass, "clocked class");
		blackhole.consume(Instant.now());
		clock.context.exit(lease);
	}

}
