package dev.patching.robustness;

import java.io.IOException;
import java.net.Socket;

import dev.patching.internal.core.PatchRegistry;
import dev.patching.internal.core.PatchSet;
import dev.patching.it.support.LoopbackServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checks every fault case ends with: nothing of any context is left patched in this
 * JVM.
 */
final class JvmState {

	/**
	 * The system property the robustness scenarios patch; absent before and after every
	 * one.
	 */
	static final String SIDE = "robust.side";

	private JvmState() {
	}

	/**
	 * The server's accepted count once it reached {@code expected} (or after 5 s): a
	 * connect that went through may be accepted a little later on a busy machine.
	 */
	static int acceptedOnceSettled(LoopbackServer server, int expected) {
		long deadline = System.nanoTime() + 5_000_000_000L;
		int accepted = server.accepted();
		while (accepted < expected && System.nanoTime() < deadline) {
			accepted = server.accepted();
		}
		return accepted;
	}

	/**
	 * No patch set in effect, no lease held, {@link #SIDE} absent, and a loopback connect
	 * goes through (no socket policy left behind).
	 */
	static void assertClean(LoopbackServer server) {
		assertThat(PatchRegistry.jvm().current()).as("patch set in effect").isSameAs(PatchSet.EMPTY);
		assertThat(PatchRegistry.jvm().leases()).as("leases held").isEmpty();
		assertThat(System.getProperty(SIDE)).as("system property " + SIDE).isNull();
		try (Socket socket = new Socket()) {
			socket.connect(server.address(), 2000);
		}
		catch (IOException ex) {
			throw new AssertionError("a loopback connect must go through in a clean JVM", ex);
		}
	}

}
