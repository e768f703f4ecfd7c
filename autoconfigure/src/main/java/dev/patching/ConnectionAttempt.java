package dev.patching;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.function.Function;

/**
 * One outbound connect seen by the socket patch.
 * <p>
 * A value class with record-style accessors. The host name is read from the address only when
 * asked for ({@link #host()}), so recording an allowed connect stays cheap on the hook's path;
 * for the same reason no clock is read: records are kept in the order they were seen.
 */
public final class ConnectionAttempt {

	private final InetAddress address;

	private final int port;

	private final Outcome outcome;

	private final InetSocketAddress redirectedTo;

	private final String thread;

	private final Function<InetAddress, String> hostOf;

	private String host;

	/**
	 * @param host the host name the caller connected to, or the IP literal when it gave none
	 * @param address the address the caller asked for
	 * @param port the port the caller asked for
	 * @param outcome what the policy did
	 * @param redirectedTo where the connect really went, for {@link Outcome#REDIRECTED}; otherwise {@code null}
	 * @param thread the name of the thread that connected
	 */
	public ConnectionAttempt(String host, InetAddress address, int port, Outcome outcome, InetSocketAddress redirectedTo,
			String thread) {
		this(address, port, outcome, redirectedTo, thread, null);
		this.host = Objects.requireNonNull(host, "host");
	}

	private ConnectionAttempt(InetAddress address, int port, Outcome outcome, InetSocketAddress redirectedTo, String thread,
			Function<InetAddress, String> hostOf) {
		this.address = Objects.requireNonNull(address, "address");
		this.port = port;
		this.outcome = Objects.requireNonNull(outcome, "outcome");
		this.redirectedTo = redirectedTo;
		this.thread = thread;
		this.hostOf = hostOf;
	}

	/**
	 * An attempt whose host name is worked out from the address when first asked for.
	 * @param hostOf reads the name the address carries (never a reverse lookup)
	 */
	public static ConnectionAttempt seen(InetAddress address, int port, Outcome outcome, InetSocketAddress redirectedTo,
			String thread, Function<InetAddress, String> hostOf) {
		return new ConnectionAttempt(address, port, outcome, redirectedTo, thread, hostOf);
	}

	/** The host name the caller connected to, or the IP literal when it gave none. */
	public String host() {
		String name = this.host;
		if (name == null) {
			name = this.hostOf.apply(this.address);
			this.host = name;
		}
		return name;
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

	/** Where the connect really went, for {@link Outcome#REDIRECTED}; otherwise {@code null}. */
	public InetSocketAddress redirectedTo() {
		return this.redirectedTo;
	}

	/** The name of the thread that connected. */
	public String thread() {
		return this.thread;
	}

	/** {@code host/ip:port}, as in the messages of blocked connects. */
	public String destination() {
		return host() + "/" + this.address.getHostAddress() + ":" + this.port;
	}

	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof ConnectionAttempt that && this.port == that.port
				&& host().equals(that.host()) && this.address.equals(that.address) && this.outcome == that.outcome
				&& Objects.equals(this.redirectedTo, that.redirectedTo) && Objects.equals(this.thread, that.thread));
	}

	@Override
	public int hashCode() {
		return Objects.hash(host(), this.address, this.port, this.outcome, this.redirectedTo, this.thread);
	}

	@Override
	public String toString() {
		return "ConnectionAttempt[host=" + host() + ", address=" + this.address + ", port=" + this.port + ", outcome="
				+ this.outcome + ", redirectedTo=" + this.redirectedTo + ", thread=" + this.thread + "]";
	}

	/** What the socket policy did with a connect. */
	public enum Outcome {

		/** The connect went ahead to the address the caller asked for. */
		ALLOWED,

		/** The connect went to a {@code patching.socket.redirect} target instead. */
		REDIRECTED,

		/** The connect was refused with a {@code ConnectionBlockedException}. */
		BLOCKED

	}

}
