package dev.patching.benchmarks;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.patching.ConnectionBlockedException;
import dev.patching.internal.agent.JvmHooks;
import dev.patching.internal.core.DefaultPatchManager;
import dev.patching.internal.core.Lease;
import dev.patching.internal.socket.SocketInterceptor;
import dev.patching.internal.socket.SocketPolicy;
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
 * The connect hook's decision as {@code sun.nio.ch.Net.connect} makes it: read the bridge
 * field, {@code invokeExact} its handle (re-entry guard, the context's socket policy, the
 * context's record of the attempt), no socket. Every destination is loopback; nothing is
 * ever sent.
 *
 * <p>
 * Each benchmark has its own context, set up the way a test class has it: hooks
 * installed, the context's set in effect through a class lease, its {@code PatchManager}
 * recording.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = { "-XX:+EnableDynamicAgentLoading", "-Dnet.bytebuddy.safe=true" })
public class ConnectHookBenchmark {

	/** A context with one socket patch in effect, and the bridge's connect handle. */
	public abstract static class Hooked {

		private DefaultPatchManager context;

		private Lease lease;

		MethodHandle bridge;

		InetAddress address;

		int port;

		abstract DefaultPatchManager start() throws IOException;

		abstract int port();

		@Setup(Level.Trial)
		public void setUp() throws IOException {
			this.context = start();
			this.lease = this.context.enter(this, getClass().getSimpleName());
			this.bridge = Bridge.connect();
			this.address = InetAddress.getByAddress("svc.bench.test", new byte[] { 127, 0, 0, 1 });
			this.port = port();
			check();
		}

		/** Fails the trial unless the hook decides as this benchmark claims. */
		abstract void check() throws IOException;

		@TearDown(Level.Trial)
		public void tearDown() {
			if (this.lease != null) {
				this.context.exit(this.lease);
			}
			Contexts.close(this.context);
		}

		/**
		 * Exactly the advice's first line:
		 * {@code handler == null ? null : handler.invokeExact(address, port)}.
		 */
		final InetSocketAddress decide() throws Throwable {
			MethodHandle handler = (MethodHandle) this.bridge.invokeExact();
			return (handler == null) ? null : (InetSocketAddress) handler.invokeExact(this.address, this.port);
		}

	}

	/**
	 * The default: loopback allowed ({@code patching.socket.enabled=true} and nothing
	 * else).
	 */
	@State(Scope.Thread)
	public static class Loopback extends Hooked {

		@Override
		DefaultPatchManager start() {
			return Contexts.start("pass-through", Contexts.socket(true, List.of(), Map.of()));
		}

		@Override
		int port() {
			return 10_000;
		}

		@Override
		void check() {
			expect(this, null);
		}

	}

	/** {@code patching.socket.redirect[127.0.0.1:10001]=127.0.0.1:10002}. */
	@State(Scope.Thread)
	public static class Redirected extends Hooked {

		@Override
		DefaultPatchManager start() {
			return Contexts.start("redirect",
					Contexts.socket(true, List.of(), Map.of("127.0.0.1:10001", "127.0.0.1:10002")));
		}

		@Override
		int port() {
			return 10_001;
		}

		@Override
		void check() {
			expect(this, new InetSocketAddress("127.0.0.1", 10_002));
		}

	}

	/**
	 * {@code patching.socket.allow-loopback=false} with one allow rule on another port.
	 */
	@State(Scope.Thread)
	public static class Blocked extends Hooked {

		@Override
		DefaultPatchManager start() {
			return Contexts.start("block", Contexts.socket(false, List.of("127.0.0.1:10000"), Map.of()));
		}

		@Override
		int port() {
			return 10_003;
		}

		@Override
		void check() {
			try {
				decide();
			}
			catch (ConnectionBlockedException expected) {
				return;
			}
			catch (Throwable ex) {
				throw new IllegalStateException(ex);
			}
			throw new IllegalStateException("the block policy let 127.0.0.1:10003 through");
		}

	}

	/**
	 * The same pass-through policy with nothing recording, on the public hook API: the
	 * decision alone, to show what the {@code PatchManager}'s record of every attempt
	 * adds.
	 */
	@State(Scope.Thread)
	public static class Unrecorded {

		MethodHandle bridge;

		InetAddress address;

		@Setup(Level.Trial)
		public void setUp() throws IOException {
			SocketInterceptor interceptor = new SocketInterceptor();
			interceptor.setPolicy(SocketPolicy.of(true, List.of(), Map.of()), null);
			JvmHooks.install(interceptor, null);
			this.bridge = Bridge.connect();
			this.address = InetAddress.getByAddress("svc.bench.test", new byte[] { 127, 0, 0, 1 });
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			JvmHooks.uninstall();
		}

	}

	@Benchmark
	public InetSocketAddress passThroughUnrecorded(Unrecorded hooked) throws Throwable {
		MethodHandle handler = (MethodHandle) hooked.bridge.invokeExact();
		return (handler == null) ? null : (InetSocketAddress) handler.invokeExact(hooked.address, 10_000);
	}

	static void expect(Hooked hooked, InetSocketAddress expected) {
		try {
			InetSocketAddress actual = hooked.decide();
			if (expected == null ? actual != null : !expected.equals(actual)) {
				throw new IllegalStateException(
						hooked.getClass().getSimpleName() + ": expected " + expected + ", hook said " + actual);
			}
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Benchmark
	public InetSocketAddress passThrough(Loopback hooked) throws Throwable {
		return hooked.decide();
	}

	@Benchmark
	public InetSocketAddress redirect(Redirected hooked) throws Throwable {
		return hooked.decide();
	}

	/**
	 * Includes building the exception and its stack trace: that is what a blocked connect
	 * costs.
	 */
	@Benchmark
	public Object block(Blocked hooked) throws Throwable {
		try {
			return hooked.decide();
		}
		catch (ConnectionBlockedException expected) {
			return expected;
		}
	}

}
