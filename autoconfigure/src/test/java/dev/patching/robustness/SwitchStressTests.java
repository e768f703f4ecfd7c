package dev.patching.robustness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import dev.patching.ConnectionBlockedException;
import dev.patching.internal.core.DefaultPatchManager;
import dev.patching.internal.core.Lease;
import dev.patching.internal.core.PatchRegistry;
import dev.patching.it.support.LoopbackServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Eight threads connect to loopback servers in a loop while another switches the JVM's
 * patch set 10,000 times, through the registry's leases as test classes do, between
 * "loopback blocked" and "loopback allowed". Each connect must end as one of the two
 * policies says, nothing else may be thrown, nothing may hang, and no file descriptor may
 * be left open.
 */
class SwitchStressTests {

	static final int CONNECTORS = 8;

	static final int SWITCHES = 10_000;

	/**
	 * Descriptors the JVM may open on its own while the test runs (a jar opened by a
	 * class loaded for the first time, a lazily created selector); a leak of one per
	 * connect would be thousands.
	 */
	static final int FD_TOLERANCE = 8;

	@Test
	@Timeout(60)
	void connectsWhileTheSetSwitchesEndAsEitherPolicySaysAndLeakNothing() throws Exception {
		List<LoopbackServer> servers = Stream.generate(LoopbackServer::new).limit(CONNECTORS).toList();
		DefaultPatchManager blocking = Patched.manager(false, List.of(), Map.of());
		DefaultPatchManager allowing = Patched.manager(true, List.of(), Map.of());
		try {
			// As the two contexts' creation does: hooks installed and self-tested, then
			// the creation lease given back.
			for (DefaultPatchManager manager : List.of(blocking, allowing)) {
				manager.starting();
				manager.releaseCreation();
			}
			warmUp(servers.get(0), blocking);
			int acceptedBefore = accepted(servers);
			long fdsBefore = openFileDescriptors();
			Run run = run(servers, blocking, allowing);
			assertThat(run.unexpected).as("anything but a blocked connect or a connect that went through").isEmpty();
			assertThat(run.switches.get()).isEqualTo(SWITCHES);
			assertThat(run.blocked.get()).as("blocked connects").isPositive();
			assertThat(run.connected.get()).as("connects that went through").isPositive();
			// A blocked connect never reaches a server: every accepted connection is one
			// that went through.
			long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
			long accepted = accepted(servers) - acceptedBefore;
			while (accepted < run.connected.get() && System.nanoTime() < deadline) {
				accepted = accepted(servers) - acceptedBefore;
			}
			assertThat(accepted).as("accepted by the servers").isEqualTo(run.connected.get());
			long fdsAfter = settledFileDescriptors(fdsBefore);
			assertThat(fdsAfter).as("open file descriptors before %d, after %d", fdsBefore, fdsAfter)
				.isLessThanOrEqualTo(fdsBefore + FD_TOLERANCE);
			System.out.printf("stress: %d switches, %d connected, %d blocked, fds %d -> %d%n", run.switches.get(),
					run.connected.get(), run.blocked.get(), fdsBefore, fdsAfter);
		}
		finally {
			blocking.close();
			allowing.close();
			servers.forEach(LoopbackServer::close);
		}
		assertThat(PatchRegistry.jvm().leases()).isEmpty();
	}

	@Test
	@Timeout(60)
	void switchingBetweenTwoDifferentBlockingSetsNeverLetsAConnectThrough() throws Exception {
		List<LoopbackServer> servers = Stream.generate(LoopbackServer::new).limit(CONNECTORS).toList();
		// Two sets that differ (so every switch restores one and applies the other) but
		// both block loopback.
		DefaultPatchManager blockingOne = Patched.manager(false, List.of(), Map.of());
		DefaultPatchManager blockingTwo = Patched.manager(false, List.of("10.0.0.0/8"), Map.of());
		try {
			for (DefaultPatchManager manager : List.of(blockingOne, blockingTwo)) {
				manager.starting();
				manager.releaseCreation();
			}
			int acceptedBefore = accepted(servers);
			Run run = run(servers, blockingOne, blockingTwo);
			assertThat(run.unexpected).as("anything but a blocked connect").isEmpty();
			assertThat(run.switches.get()).isEqualTo(SWITCHES);
			// Connectors start before the first set is applied, so only connects begun
			// after it count.
			assertThat(run.connectedWhileSwitching.get()).as("connects begun after the first switch that went through")
				.isZero();
			assertThat(run.blocked.get()).isPositive();
			assertThat(accepted(servers) - acceptedBefore).as("accepted by the servers").isEqualTo(run.connected.get());
		}
		finally {
			blockingOne.close();
			blockingTwo.close();
			servers.forEach(LoopbackServer::close);
		}
		assertThat(PatchRegistry.jvm().leases()).isEmpty();
	}

	private Run run(List<LoopbackServer> servers, DefaultPatchManager blocking, DefaultPatchManager allowing)
			throws InterruptedException {
		Run run = new Run();
		List<Thread> connectors = new ArrayList<>();
		for (int i = 0; i < CONNECTORS; i++) {
			InetSocketAddress address = servers.get(i).address();
			int kind = i % 3;
			Thread thread = new Thread(() -> {
				while (!run.done.get()) {
					connectOnce(kind, address, run);
				}
			}, "stress-connector-" + i);
			connectors.add(thread);
		}
		Thread switcher = new Thread(() -> switchSets(blocking, allowing, run), "stress-switcher");
		connectors.forEach(Thread::start);
		switcher.start();
		switcher.join(Duration.ofSeconds(45).toMillis());
		boolean switcherDone = !switcher.isAlive();
		run.done.set(true);
		for (Thread connector : connectors) {
			connector.join(Duration.ofSeconds(10).toMillis());
		}
		if (run.last != null) {
			PatchRegistry.jvm().release(run.last);
		}
		assertThat(switcherDone).as("the switcher finished (no deadlock)").isTrue();
		assertThat(connectors).as("every connector finished (no deadlock)").noneMatch(Thread::isAlive);
		return run;
	}

	/**
	 * Switches like test classes entering one after another: take the next set's lease,
	 * give the last one back.
	 */
	private static void switchSets(DefaultPatchManager blocking, DefaultPatchManager allowing, Run run) {
		Object owner = new Object();
		Lease held = null;
		try {
			for (int i = 0; i < SWITCHES; i++) {
				DefaultPatchManager next = (i % 2 == 0) ? blocking : allowing;
				Lease lease = next.enter(owner, "stress switch " + i);
				run.switching = true;
				if (held != null) {
					PatchRegistry.jvm().release(held);
				}
				held = lease;
				run.switches.incrementAndGet();
				if (i % 64 == 0) {
					// Let connects land on both sides of a switch, not only between two.
					Thread.yield();
				}
			}
		}
		catch (RuntimeException | Error ex) {
			run.unexpected.add(ex);
		}
		finally {
			// Given back only after the connectors stopped: a connect after the last
			// switch is no test of switching.
			run.last = held;
		}
	}

	/** One connect with a plain socket, a blocking channel or a non-blocking channel. */
	private static void connectOnce(int kind, InetSocketAddress address, Run run) {
		boolean whileSwitching = run.switching;
		try {
			switch (kind) {
				case 0 -> {
					try (Socket socket = new Socket()) {
						socket.connect(address, 5000);
					}
				}
				case 1 -> {
					try (SocketChannel channel = SocketChannel.open(address)) {
						assertThat(channel.isConnected()).isTrue();
					}
				}
				default -> {
					try (SocketChannel channel = SocketChannel.open()) {
						channel.configureBlocking(false);
						if (!channel.connect(address)) {
							long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
							while (!channel.finishConnect()) {
								if (System.nanoTime() > deadline) {
									throw new IOException("non-blocking connect did not finish in 5 s");
								}
								Thread.onSpinWait();
							}
						}
					}
				}
			}
			run.connected.incrementAndGet();
			if (whileSwitching) {
				run.connectedWhileSwitching.incrementAndGet();
			}
		}
		catch (ConnectionBlockedException ex) {
			if (ex.getMessage().contains("patching.socket.allow-loopback=false") && ex.getPort() == address.getPort()) {
				run.blocked.incrementAndGet();
			}
			else {
				run.unexpected.add(ex);
			}
		}
		catch (IOException | RuntimeException | Error ex) {
			run.unexpected.add(ex);
		}
	}

	/** Loads every class the run uses before the descriptors are counted. */
	private static void warmUp(LoopbackServer server, DefaultPatchManager blocking) throws IOException {
		Run run = new Run();
		Lease lease = blocking.enter(new Object(), "stress warm-up");
		try {
			for (int kind = 0; kind < 3; kind++) {
				connectOnce(kind, server.address(), run);
			}
		}
		finally {
			PatchRegistry.jvm().release(lease);
		}
		for (int kind = 0; kind < 3; kind++) {
			connectOnce(kind, server.address(), run);
		}
		assertThat(run.unexpected).isEmpty();
		assertThat(run.blocked.get()).isEqualTo(3);
		assertThat(run.connected.get()).isEqualTo(3);
		assertThat(JvmState.acceptedOnceSettled(server, 3)).isEqualTo(3);
	}

	private static int accepted(List<LoopbackServer> servers) {
		int accepted = 0;
		for (LoopbackServer server : servers) {
			accepted += server.accepted();
		}
		return accepted;
	}

	static long openFileDescriptors() throws IOException {
		try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
			return fds.count();
		}
	}

	/**
	 * The count once closing sockets (the servers' side of the last connects) have
	 * settled, or after 2 s.
	 */
	private static long settledFileDescriptors(long before) throws IOException, InterruptedException {
		long count = openFileDescriptors();
		for (int i = 0; i < 40 && count > before; i++) {
			Thread.sleep(50);
			count = openFileDescriptors();
		}
		return count;
	}

	private static final class Run {

		final AtomicBoolean done = new AtomicBoolean();

		final AtomicLong switches = new AtomicLong();

		final AtomicLong connected = new AtomicLong();

		final AtomicLong blocked = new AtomicLong();

		final ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();

		volatile Lease last;

		volatile boolean switching;

		final AtomicLong connectedWhileSwitching = new AtomicLong();

	}

}
