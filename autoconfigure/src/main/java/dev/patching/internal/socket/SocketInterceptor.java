package dev.patching.internal.socket;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
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
 */
public final class SocketInterceptor implements ConnectInterceptor {

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
			InetSocketAddress resolved = target.isUnresolved() ? resolve(target, address, port) : target;
			String host = host(address);
			record(current, address, port, ConnectionAttempt.Outcome.REDIRECTED, resolved, (ignored) -> host);
			return resolved;
		}
		if (policy.allows(address, port)) {
			// The common case: the host name is read only if someone reads the records.
			record(current, address, port, ConnectionAttempt.Outcome.ALLOWED, null, SocketInterceptor::host);
			return null;
		}
		ConnectionBlockedException blocked = policy.blocked(address, port, datagram);
		record(current, address, port, ConnectionAttempt.Outcome.BLOCKED, null, (ignored) -> blocked.getHost());
		throw blocked;
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

	private record State(@Nullable SocketPolicy policy, @Nullable Consumer<SeenConnect> sink) {
	}

}
