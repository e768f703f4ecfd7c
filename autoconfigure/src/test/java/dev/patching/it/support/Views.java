package dev.patching.it.support;

import java.io.IOException;
import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What a scenario class sees of the JVM: the marker system property {@code it.side} and
 * whether a loopback connect is blocked. The server is started by the test that runs the
 * scenarios.
 */
public final class Views {

	/** The properties of the patched context "A": loopback blocked, {@code it.side=A}. */
	public static final String SOCKET_ON = "patching.socket.enabled=true";

	public static final String LOOPBACK_OFF = "patching.socket.allow-loopback=false";

	public static final String SIDE_A = "patching.system-properties[it.side]=A";

	public static volatile LoopbackServer server;

	/** Start/end of each scenario class's checks, for overlap assertions. */
	public static final List<Interval> intervals = new CopyOnWriteArrayList<>();

	private Views() {
	}

	public static void expectPatched(String side) {
		assertThat(System.getProperty("it.side")).isEqualTo(side);
		assertThatExceptionOfType(ConnectException.class).isThrownBy(server::connect)
			.withMessageContaining("patching.socket.allow-loopback");
	}

	public static void expectClean() {
		assertThat(System.getProperty("it.side")).isNull();
		try {
			server.connect();
		}
		catch (IOException ex) {
			throw new AssertionError("a connect to the loopback server should go through in a clean JVM", ex);
		}
	}

	/**
	 * Checks the view repeatedly for a while, recording when, so that parallel runs
	 * overlap.
	 */
	public static void watch(String label, Runnable check, int rounds) {
		long start = System.nanoTime();
		for (int i = 0; i < rounds; i++) {
			check.run();
			try {
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		intervals.add(new Interval(label, start, System.nanoTime()));
	}

	public record Interval(String label, long start, long end) {

		public boolean overlaps(Interval other) {
			return this.start < other.end && other.start < this.end;
		}

	}

}
