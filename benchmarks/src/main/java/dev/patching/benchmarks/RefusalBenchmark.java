package dev.patching.benchmarks;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.patching.ConnectionBlockedException;
import dev.patching.internal.core.DefaultPatchManager;
import dev.patching.internal.core.Lease;
import dev.patching.internal.network.DnsPatch;
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
 * What a refusal costs through the really patched JDK methods, with a context's set in
 * effect and recording: a datagram sent without {@code connect} to a loopback port the
 * socket policy blocks ({@code DatagramChannel.send}, exception included; nothing is
 * sent) — with its stack trace, as the first 16 refusals of a destination have it, and
 * without, as a sender in a loop gets after those — and a reverse lookup of an unnamed
 * loopback address under {@code patching.dns.unlisted=refuse} ({@code getHostName()},
 * answered with the address text; no resolver asked).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = { "-XX:+EnableDynamicAgentLoading", "-Dnet.bytebuddy.safe=true" })
public class RefusalBenchmark {

	@State(Scope.Thread)
	public static class Refusing {

		/**
		 * {@code traced}: every refused datagram fills its stack trace (the first 16 to a
		 * destination do); {@code repeated}: a sender in a loop, past those 16.
		 */
		@Param({ "traced", "repeated" })
		public String datagrams;

		private int tracedBefore;

		private DefaultPatchManager context;

		private Lease lease;

		DatagramChannel channel;

		final ByteBuffer datagram = ByteBuffer.allocateDirect(1);

		final InetSocketAddress blocked = new InetSocketAddress("127.0.0.1", 9);

		final byte[] unlisted = { 127, 0, 0, 9 };

		@Setup(Level.Trial)
		public void setUp() throws IOException, ReflectiveOperationException {
			this.tracedBefore = tracedDatagrams();
			setTracedDatagrams("traced".equals(this.datagrams) ? Integer.MAX_VALUE : this.tracedBefore);
			this.context = Contexts.start("refusal", Contexts.socket(false, List.of(), Map.of()),
					DnsPatch.of(Map.of("api.bench.test", "127.0.0.7"), "refuse"));
			this.lease = this.context.enter(this, "RefusalBenchmark");
			this.channel = DatagramChannel.open();
			try {
				this.channel.send(this.datagram.duplicate(), this.blocked);
				throw new IllegalStateException("the socket policy let a datagram to " + this.blocked + " through");
			}
			catch (ConnectionBlockedException expected) {
				// as the benchmark claims
			}
			String name = InetAddress.getByAddress(this.unlisted).getHostName();
			if (!"127.0.0.9".equals(name)) {
				throw new IllegalStateException("the reverse lookup was not refused: " + name);
			}
		}

		@TearDown(Level.Trial)
		public void tearDown() throws IOException, ReflectiveOperationException {
			setTracedDatagrams(this.tracedBefore);
			if (this.channel != null) {
				this.channel.close();
			}
			if (this.lease != null) {
				this.context.exit(this.lease);
			}
			Contexts.close(this.context);
		}

	}

	private static Field tracedDatagramsField() throws ReflectiveOperationException {
		Field field = Class.forName("dev.patching.internal.socket.SocketPolicy").getDeclaredField("tracedDatagrams");
		field.setAccessible(true);
		return field;
	}

	static int tracedDatagrams() throws ReflectiveOperationException {
		return tracedDatagramsField().getInt(null);
	}

	static void setTracedDatagrams(int count) throws ReflectiveOperationException {
		tracedDatagramsField().setInt(null, count);
	}

	/** Exception included: that is what a refused send costs. */
	@Benchmark
	public Object refusedDatagram(Refusing refusing) throws IOException {
		try {
			return refusing.channel.send(refusing.datagram.duplicate(), refusing.blocked);
		}
		catch (ConnectionBlockedException expected) {
			return expected;
		}
	}

	/**
	 * A new unnamed address each time (an address keeps the name it was given), then its
	 * name.
	 */
	@Benchmark
	public String refusedReverseLookup(Refusing refusing) throws UnknownHostException {
		return InetAddress.getByAddress(refusing.unlisted).getHostName();
	}

}
