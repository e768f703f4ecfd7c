package dev.patching;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One outbound connect seen by the socket patch.
 * <p>
 * A value class with record-style accessors. No clock is read on the hook's path: records
 * are kept in the order they were seen.
 */
public final class ConnectionAttempt {

	private final String host;

	private final InetAddress address;

	private final int port;

	private final Outcome outcome;

	private final @Nullable InetSocketAddress redirectedTo;

	private final String thread;

	private final @Nullable String fault;

	private final boolean sharedThread;

	/**
	 * @param host the host name the caller connected to, or the IP literal when it gave
	 * none
	 * @param address the address the caller asked for
	 * @param port the port the caller asked for
	 * @param outcome what the policy did
	 * @param redirectedTo where the connect really went, for {@link Outcome#REDIRECTED}
	 * only
	 * @param thread the name of the thread that connected
	 */
	public ConnectionAttempt(String host, InetAddress address, int port, Outcome outcome,
			@Nullable InetSocketAddress redirectedTo, String thread) {
		this(host, address, port, outcome, redirectedTo, thread, null, false);
	}

	/**
	 * @param host the host name the caller connected to, or the IP literal when it gave
	 * none
	 * @param address the address the caller asked for
	 * @param port the port the caller asked for
	 * @param outcome what the policy did
	 * @param redirectedTo where the connect really went, for {@link Outcome#REDIRECTED},
	 * and for a {@link Outcome#FAULT} {@code delay} of a redirected connect
	 * @param thread the name of the thread that connected
	 * @param fault the fault met, as {@code patching.socket.faults} writes it
	 * ({@code refuse}, {@code timeout}, {@code delay:250ms}, {@code timeout-after:2s}),
	 * for {@link Outcome#FAULT} only
	 */
	public ConnectionAttempt(String host, InetAddress address, int port, Outcome outcome,
			@Nullable InetSocketAddress redirectedTo, String thread, @Nullable String fault) {
		this(host, address, port, outcome, redirectedTo, thread, fault, false);
	}

	/**
	 * @param host the host name the caller connected to, or the IP literal when it gave
	 * none
	 * @param address the address the caller asked for
	 * @param port the port the caller asked for
	 * @param outcome what the policy did
	 * @param redirectedTo where the connect really went, for {@link Outcome#REDIRECTED},
	 * and for a {@link Outcome#FAULT} {@code delay} of a redirected connect
	 * @param thread the name of the thread that connected
	 * @param fault the fault met, for {@link Outcome#FAULT} only (see {@link #fault()})
	 * @param sharedThread whether the thread that connected was one no running test class
	 * owns (see {@link #sharedThread()})
	 */
	public ConnectionAttempt(String host, InetAddress address, int port, Outcome outcome,
			@Nullable InetSocketAddress redirectedTo, String thread, @Nullable String fault, boolean sharedThread) {
		this.sharedThread = sharedThread;
		this.host = Objects.requireNonNull(host, "host");
		this.address = Objects.requireNonNull(address, "address");
		this.port = port;
		this.outcome = Objects.requireNonNull(outcome, "outcome");
		this.redirectedTo = redirectedTo;
		this.thread = thread;
		this.fault = fault;
	}

	/** The host name the caller connected to, or the IP literal when it gave none. */
	public String host() {
		return this.host;
	}

	/** The address the caller asked for. */
	public InetAddress address() {
		return this.address;
	}

	/** The port the caller asked for. */
	public int port() {
		return this.port;
	}

	/** What the policy did. */
	public Outcome outcome() {
		return this.outcome;
	}

	/**
	 * Where the connect really went, for {@link Outcome#REDIRECTED}, and for a
	 * {@link Outcome#FAULT} {@code delay} of a redirected connect.
	 */
	public @Nullable InetSocketAddress redirectedTo() {
		return this.redirectedTo;
	}

	/** The name of the thread that connected. */
	public String thread() {
		return this.thread;
	}

	/**
	 * Whether the connect was made on a thread that no running test class owns — a
	 * pool's, a server's, one the application started. A connect made on a test class's
	 * own threads (its test methods and callbacks, the context it creates) is kept for
	 * that class only; one from a shared thread is kept for every class whose patch set
	 * was in effect, since any of them may have caused it.
	 */
	public boolean sharedThread() {
		return this.sharedThread;
	}

	/**
	 * The fault the connect met, as {@code patching.socket.faults} writes it
	 * ({@code refuse}, {@code timeout}, {@code delay:250ms}, {@code timeout-after:2s}),
	 * for {@link Outcome#FAULT} only.
	 */
	public @Nullable String fault() {
		return this.fault;
	}

	/** {@code host/ip:port}, as in the messages of blocked connects. */
	public String destination() {
		return this.host + "/" + this.address.getHostAddress() + ":" + this.port;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return this == other || (other instanceof ConnectionAttempt that && this.port == that.port
				&& this.host.equals(that.host) && this.address.equals(that.address) && this.outcome == that.outcome
				&& Objects.equals(this.redirectedTo, that.redirectedTo) && Objects.equals(this.thread, that.thread)
				&& Objects.equals(this.fault, that.fault) && this.sharedThread == that.sharedThread);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.host, this.address, this.port, this.outcome, this.redirectedTo, this.thread,
				this.fault, this.sharedThread);
	}

	@Override
	public String toString() {
		return "ConnectionAttempt[host=" + host() + ", address=" + this.address + ", port=" + this.port + ", outcome="
				+ this.outcome + ", redirectedTo=" + this.redirectedTo + ", thread=" + this.thread
				+ ((this.fault != null) ? ", fault=" + this.fault : "") + ", sharedThread=" + this.sharedThread + "]";
	}

	/** What the socket policy did with a connect. */
	public enum Outcome {

		/** The connect went ahead to the address the caller asked for. */
		ALLOWED,

		/** The connect went to a {@code patching.socket.redirect} target instead. */
		REDIRECTED,

		/** The connect was refused with a {@code ConnectionBlockedException}. */
		BLOCKED,

		/**
		 * The policy let the connect through and it met a {@code patching.socket.faults}
		 * fault ({@link ConnectionAttempt#fault()}): refused, timed out, or delayed.
		 */
		FAULT

	}

}
