package dev.patching.benchmarks;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import dev.patching.internal.agent.SystemHooks;
import dev.patching.internal.core.DefaultPatchManager;
import dev.patching.internal.core.Lease;
import dev.patching.internal.core.PatchEntry;
import dev.patching.internal.system.ClockPatch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code Instant.now()} through the real JDK method: in a JVM with no clock hook, and
 * with a context's {@code patching.time.fixed} or {@code patching.time.offset} in effect.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = { "-XX:+EnableDynamicAgentLoading", "-Dnet.bytebuddy.safe=true" })
public class ClockBenchmark {

	@State(Scope.Thread)
	public static class Patched {

		@Param({ "fixed", "offset" })
		public String mode;

		private DefaultPatchManager context;

		private Lease lease;

		@Setup(Level.Trial)
		public void setUp() {
			PatchEntry clock = "fixed".equals(this.mode) ? ClockPatch.parse("2030-01-01T09:00:00Z", null)
					: ClockPatch.parse(null, "-P30D");
			this.context = Contexts.start("clock", clock);
			this.lease = this.context.enter(this, "ClockBenchmark." + this.mode);
			if (Math.abs(Instant.now().toEpochMilli() - System.currentTimeMillis()) < 86_400_000L) {
				throw new IllegalStateException("the clock patch is not in effect: " + Instant.now());
			}
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			if (this.lease != null) {
				this.context.exit(this.lease);
			}
			Contexts.close(this.context);
		}

	}

	@State(Scope.Thread)
	public static class PatchOff {

		@Setup(Level.Trial)
		public void setUp() {
			if (SystemHooks.isInstalled()) {
				throw new IllegalStateException("the clock hook is installed: unpatched must run on a clean JVM");
			}
		}

	}

	@Benchmark
	public Instant patched(Patched patched) {
		return Instant.now();
	}

	@Benchmark
	public Instant unpatched(PatchOff off) {
		return Instant.now();
	}

}
