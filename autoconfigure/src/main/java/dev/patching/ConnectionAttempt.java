package dev.patching;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * One outbound connect seen by the socket patch.
 *
 * @param host the host name the caller connected to, or the IP literal when it gave none
 * @param address the address the caller asked for
 * @param port the port the caller asked for
 * @param outcome what the policy did
 * @param redirectedTo where the connect really went, for {@link Outcome#REDIRECTED}; otherwise {@code null}
 * @param thread the name of the thread that connected
 * @param time when the attempt was seen
 */
public record ConnectionAttempt(String host, InetAddress address, int port, Outcome outcome,
		InetSocketAddress redirectedTo, String thread, Instant time) {

	/** What the socket policy did with a connect. */
	public enum Outcome {

		/** The connect went ahead to the address the caller asked for. */
		ALLOWED,

		/** The connect went to a {@code patching.socket.redirect} target instead. */
		REDIRECTED,

		/** The connect was refused with a {@code ConnectionBlockedException}. */
		BLOCKED

	}

	/** {@code host/ip:port}, as in the messages of blocked connects. */
	public String destination() {
		return this.host + "/" + this.address.getHostAddress() + ":" + this.port;
	}

}
