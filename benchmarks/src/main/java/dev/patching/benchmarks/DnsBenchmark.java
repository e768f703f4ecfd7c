package dev.patching.benchmarks;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.patching.internal.agent.JvmHooks;
import dev.patching.internal.core.DefaultPatchManager;
import dev.patching.internal.core.Lease;
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

/**
 * {@code InetAddress.getByName} through the real, patched JDK method: a name answered
 * from a context's {@code patching.dns.hosts} table (recorded by its
 * {@code PatchManager}), against the JDK's own cache hit for {@code localhost} in a JVM
 * with no hooks at all.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = { "-XX:+EnableDynamicAgentLoading", "-Dnet.bytebuddy.safe=true" })
public class DnsBenchmark {

	static final String TABLE_NAME = "svc.bench.test";

	@State(Scope.Thread)
	public static class Table {

		private DefaultPatchManager context;

		private Lease lease;

		@Setup(Level.Trial)
		public void setUp() throws UnknownHostException {
			this.context = Contexts.start("dns", Contexts.dns(Map.of(TABLE_NAME, "127.0.0.1")));
			this.lease = this.context.enter(this, "DnsBenchmark.tableAnswer");
			InetAddress answer = InetAddress.getByName(TABLE_NAME);
			if (!answer.isLoopbackAddress()) {
				throw new IllegalStateException("the table did not answer " + TABLE_NAME + ": " + answer);
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
		public void setUp() throws UnknownHostException {
			if (JvmHooks.isInstalled()) {
				throw new IllegalStateException("the hooks are installed: jdkCacheHit must run on a clean JVM");
			}
			InetAddress.getByName("localhost");
		}

	}

	@Benchmark
	public InetAddress tableAnswer(Table table) throws UnknownHostException {
		return InetAddress.getByName(TABLE_NAME);
	}

	@Benchmark
	public InetAddress jdkCacheHit(PatchOff off) throws UnknownHostException {
		return InetAddress.getByName("localhost");
	}

}
