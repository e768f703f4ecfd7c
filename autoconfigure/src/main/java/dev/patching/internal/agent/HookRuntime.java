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

	static {
		MethodHandles.Lookup lookup = MethodHandles.lookup();
		try {
			CONNECT = lookup.findStatic(HookRuntime.class, "connect",
					MethodType.methodType(InetSocketAddress.class, InetAddress.class, int.class));
			LOOKUP = lookup.findStatic(HookRuntime.class, "lookup",
					MethodType.methodType(InetAddress[].class, String.class));
			RESOLVE = lookup.findStatic(HookRuntime.class, "resolve",
					MethodType.methodType(boolean.class, String.class, Object.class, String.class));
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private static final ThreadLocal<ThreadState> STATE = ThreadLocal.withInitial(ThreadState::new);

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
		ThreadState state = STATE.get();
		if (state.probing) {
			state.lookupProbed = true;
			return new InetAddress[] { InetAddress.getByAddress(host, new byte[] { 127, 0, 0, 1 }) };
		}
		LookupInterceptor interceptor = lookupInterceptor;
		if (interceptor == null || state.inLookup) {
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
		state.probing = true;
		state.connectProbed = false;
		state.lookupProbed = false;
		return state;
	}

	static void endProbe() {
		STATE.get().probing = false;
	}

	static final class ThreadState {

		boolean inConnect;

		boolean inLookup;

		boolean probing;

		boolean connectProbed;

		boolean lookupProbed;

	}

	/** Ends a probe connect inside the hook, before the JDK sends anything. */
	static final class ProbeException extends IOException {

		ProbeException() {
			super("patching self-test connect, stopped by the hook", null);
		}

	}

}
