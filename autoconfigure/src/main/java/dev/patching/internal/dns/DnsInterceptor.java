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
 * Under {@code patching.dns.unlisted=refuse}, unless the table lists them or
 * {@code patching.dns.exempt-own-names=false}, {@code localhost} still goes to the system
 * resolver and the machine's own host name (logging and Spring ask for them) is answered
 * with the loopback address, asking no resolver — also through {@code getLocalHost()}. A
 * reverse lookup ({@code getHostName()} of an address without a name) gets the one name
 * the table lists the address for, or under {@code refuse} the address text.
 * <p>
 * A JDK lookup the policy passes to the system resolver is resolved here, with
 * {@link InetAddress#getAllByName} (the JDK's resolver and cache; the hook lets that
 * inner lookup through), so that its answer or failure is recorded; the caller gets the
 * same answer, or the same exception (a JDK caller that skips the cache, as
 * {@code getLocalHost} does for the own name, gets the cached answer while there is one).
 * A lookup of Netty's DNS resolver is left to Netty ({@link #onNettyLookup}): its answer
 * is not seen. When nothing records (no sink), every lookup passed on goes through
 * untouched.
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

	private final SystemResolver systemResolver;

	/**
	 * One volatile read per lookup sees policy, sink and host name of the same
	 * {@link #setPolicy} call.
	 */
	private volatile @Nullable State state;

	/** Asked once: resolving it costs milliseconds, far above the policy-swap budget. */
	private @Nullable String localHostName;

	private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

	/**
	 * The thread reading the machine's own name in {@link #setPolicy}, if any: its
	 * {@code getLocalHost()} is answered with loopback, so that the name is read without
	 * a query.
	 */
	private volatile @Nullable Thread readingOwnName;

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
		this(localHostName, resolvingForSocketAddress, InetAddress::getAllByName);
	}

	DnsInterceptor(Supplier<@Nullable String> localHostName, BooleanSupplier resolvingForSocketAddress,
			SystemResolver systemResolver) {
		this.localHostNameSource = localHostName;
		this.resolvingForSocketAddress = resolvingForSocketAddress;
		this.systemResolver = systemResolver;
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
		if (policy.unlisted() == UnlistedMode.REFUSE && policy.exemptOwnNames()) {
			if (!this.localHostNameKnown) {
				this.readingOwnName = Thread.currentThread();
				try {
					this.localHostName = canonical(this.localHostNameSource.get());
				}
				finally {
					this.readingOwnName = null;
				}
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
		return decide(host, true);
	}

	/** A name the table lists: answered and recorded; asks no resolver. */
	@Override
	public InetAddress @Nullable [] onListedLookup(String host) {
		State current = this.state;
		if (current == null) {
			return null;
		}
		HostTable.Listed listed = current.policy.hosts().listed(host);
		if (listed == null) {
			return null;
		}
		Consumer<SeenLookup> sink = current.sink;
		if (sink != null) {
			sink.accept(listed.record(Thread.currentThread().getName()));
		}
		return listed.answer();
	}

	/**
	 * As {@link #onLookup}, but a name passed on is left to Netty's resolver, unseen:
	 * nothing may block its event loop.
	 */
	@Override
	public InetAddress @Nullable [] onNettyLookup(String host) throws UnknownHostException {
		return decide(host, false);
	}

	/**
	 * A DNS query Netty's resolver is about to send: under {@code refuse} none leaves,
	 * whatever its type (the table answers names, not records), except the {@code A} and
	 * {@code AAAA} questions of Netty's own resolution of {@code localhost} or the
	 * machine's name, which {@link #onNettyLookup} passed on; under {@code system} every
	 * query goes.
	 */
	@Override
	public void onNettyQuery(String name, String type) throws UnknownHostException {
		State current = this.state;
		if (current == null || current.policy.unlisted() == UnlistedMode.SYSTEM) {
			return;
		}
		boolean address = "A".equals(type) || "AAAA".equals(type);
		if (address && current.policy.exemptOwnNames() && (HostNames.same(name, "localhost")
				|| (current.localHostName != null && HostNames.same(name, current.localHostName)))) {
			return;
		}
		String host = HostNames.canonical(name);
		record(current, host, null, DnsLookup.Outcome.REFUSED);
		throw new NameRefusedException(host, "DNS query for '" + host + "' (" + type
				+ ") refused by patching.dns: with " + UnlistedMode.PROPERTY + "=refuse no DNS query is sent, and "
				+ "Netty's record queries (DnsNameResolver.query, resolveAll(DnsQuestion)) are not answered from "
				+ "patching.dns.hosts, which lists addresses of names.\n\nResolve names with resolve()/resolveAll("
				+ "name) to use patching.dns.hosts, or set " + UnlistedMode.PROPERTY + "=system to send the query.");
	}

	/**
	 * {@code InetAddress.getLocalHost()}: the table's answer when it lists the machine's
	 * name; under {@code refuse} the loopback address carrying the name (or, with
	 * {@code patching.dns.exempt-own-names=false}, a refusal), with no query; otherwise
	 * the JDK answers (its lookup of the name passes {@link #onLookup}).
	 */
	@Override
	public @Nullable InetAddress onLocalHost(String name) throws UnknownHostException {
		if (this.readingOwnName == Thread.currentThread()) {
			return InetAddress.getByAddress(name, LOOPBACK.getAddress());
		}
		State current = this.state;
		if (current == null || HostNames.same(name, "localhost")) {
			// The JDK answers a machine named localhost with loopback, asking no one.
			return null;
		}
		InetAddress[] answer = current.policy.hosts().answer(name);
		if (answer != null) {
			record(current, name, answer, DnsLookup.Outcome.ANSWERED);
			return answer[0];
		}
		if (current.policy.unlisted() == UnlistedMode.SYSTEM) {
			return null;
		}
		if (!current.policy.exemptOwnNames()) {
			record(current, name, null, DnsLookup.Outcome.REFUSED);
			throw new NameRefusedException(name);
		}
		InetAddress loopback = InetAddress.getByAddress(name, LOOPBACK.getAddress());
		record(current, name, new InetAddress[] { loopback }, DnsLookup.Outcome.ANSWERED);
		return loopback;
	}

	/**
	 * A reverse lookup: the one name the table lists the address for; under
	 * {@code refuse} otherwise the address text, as the JDK answers when no name is
	 * found, with no query; under {@code system} the JDK asks its resolver (not
	 * recorded).
	 */
	@Override
	public @Nullable String onReverseLookup(InetAddress address) {
		State current = this.state;
		if (current == null) {
			return null;
		}
		String name = current.policy.hosts().nameOf(address);
		if (name != null) {
			record(current, name, new InetAddress[] { address }, DnsLookup.Outcome.ANSWERED);
			return name;
		}
		if (current.policy.unlisted() == UnlistedMode.SYSTEM) {
			return null;
		}
		String text = address.getHostAddress();
		record(current, text, null, DnsLookup.Outcome.REFUSED);
		return text;
	}

	private InetAddress @Nullable [] decide(String host, boolean resolvePassedOn) throws UnknownHostException {
		InetAddress[] listed = onListedLookup(host);
		if (listed != null) {
			return listed;
		}
		State current = this.state;
		if (current == null) {
			return null;
		}
		if (current.policy.unlisted() == UnlistedMode.SYSTEM) {
			return passOn(current, host, resolvePassedOn);
		}
		if (current.policy.exemptOwnNames()) {
			if (HostNames.same(host, "localhost")) {
				return passOn(current, host, resolvePassedOn);
			}
			if (current.localHostName != null && HostNames.same(host, current.localHostName)) {
				// Under refuse no resolver is asked: the machine's own name is loopback,
				// as the JDK answers getLocalHost() on a machine named localhost.
				InetAddress[] loopback = { InetAddress.getByAddress(host, LOOPBACK.getAddress()) };
				record(current, host, loopback, DnsLookup.Outcome.ANSWERED);
				return new InetAddress[] { loopback[0] };
			}
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

	/**
	 * A lookup for the system resolver: resolved here and recorded with its answer, or
	 * passed through unseen.
	 */
	private InetAddress @Nullable [] passOn(State state, String host, boolean resolve) throws UnknownHostException {
		Consumer<SeenLookup> sink = state.sink;
		if (sink == null) {
			return null;
		}
		String thread = Thread.currentThread().getName();
		if (!resolve) {
			sink.accept(SeenLookup.passedToSystem(host, null, null, thread));
			return null;
		}
		InetAddress[] answer;
		try {
			answer = this.systemResolver.resolve(host);
		}
		catch (UnknownHostException ex) {
			sink.accept(SeenLookup.passedToSystem(host, null, String.valueOf(ex.getMessage()), thread));
			throw ex;
		}
		if (answer == null || answer.length == 0) {
			sink.accept(SeenLookup.passedToSystem(host, null, null, thread));
			return null;
		}
		sink.accept(SeenLookup.passedToSystem(host, answer.clone(), null, thread));
		return answer;
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

	/**
	 * Resolves a name as the JDK does for its callers ({@link InetAddress#getAllByName}).
	 */
	@FunctionalInterface
	interface SystemResolver {

		InetAddress @Nullable [] resolve(String host) throws UnknownHostException;

	}

}
