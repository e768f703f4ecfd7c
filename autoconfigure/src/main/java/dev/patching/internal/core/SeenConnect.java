package dev.patching.internal.core;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.Function;

import dev.patching.ConnectionAttempt;
import org.jspecify.annotations.Nullable;

/**
 * A connect as the socket hook records it: cheap to make on the hook's path, where an
 * allowed connect's host name is read from its address only when the records are read
 * ({@link #attempt()}).
 *
 * @param address the address the caller asked for
 * @param port the port the caller asked for
 * @param outcome what the policy did
 * @param redirectedTo where the connect really went, for a redirect
 * @param thread the name of the thread that connected
 * @param hostOf gives the host name the caller connected to, or the IP literal when it
 * gave none (read from the address, never by a reverse lookup)
 * @param fault the fault met, for {@link ConnectionAttempt.Outcome#FAULT} only
 */
public record SeenConnect(InetAddress address, int port, ConnectionAttempt.Outcome outcome,
		@Nullable InetSocketAddress redirectedTo, String thread, Function<InetAddress, String> hostOf,
		@Nullable String fault) {

	/** A connect that met no fault. */
	public SeenConnect(InetAddress address, int port, ConnectionAttempt.Outcome outcome,
			@Nullable InetSocketAddress redirectedTo, String thread, Function<InetAddress, String> hostOf) {
		this(address, port, outcome, redirectedTo, thread, hostOf, null);
	}

	/** The record as users see it. */
	public ConnectionAttempt attempt() {
		return attempt(false);
	}

	/**
	 * The record as users see it, made on a thread no running test class owns or not.
	 */
	public ConnectionAttempt attempt(boolean sharedThread) {
		return new ConnectionAttempt(this.hostOf.apply(this.address), this.address, this.port, this.outcome,
				this.redirectedTo, this.thread, this.fault, sharedThread);
	}

}
