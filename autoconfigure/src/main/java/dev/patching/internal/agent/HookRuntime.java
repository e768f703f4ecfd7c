package dev.patching.internal.agent;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What the patched JDK and Netty methods call, through the bridge's method handles: a
 * per-hook re-entry guard around the current interceptor, plus the self-test probe. The
 * pass-through path (no interceptor, or the interceptor lets the call go as asked)
 * allocates nothing once a thread has used a hook. Netty's connects share the connect
 * hook; Netty's resolver asks the lookup interceptor through {@link #resolve}.
 */
final class HookRuntime {

	/** Typed (InetAddress, int) InetSocketAddress, as the connect advice invokes it. */
	static final MethodHandle CONNECT;

	/** Typed (String) InetAddress[], as the lookup advice invokes it. */
	static final MethodHandle LOOKUP;

	/** Typed (String, Object, String) boolean, as the Netty resolve advice invokes it. */
	static final MethodHandle RESOLVE;

	/** Typed (Object, Object) boolean, as the Netty query advice invokes it. */
	static final MethodHandle QUERY;

	/** Typed (String) InetAddress, as the getLocalHost prologue invokes it. */
	static final MethodHandle LOCAL;

	/** Typed (InetAddress) String, as the reverse-lookup prologue invokes it. */
	static final MethodHandle REVERSE;

	/**
	 * Typed (InetSocketAddress) InetSocketAddress, as the datagram prologue invokes it.
	 */
	static final MethodHandle DATAGRAM;

	static {
		MethodHandles.Lookup lookup = MethodHandles.lookup();
		try {
			CONNECT = lookup.findStatic(HookRuntime.class, "connect",
					MethodType.methodType(InetSocketAddress.class, InetAddress.class, int.class));
			LOOKUP = lookup.findStatic(HookRuntime.class, "lookup",
					MethodType.methodType(InetAddress[].class, String.class));
			RESOLVE = lookup.findStatic(HookRuntime.class, "resolve",
					MethodType.methodType(boolean.class, String.class, Object.class, String.class));
			QUERY = lookup.findStatic(HookRuntime.class, "query",
					MethodType.methodType(boolean.class, Object.class, Object.class));
			LOCAL = lookup.findStatic(HookRuntime.class, "local",
					MethodType.methodType(InetAddress.class, String.class));
			REVERSE = lookup.findStatic(HookRuntime.class, "reverse",
					MethodType.methodType(String.class, InetAddress.class));
			DATAGRAM = lookup.findStatic(HookRuntime.class, "datagram",
					MethodType.methodType(InetSocketAddress.class, InetSocketAddress.class));
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private static final ThreadLocal<ThreadState> STATE = ThreadLocal.withInitial(ThreadState::new);

	/**
	 * How many threads run a self-test: the lookup hook's hot path reads this, not the
	 * thread-local state.
	 */
	private static volatile int probes;

	private static volatile @Nullable ConnectInterceptor connectInterceptor;

	private static volatile @Nullable LookupInterceptor lookupInterceptor;

	private HookRuntime() {
	}

	static void use(@Nullable ConnectInterceptor connect, @Nullable LookupInterceptor lookup) {
		connectInterceptor = connect;
		lookupInterceptor = lookup;
	}

	static boolean uses(@Nullable ConnectInterceptor connect, @Nullable LookupInterceptor lookup) {
		return connectInterceptor == connect && lookupInterceptor == lookup;
	}

	static @Nullable InetSocketAddress connect(InetAddress address, int port) throws IOException {
		ThreadState state = STATE.get();
		if (state.probing) {
			state.connectProbed = true;
			throw new ProbeException();
		}
		ConnectInterceptor interceptor = connectInterceptor;
		if (interceptor == null || state.inConnect) {
			return null;
		}
		state.inConnect = true;
		try {
			InetSocketAddress target = interceptor.onConnect(address, port);
			if (target != null && target.isUnresolved()) {
				throw new UnknownHostException("patching's connect interceptor redirected " + address + ":" + port
						+ " to " + target + ", which is unresolved; a redirect target must carry an IP address");
			}
			return target;
		}
		finally {
			state.inConnect = false;
		}
	}

	static InetAddress @Nullable [] lookup(String host) throws UnknownHostException {
		if (probes != 0 && STATE.get().probing) {
			STATE.get().lookupProbed = true;
			return new InetAddress[] { InetAddress.getByAddress(host, new byte[] { 127, 0, 0, 1 }) };
		}
		LookupInterceptor interceptor = lookupInterceptor;
		if (interceptor == null) {
			return null;
		}
		// A listed name is answered without the re-entry guard: that answer asks no one.
		InetAddress[] listed = interceptor.onListedLookup(host);
		if (listed != null) {
			return listed;
		}
		ThreadState state = STATE.get();
		if (state.inLookup) {
			return null;
		}
		state.inLookup = true;
		try {
			return interceptor.onLookup(host);
		}
		finally {
			state.inLookup = false;
		}
	}

	/**
	 * Answers {@code InetAddress.getLocalHost()} before the JDK reads or writes its cache
	 * of the local host.
	 * @param name the machine's host name, as the JDK read it
	 * @return the answer; none to let the JDK answer as usual
	 * @throws UnknownHostException to refuse the name
	 */
	static @Nullable InetAddress local(String name) throws UnknownHostException {
		ThreadState state = STATE.get();
		if (state.probing) {
			state.localProbed = true;
			return InetAddress.getByAddress(name, new byte[] { 127, 0, 0, 1 });
		}
		LookupInterceptor interceptor = lookupInterceptor;
		if (interceptor == null || state.inLookup) {
			return null;
		}
		state.inLookup = true;
		try {
			return interceptor.onLocalHost(name);
		}
		finally {
			state.inLookup = false;
		}
	}

	/**
	 * Answers a reverse lookup ({@code InetAddress.getHostName()} or
	 * {@code getCanonicalHostName()} of an address that carries no name) before the JDK
	 * asks its resolver.
	 * @param address the address whose name is wanted
	 * @return the name to give; none to let the JDK ask its resolver
	 */
	static @Nullable String reverse(InetAddress address) {
		ThreadState state = STATE.get();
		if (state.probing) {
			state.reverseProbed = true;
			return address.getHostAddress();
		}
		LookupInterceptor interceptor = lookupInterceptor;
		if (interceptor == null || state.inLookup) {
			return null;
		}
		state.inLookup = true;
		try {
			return interceptor.onReverseLookup(address);
		}
		finally {
			state.inLookup = false;
		}
	}

	/**
	 * Decides a datagram sent without {@code connect}, before the JDK sends it.
	 * @param target where the caller sends it (resolved: the JDK checked it)
	 * @return where to send it instead; none to send it as asked
	 * @throws IOException to refuse it; the caller of {@code send} sees this exception
	 */
	static @Nullable InetSocketAddress datagram(InetSocketAddress target) throws IOException {
		ThreadState state = STATE.get();
		if (state.probing) {
			state.datagramProbed = true;
			throw new ProbeException();
		}
		ConnectInterceptor interceptor = connectInterceptor;
		InetAddress address = target.getAddress();
		if (interceptor == null || state.inConnect || address == null) {
			return null;
		}
		state.inConnect = true;
		try {
			InetSocketAddress instead = interceptor.onDatagram(address, target.getPort());
			if (instead != null && instead.isUnresolved()) {
				throw new UnknownHostException("patching's connect interceptor redirected a datagram to " + target
						+ " to " + instead + ", which is unresolved; a redirect target must carry an IP address");
			}
			return instead;
		}
		finally {
			state.inConnect = false;
		}
	}

	/**
	 * Answers a lookup of Netty's DNS resolver from the lookup interceptor, completing
	 * Netty's promise so that the resolver sends no query.
	 * @param host the name Netty was asked for
	 * @param promise Netty's {@code Promise} for one address or for the list of addresses
	 * @param method {@code doResolve} (one address) or {@code doResolveAll} (the list)
	 * @return whether the promise was completed; {@code false} lets Netty resolve the
	 * name itself
	 * @throws UnknownHostException the interceptor's refusal; Netty fails the promise
	 * with it
	 */
	static boolean resolve(@Nullable String host, Object promise, String method) throws UnknownHostException {
		if (isLiteralOrEmpty(host)) {
			return false;
		}
		LookupInterceptor interceptor = lookupInterceptor;
		ThreadState state = STATE.get();
		if (interceptor == null || state.inLookup || state.probing) {
			return false;
		}
		InetAddress[] answer;
		state.inLookup = true;
		try {
			answer = interceptor.onNettyLookup(host);
		}
		finally {
			state.inLookup = false;
		}
		if (answer == null || answer.length == 0) {
			return false;
		}
		return NettyPromises.succeed(promise, method.endsWith("All") ? List.of(answer) : answer[0]);
	}

	/**
	 * Decides a DNS query Netty's resolver is about to send, failing Netty's promise when
	 * the lookup interceptor refuses it.
	 * @param question Netty's {@code DnsQuestion}
	 * @param promise Netty's {@code Promise} for the response
	 * @return whether the promise was failed: the query must not be sent
	 */
	static boolean query(Object question, Object promise) {
		LookupInterceptor interceptor = lookupInterceptor;
		ThreadState state = STATE.get();
		if (interceptor == null || state.inLookup || state.probing) {
			return false;
		}
		state.inLookup = true;
		try {
			interceptor.onNettyQuery(NettyPromises.questionName(question), NettyPromises.questionType(question));
			return false;
		}
		catch (UnknownHostException refused) {
			return NettyPromises.fail(promise, refused);
		}
		finally {
			state.inLookup = false;
		}
	}

	/**
	 * Netty answers an IP literal, and an empty name (with loopback), itself and without
	 * a query.
	 */
	private static boolean isLiteralOrEmpty(@Nullable String host) {
		if (host == null || host.isEmpty() || host.indexOf(':') >= 0) {
			return true;
		}
		for (int i = 0; i < host.length(); i++) {
			char c = host.charAt(i);
			if (c != '.' && (c < '0' || c > '9')) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Starts a self-test on this thread: the hooks record that they were reached and
	 * bypass the interceptors.
	 */
	static ThreadState startProbe() {
		ThreadState state = STATE.get();
		synchronized (HookRuntime.class) {
			probes++;
		}
		state.probing = true;
		state.connectProbed = false;
		state.lookupProbed = false;
		state.localProbed = false;
		state.reverseProbed = false;
		state.datagramProbed = false;
		return state;
	}

	static void endProbe() {
		STATE.get().probing = false;
		synchronized (HookRuntime.class) {
			probes--;
		}
	}

	static final class ThreadState {

		boolean inConnect;

		boolean inLookup;

		boolean probing;

		boolean connectProbed;

		boolean lookupProbed;

		boolean localProbed;

		boolean reverseProbed;

		boolean datagramProbed;

	}

	/** Ends a probe connect inside the hook, before the JDK sends anything. */
	static final class ProbeException extends IOException {

		ProbeException() {
			super("patching self-test connect, stopped by the hook", null);
		}

	}

}
