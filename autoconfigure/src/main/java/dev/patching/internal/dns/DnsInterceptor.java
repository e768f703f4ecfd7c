package dev.patching.internal.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import dev.patching.DnsLookup;
import dev.patching.NameRefusedException;
import dev.patching.internal.agent.LookupInterceptor;
import dev.patching.internal.core.SeenLookup;
import dev.patching.internal.net.HostNames;
import dev.patching.internal.net.RefusedName;
import org.jspecify.annotations.Nullable;

/**
 * Applies the active {@link DnsPolicy} to every host-name lookup of the JVM and records
 * what it did. With no policy set, every lookup passes through untouched.
 *
 * <p>
 * Under {@code patching.dns.unlisted=refuse}, {@code localhost} and the machine's own
 * host name still go to the system resolver (logging and Spring ask for them) unless the
 * table lists them.
 */
public final class DnsInterceptor implements LookupInterceptor {

	private static final StackWalker WALKER = StackWalker.getInstance();

	/**
	 * Deep enough for hook, bridge, getAllByName0 and its callers; the constructor is the
	 * direct caller of getByName.
	 */
	private static final int FRAMES_TO_SEARCH = 32;

	private final Supplier<@Nullable String> localHostNameSource;

	private final BooleanSupplier resolvingForSocketAddress;

	/**
	 * One volatile read per lookup sees policy, sink and host name of the same
	 * {@link #setPolicy} call.
	 */
	private volatile @Nullable State state;

	/** Asked once: resolving it costs milliseconds, far above the policy-swap budget. */
	private @Nullable String localHostName;

	private boolean localHostNameKnown;

	/**
	 * An interceptor that asks {@link InetAddress#getLocalHost()} once for the machine's
	 * own name.
	 */
	public DnsInterceptor() {
		this(DnsInterceptor::systemHostName);
	}

	/**
	 * @param localHostName gives the machine's own host name, if it can; asked at most
	 * once
	 */
	public DnsInterceptor(Supplier<@Nullable String> localHostName) {
		this(localHostName, DnsInterceptor::calledFromInetSocketAddress);
	}

	DnsInterceptor(Supplier<@Nullable String> localHostName, BooleanSupplier resolvingForSocketAddress) {
		this.localHostNameSource = localHostName;
		this.resolvingForSocketAddress = resolvingForSocketAddress;
	}

	/**
	 * Makes {@code policy} the one in force; call it outside the hook.
	 * @param policy the policy; none passes every lookup through
	 * @param sink receives every lookup decided by the policy; none records nothing
	 */
	public synchronized void setPolicy(@Nullable DnsPolicy policy, @Nullable Consumer<SeenLookup> sink) {
		if (policy == null) {
			this.state = null;
			return;
		}
		String own = null;
		if (policy.unlisted() == UnlistedMode.REFUSE) {
			if (!this.localHostNameKnown) {
				this.localHostName = canonical(this.localHostNameSource.get());
				this.localHostNameKnown = true;
			}
			own = this.localHostName;
		}
		this.state = new State(policy, sink, own);
	}

	/** The policy in force, if any. */
	@Nullable DnsPolicy getPolicy() {
		State current = this.state;
		return (current != null) ? current.policy : null;
	}

	@Override
	public InetAddress @Nullable [] onLookup(String host) throws UnknownHostException {
		State current = this.state;
		if (current == null) {
			return null;
		}
		InetAddress[] answer = current.policy.hosts().answer(host);
		if (answer != null) {
			record(current, host, answer, DnsLookup.Outcome.ANSWERED);
			return answer;
		}
		if (current.policy.unlisted() == UnlistedMode.SYSTEM || isOwnName(host, current.localHostName)) {
			record(current, host, null, DnsLookup.Outcome.SYSTEM);
			return null;
		}
		record(current, host, null, DnsLookup.Outcome.REFUSED);
		// InetSocketAddress swallows the exception's message; the socket hook refuses the
		// marker with it intact.
		if (this.resolvingForSocketAddress.getAsBoolean()) {
			return new InetAddress[] { RefusedName.marker(host) };
		}
		throw new NameRefusedException(host);
	}

	/**
	 * Whether a stack (innermost frame first) shows a lookup made by an
	 * {@code InetSocketAddress} constructor.
	 */
	static boolean isSocketAddressConstructor(Stream<StackWalker.StackFrame> frames) {
		return frames.limit(FRAMES_TO_SEARCH)
			.anyMatch((frame) -> "<init>".equals(frame.getMethodName())
					&& "java.net.InetSocketAddress".equals(frame.getClassName()));
	}

	private static boolean calledFromInetSocketAddress() {
		return WALKER.walk(DnsInterceptor::isSocketAddressConstructor);
	}

	private static boolean isOwnName(String host, @Nullable String localHostName) {
		return HostNames.same(host, "localhost") || (localHostName != null && HostNames.same(host, localHostName));
	}

	private static void record(State state, String host, InetAddress @Nullable [] answers, DnsLookup.Outcome outcome) {
		Consumer<SeenLookup> sink = state.sink;
		if (sink != null) {
			sink.accept(new SeenLookup(host, answers, outcome, Thread.currentThread().getName()));
		}
	}

	private static @Nullable String canonical(@Nullable String name) {
		return (name == null || name.isEmpty()) ? null : HostNames.canonical(name);
	}

	private static @Nullable String systemHostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			// The JDK reports an unresolvable own name as "<name>: <reason>"; the name is
			// all we need.
			String message = ex.getMessage();
			int colon = (message != null) ? message.indexOf(':') : -1;
			return (colon > 0) ? message.substring(0, colon) : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private record State(DnsPolicy policy, @Nullable Consumer<SeenLookup> sink, @Nullable String localHostName) {
	}

}
