package dev.patching.internal.socket;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.patching.ConnectionAttempt;
import dev.patching.ConnectionBlockedException;
import dev.patching.NameRefusedException;
import dev.patching.internal.agent.ConnectInterceptor;
import dev.patching.internal.core.SeenConnect;
import dev.patching.internal.net.HostNames;
import dev.patching.internal.net.RefusedName;
import org.jspecify.annotations.Nullable;

/**
 * Applies the active {@link SocketPolicy} to every outbound connect of the JVM and
 * records what it did. With no policy set, connects pass through untouched, except one to
 * the {@link RefusedName DNS marker}, which is always refused with the DNS patch's
 * message and recorded nowhere: the DNS patch counted the name once, as refused.
 *
 * <p>
 * A connect the policy lets through (redirected or allowed) whose original destination
 * has a {@link SocketFault} meets it here: {@code refuse} and {@code timeout-after} throw
 * (the latter after waiting on the connecting thread), {@code delay} waits and then
 * connects as the policy said, and {@code timeout} sends the connect to a
 * {@link BlackHole} on loopback, so the caller's own connect timeout ends it — or throws
 * at once when the caller connected through {@code Socket.connect(SocketAddress)}, which
 * sets no timeout.
 */
public final class SocketInterceptor implements ConnectInterceptor {

	/**
	 * The class Netty's native transports connect through, after the (shaded) package.
	 */
	private static final String NETTY_SOCKET = "netty.channel.unix.Socket";

	/** Reads frames' descriptors, which JDK 25 gives only with class references kept. */
	private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

	/**
	 * One volatile read per connect sees the policy and sink of the same
	 * {@link #setPolicy} call.
	 */
	private volatile @Nullable State state;

	/**
	 * Makes {@code policy} the one in force.
	 * @param policy the policy; none lets every connect through
	 * @param sink receives every connect the interceptor decides; none records nothing
	 */
	public void setPolicy(@Nullable SocketPolicy policy, @Nullable Consumer<SeenConnect> sink) {
		this.state = (policy == null && sink == null) ? null : new State(policy, sink);
	}

	/** The policy in force, if any. */
	@Nullable SocketPolicy getPolicy() {
		State current = this.state;
		return (current != null) ? current.policy : null;
	}

	@Override
	public @Nullable InetSocketAddress onConnect(InetAddress address, int port) throws IOException {
		return decide(address, port, false);
	}

	/**
	 * A datagram sent without {@code connect}: decided as a connect to its destination
	 * and recorded as one; a blocked one fails with a message that says "Datagram".
	 */
	@Override
	public @Nullable InetSocketAddress onDatagram(InetAddress address, int port) throws IOException {
		return decide(address, port, true);
	}

	private @Nullable InetSocketAddress decide(InetAddress address, int port, boolean datagram) throws IOException {
		State current = this.state;
		if (RefusedName.isMarker(address)) {
			// The DNS patch recorded the refused name; the marker is no destination of
			// the
			// caller's, so it is neither recorded nor shown.
			throw new NameRefusedException(host(address));
		}
		if (current == null || current.policy == null) {
			return null;
		}
		SocketPolicy policy = current.policy;
		InetSocketAddress target = policy.redirectFor(address, port);
		if (target != null) {
			Map.@Nullable Entry<SocketRule, SocketFault> fault = policy.faultFor(address, port);
			if (fault != null) {
				return fault(current, address, port, target, fault.getKey(), fault.getValue());
			}
			InetSocketAddress resolved = target.isUnresolved() ? resolve(target, address, port) : target;
			String host = host(address);
			record(current, address, port, ConnectionAttempt.Outcome.REDIRECTED, resolved, (ignored) -> host);
			return resolved;
		}
		if (policy.allows(address, port)) {
			Map.@Nullable Entry<SocketRule, SocketFault> fault = policy.faultFor(address, port);
			if (fault != null) {
				return fault(current, address, port, null, fault.getKey(), fault.getValue());
			}
			// The common case: the host name is read only if someone reads the records.
			record(current, address, port, ConnectionAttempt.Outcome.ALLOWED, null, SocketInterceptor::host);
			return null;
		}
		ConnectionBlockedException blocked = policy.blocked(address, port, datagram);
		record(current, address, port, ConnectionAttempt.Outcome.BLOCKED, null, (ignored) -> blocked.getHost());
		throw blocked;
	}

	/**
	 * Applies a fault to a connect the policy lets through.
	 * @param redirect where the policy sends the connect (unresolved for a host name), or
	 * none to connect as asked
	 * @return where to connect: the black hole for {@code timeout}; for {@code delay} the
	 * redirect, or none
	 */
	private static @Nullable InetSocketAddress fault(State state, InetAddress address, int port,
			@Nullable InetSocketAddress redirect, SocketRule key, SocketFault fault) throws IOException {
		String host = host(address);
		String destination = ((host.indexOf(':') >= 0) ? "[" + host + "]" : host) + ":" + port;
		String setting = SocketPolicy.FAULTS + "[" + key + "]=" + fault;
		switch (fault.kind()) {
			case REFUSE -> {
				record(state, address, port, ConnectionAttempt.Outcome.FAULT, null, (ignored) -> host, fault);
				throw new ConnectException("Connection refused: " + destination + " (refused by " + setting + ")");
			}
			case TIMEOUT -> {
				record(state, address, port, ConnectionAttempt.Outcome.FAULT, null, (ignored) -> host, fault);
				if (connectsWithoutTimeout()) {
					throw new SocketTimeoutException("Connect timed out: " + destination + " does not answer ("
							+ setting + "), and no connect timeout was set, so it fails at once");
				}
				return BlackHole.address();
			}
			case TIMEOUT_AFTER -> {
				record(state, address, port, ConnectionAttempt.Outcome.FAULT, null, (ignored) -> host, fault);
				sleep(fault.duration(), setting);
				throw timedOut("Connect timed out after " + SocketFault.text(fault.duration()) + ": " + destination
						+ " does not answer (" + setting + ")");
			}
			default -> {
				sleep(fault.duration(), setting);
				InetSocketAddress resolved = (redirect != null && redirect.isUnresolved())
						? resolve(redirect, address, port) : redirect;
				record(state, address, port, ConnectionAttempt.Outcome.FAULT, resolved, (ignored) -> host, fault);
				return resolved;
			}
		}
	}

	/**
	 * Whether this connect comes through {@code java.net.Socket.connect(SocketAddress)},
	 * the form without a timeout that the socket constructors and
	 * {@code HttpURLConnection} without a connect timeout use. Read only on the
	 * {@code timeout} fault's path.
	 */
	private static boolean connectsWithoutTimeout() {
		return WALKER.walk((frames) -> frames.anyMatch(
				(frame) -> frame.getClassName().equals("java.net.Socket") && frame.getMethodName().equals("connect")
						&& frame.getDescriptor().equals("(Ljava/net/SocketAddress;)V")));
	}

	/**
	 * A {@code SocketTimeoutException}, or, for a connect of Netty's native transport
	 * ({@code io.netty.channel.unix.Socket}, shaded or not), the
	 * {@code io.netty.channel.ConnectTimeoutException} of that Netty copy that Netty's
	 * own connect timeout fails the connect with, the JDK exception as its cause.
	 */
	private static IOException timedOut(String message) {
		SocketTimeoutException timedOut = new SocketTimeoutException(message);
		Class<?> socket = WALKER.walk((frames) -> frames.map(StackWalker.StackFrame::getDeclaringClass)
			.filter((type) -> type.getName().endsWith(NETTY_SOCKET))
			.findFirst()
			.orElse(null));
		if (socket == null) {
			return timedOut;
		}
		String name = socket.getName();
		try {
			Class<?> type = Class.forName(
					name.substring(0, name.length() - NETTY_SOCKET.length()) + "netty.channel.ConnectTimeoutException",
					false, socket.getClassLoader());
			IOException netty = (IOException) type.getConstructor(String.class).newInstance(message);
			netty.initCause(timedOut);
			return netty;
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			return timedOut;
		}
	}

	private static void sleep(Duration duration, String setting) throws InterruptedIOException {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Connect interrupted while " + setting + " held it");
		}
	}

	/**
	 * Resolves a host-name redirect target now; the JDK would reject an unresolved
	 * address.
	 */
	private static InetSocketAddress resolve(InetSocketAddress target, InetAddress address, int port)
			throws UnknownHostException {
		InetSocketAddress resolved = new InetSocketAddress(target.getHostString(), target.getPort());
		if (resolved.isUnresolved()) {
			throw new UnknownHostException("Redirect target " + target.getHostString() + ":" + target.getPort() + " of "
					+ host(address) + ":" + port + " could not be resolved.\n\nCheck " + SocketPolicy.REDIRECT
					+ ", or list the target in patching.dns.hosts.");
		}
		if (RefusedName.isMarker(resolved.getAddress())) {
			throw new NameRefusedException(target.getHostString());
		}
		return resolved;
	}

	private static String host(InetAddress address) {
		String name = HostNames.carriedBy(address);
		return (name != null) ? name : address.getHostAddress();
	}

	private static void record(@Nullable State state, InetAddress address, int port, ConnectionAttempt.Outcome outcome,
			@Nullable InetSocketAddress redirectedTo, Function<InetAddress, String> hostOf) {
		if (state != null && state.sink != null) {
			state.sink.accept(
					new SeenConnect(address, port, outcome, redirectedTo, Thread.currentThread().getName(), hostOf));
		}
	}

	private static void record(State state, InetAddress address, int port, ConnectionAttempt.Outcome outcome,
			@Nullable InetSocketAddress redirectedTo, Function<InetAddress, String> hostOf, SocketFault fault) {
		if (state.sink != null) {
			state.sink.accept(new SeenConnect(address, port, outcome, redirectedTo, Thread.currentThread().getName(),
					hostOf, fault.toString()));
		}
	}

	private record State(@Nullable SocketPolicy policy, @Nullable Consumer<SeenConnect> sink) {
	}

}
