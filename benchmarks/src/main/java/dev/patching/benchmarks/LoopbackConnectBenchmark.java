package dev.patching.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
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
 * A real {@code java.net.Socket} connect and close to a server on 127.0.0.1, in a JVM
 * without hooks and with a socket patch in effect that lets loopback through (and records
 * the attempt). The client closes with SO_LINGER 0 (a reset), so no TIME_WAIT piles up
 * and exhausts ports. The same thread then accepts and closes the server side: an accept
 * thread starved on a busy 2-core machine let the accept queue fill, and the kernel then
 * drops SYNs (a 1 s retransmit). So one operation is connect + close + accept + close,
 * the same in both benchmarks.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = { "-XX:+EnableDynamicAgentLoading", "-Dnet.bytebuddy.safe=true" })
public class LoopbackConnectBenchmark {

	/** A loopback server that accepts and closes every connection. */
	public abstract static class Server {

		private ServerSocket server;

		InetSocketAddress address;

		@Setup(Level.Trial)
		public void startServer() throws IOException {
			this.server = new ServerSocket(0, 50, InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 }));
			this.address = new InetSocketAddress(this.server.getInetAddress(), this.server.getLocalPort());
			patch();
		}

		abstract void patch();

		abstract void unpatch();

		/**
		 * Takes the connection just made off the accept queue, so the queue never fills.
		 */
		void acceptOne() throws IOException {
			this.server.accept().close();
		}

		@TearDown(Level.Trial)
		public void stopServer() throws IOException {
			try {
				unpatch();
			}
			finally {
				this.server.close();
			}
		}

	}

	@State(Scope.Thread)
	public static class Unpatched extends Server {

		@Override
		void patch() {
			if (JvmHooks.isInstalled()) {
				throw new IllegalStateException("the hooks are installed: unpatched must run on a clean JVM");
			}
		}

		@Override
		void unpatch() {
		}

	}

	@State(Scope.Thread)
	public static class PassThrough extends Server {

		private DefaultPatchManager context;

		private Lease lease;

		@Override
		void patch() {
			this.context = Contexts.start("loopback", Contexts.socket(true, List.of(), Map.of()));
			this.lease = this.context.enter(this, "LoopbackConnectBenchmark.patchedPassThrough");
			try {
				connectAndClose(this);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			if (this.context.connectionAttempts().isEmpty()) {
				throw new IllegalStateException("the socket patch did not see a loopback connect");
			}
		}

		@Override
		void unpatch() {
			if (this.lease != null) {
				this.context.exit(this.lease);
			}
			Contexts.close(this.context);
		}

	}

	@Benchmark
	public boolean unpatched(Unpatched server) throws IOException {
		return connectAndClose(server);
	}

	@Benchmark
	public boolean patchedPassThrough(PassThrough server) throws IOException {
		return connectAndClose(server);
	}

	private static boolean connectAndClose(Server server) throws IOException {
		boolean connected;
		try (Socket socket = new Socket()) {
			socket.setSoLinger(true, 0);
			socket.connect(server.address, 10_000);
			connected = socket.isConnected();
		}
		server.acceptOne();
		return connected;
	}

}
