package dev.patching.internal.agent;

import java.lang.instrument.Instrumentation;

import dev.patching.HookInstallationException;
import org.jspecify.annotations.Nullable;

/**
 * The JVM-wide hooks on every outbound TCP connect ({@code sun.nio.ch.Net.connect}),
 * every UDP datagram sent without connect ({@code DatagramChannelImpl.send}), every host
 * name lookup ({@code InetAddress.getAllByName0}), {@code InetAddress.getLocalHost} and
 * every reverse lookup ({@code InetAddress.getHostFromNameService}), and on their Netty
 * counterparts: connects of Netty's native transports
 * ({@code io.netty.channel.unix.Socket.connect}, and Netty 4.2's io_uring
 * {@code AbstractIoUringChannel.submitConnect}) and lookups and queries of Netty's DNS
 * resolver ({@code DnsNameResolver}), in Netty classes loaded before or after
 * installation. Installing patches these methods once and points them at the given
 * interceptors; installing again only swaps the interceptors (a volatile write), and
 * uninstalling gives the JDK and Netty classes back their original bytes. See
 * {@link HookTargets} for what is and is not covered.
 *
 * <p>
 * Installation is verified by a self-test before this class reports success; when the
 * hooks cannot be installed, a {@link HookInstallationException} says why and how to fix
 * it. The JVM never runs unpatched after a successful {@link #install}.
 */
public final class JvmHooks {

	private static volatile @Nullable Installation installation;

	private JvmHooks() {
	}

	/**
	 * Installs the hooks, or, when they are installed, makes them use these interceptors.
	 * @param connect decides every outbound connect; without one every connect goes
	 * through
	 * @param lookup answers host name lookups; without one the JDK resolves every name
	 * @throws HookInstallationException if the hooks cannot be installed or fail their
	 * self-test; nothing stays patched then
	 */
	public static synchronized void install(@Nullable ConnectInterceptor connect, @Nullable LookupInterceptor lookup) {
		if (installation != null) {
			if (installation.netty() != null) {
				installation.netty().throwIfLateFailure();
			}
			HookRuntime.use(connect, lookup);
			return;
		}
		HookTargets targets = HookTargets.resolve();
		Instrumentation instrumentation = InstrumentationHolder.get();
		BootBridge bridge = BootBridge.claim(instrumentation);
		HookTransformer transformer = null;
		NettyTransformer netty = null;
		try {
			HookRuntime.use(connect, lookup);
			bridge.publish(HookRuntime.CONNECT, HookRuntime.LOOKUP, HookRuntime.RESOLVE, HookRuntime.LOCAL,
					HookRuntime.REVERSE, HookRuntime.DATAGRAM, HookRuntime.QUERY);
			transformer = HookTransformer.install(instrumentation, targets);
			netty = NettyTransformer.install(instrumentation, bridge);
			SelfTest.run();
		}
		catch (RuntimeException | Error ex) {
			if (netty != null) {
				HookFailure.resetting(ex, netty::reset);
			}
			if (transformer != null) {
				HookFailure.resetting(ex, transformer::reset);
			}
			HookRuntime.use(null, null);
			bridge.release();
			throw ex;
		}
		installation = new Installation(transformer, netty, bridge);
	}

	/**
	 * Like {@link #install}, but when the hooks are already installed with exactly these
	 * interceptors it only checks, without taking a lock, that no Netty class loaded
	 * since has failed to be patched — the path every switch of patch sets takes.
	 * @throws HookInstallationException as {@link #install} does
	 */
	public static void ensure(@Nullable ConnectInterceptor connect, @Nullable LookupInterceptor lookup) {
		Installation current = installation;
		if (current != null && HookRuntime.uses(connect, lookup)) {
			if (current.netty() != null) {
				current.netty().throwIfLateFailure();
			}
			return;
		}
		install(connect, lookup);
	}

	/**
	 * Removes the hooks: the JDK and Netty classes get their original bytes back and the
	 * interceptors are forgotten. Does nothing when the hooks are not installed;
	 * {@link #install} works again after.
	 * @throws HookInstallationException if the JVM refused to restore a class
	 */
	public static synchronized void uninstall() {
		Installation current = installation;
		if (current == null) {
			return;
		}
		installation = null;
		try {
			try {
				current.netty().reset();
			}
			finally {
				current.transformer().reset();
			}
		}
		finally {
			current.bridge().release();
			HookRuntime.use(null, null);
		}
	}

	/** Whether the hooks are installed (and passed their self-test). */
	public static boolean isInstalled() {
		return installation != null;
	}

	/**
	 * How this JVM's instrumentation was obtained, for diagnostics: {@code "javaagent"}
	 * (the JVM was started with {@code -javaagent:} and patching's jar),
	 * {@code "self-attach"} (Byte Buddy attached at run time), {@code "agentmain"} (a
	 * tool attached patching's jar); unknown before the first installation attempt.
	 */
	public static @Nullable String instrumentationSource() {
		return InstrumentationHolder.source();
	}

	private record Installation(HookTransformer transformer, NettyTransformer netty, BootBridge bridge) {
	}

}
