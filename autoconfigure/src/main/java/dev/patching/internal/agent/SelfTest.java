package dev.patching.internal.agent;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;

import dev.patching.HookInstallationException;

/**
 * Proves the hooks fire before {@link JvmHooks} reports them installed (BlockHound does
 * the same). While a thread-local probe flag is set, the connect and datagram hooks
 * record the call and stop it with an exception before the JDK connects or sends, and the
 * lookup and reverse-lookup hooks answer without resolving. The marker destination is a
 * reserved loopback address, so even a hook that failed sends nothing off the machine;
 * the probe name is {@code localhost}, which never reaches a DNS server.
 */
final class SelfTest {

	static final InetSocketAddress MARKER = new InetSocketAddress(marker(), 9);

	private SelfTest() {
	}

	/**
	 * @throws HookInstallationException naming the client whose call did not reach its
	 * hook
	 */
	static void run() {
		HookRuntime.ThreadState state = HookRuntime.startProbe();
		try {
			try (SocketChannel channel = SocketChannel.open()) {
				channel.configureBlocking(false);
				channel.connect(MARKER);
			}
			catch (IOException expected) {
				// the hook's probe exception, or a refusal from loopback if the hook did
				// not fire
			}
			check(state.connectProbed, "a non-blocking SocketChannel connect to " + MARKER,
					"another agent or a JVM option changed sun.nio.ch.Net after patching did.");
			state.connectProbed = false;
			try (Socket socket = new Socket()) {
				socket.connect(MARKER, 1000);
			}
			catch (IOException expected) {
				// as above
			}
			check(state.connectProbed, "a java.net.Socket connect to " + MARKER,
					"-Djdk.net.usePlainSocketImpl (JDK 17) makes java.net.Socket bypass sun.nio.ch.Net.");
			try {
				InetAddress.getAllByName("localhost");
			}
			catch (UnknownHostException expected) {
				// only possible if the hook did not answer
			}
			check(state.lookupProbed, "InetAddress.getAllByName(\"localhost\")",
					"another agent or a JVM option changed java.net.InetAddress after patching did.");
			try {
				InetAddress.getLocalHost();
			}
			catch (UnknownHostException expected) {
				// only possible if the hook did not answer
			}
			check(state.localProbed, "InetAddress.getLocalHost()",
					"another agent or a JVM option changed java.net.InetAddress after patching did.");
			try {
				InetAddress.getByAddress(MARKER.getAddress().getAddress()).getHostName();
			}
			catch (UnknownHostException expected) {
				// 4 bytes are always an address
			}
			check(state.reverseProbed, "a reverse lookup of " + MARKER.getAddress().getHostAddress(),
					"another agent or a JVM option changed java.net.InetAddress after patching did.");
			try (DatagramSocket socket = new DatagramSocket()) {
				socket.send(new DatagramPacket(new byte[1], 1, MARKER));
			}
			catch (IOException expected) {
				// the hook's probe exception, or an error from loopback if the hook did
				// not
				// fire
			}
			check(state.datagramProbed, "a DatagramSocket send to " + MARKER,
					"another agent or a JVM option changed sun.nio.ch.DatagramChannelImpl after patching did, or "
							+ "-Djdk.net.usePlainDatagramSocketImpl (JDK 17) is set.");
		}
		finally {
			HookRuntime.endProbe();
		}
	}

	private static void check(boolean reached, String call, String likelyCause) {
		if (!reached) {
			throw new HookInstallationException(
					"patching installed its hooks, but its self-test " + call + " on " + HookFailure.jdk()
							+ " did not reach them; the hooks were removed again.",
					likelyCause,
					"remove the option or agent named above from the test JVM; if there is none, report this message.");
		}
	}

	private static InetAddress marker() {
		try {
			return InetAddress.getByAddress("patching-self-test",
					new byte[] { 127, (byte) 255, (byte) 255, (byte) 253 });
		}
		catch (UnknownHostException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

}
