package dev.patching.internal.socket;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A place on loopback where a connect never completes, for the {@code timeout} fault: a
 * listening socket that never accepts, whose accept queue is filled once, after which the
 * kernel drops every new SYN (Linux) and the connect waits until the caller's own timeout
 * ends it. Nothing leaves loopback. Made on first use and kept for the life of the JVM
 * (one listening socket and the few connections that fill its queue).
 */
final class BlackHole {

	private static final int FILL_TIMEOUT_MILLIS = 200;

	private static final int MAX_FILL = 64;

	private static @Nullable InetSocketAddress address;

	/** Held so that the queue stays full; never read. */
	private static final List<Object> held = new ArrayList<>();

	private BlackHole() {
	}

	/**
	 * The black hole's address.
	 * @throws IOException if none could be made
	 */
	static synchronized InetSocketAddress address() throws IOException {
		InetSocketAddress current = address;
		if (current != null) {
			return current;
		}
		ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
		InetSocketAddress made = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
		List<Object> fill = new ArrayList<>();
		fill.add(server);
		boolean full = false;
		for (int i = 0; i < MAX_FILL && !full; i++) {
			Socket socket = new Socket();
			try {
				socket.connect(made, FILL_TIMEOUT_MILLIS);
				fill.add(socket);
			}
			catch (SocketTimeoutException ex) {
				socket.close();
				full = true;
			}
			catch (IOException ex) {
				// Refused past a full queue: this system does not drop the SYNs.
				socket.close();
				break;
			}
		}
		if (!full) {
			for (Object each : fill) {
				((Closeable) each).close();
			}
			throw new IOException("patching could not make a loopback address that never answers for the timeout "
					+ "fault: this system accepts connects past a listener's queue; use timeout-after:<duration>");
		}
		held.addAll(fill);
		address = made;
		return made;
	}

}
