package dev.patching.internal.agent;

import java.io.FileDescriptor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.patching.HookInstallationException;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;
import org.jspecify.annotations.Nullable;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * The JDK and Netty internals the hooks patch: the one place that knows how they differ
 * between JDKs and which Netty methods they reach.
 *
 * <pre>
 * hook           class                                  method          parameters                                     seen on
 * connect        sun.nio.ch.Net                         connect         ProtocolFamily, FileDescriptor, InetAddress, int JDK 17, 25
 * lookup         java.net.InetAddress                   getAllByName0   String, InetAddress, boolean, boolean          JDK 17
 * lookup         java.net.InetAddress                   getAllByName0   String, boolean                                JDK 25
 * local          java.net.InetAddress                   getLocalHost    (public)                                       JDK 17, 25
 * reverse        java.net.InetAddress                   getHostFromNameService InetAddress, boolean                    JDK 17
 * reverse        java.net.InetAddress                   getHostFromNameService InetAddress                             JDK 25
 * datagram       sun.nio.ch.DatagramChannelImpl         send (instance) FileDescriptor, ByteBuffer, InetSocketAddress  JDK 17, 25
 * netty-connect  *io.netty.channel.unix.Socket          connect         SocketAddress (instance, public final)         Netty 4.1.128, 4.2.15
 * netty-uring-connect *io.netty.channel.uring.AbstractIoUringChannel
 *                                                        submitConnect   InetSocketAddress (instance, private)          Netty 4.2.15
 * netty-lookup   *io.netty.resolver.dns.DnsNameResolver doResolve       String, DnsRecord[], Promise, DnsCache         Netty 4.1.128, 4.2.15
 * netty-lookup   *io.netty.resolver.dns.DnsNameResolver doResolveAll    String, DnsRecord[], Promise, DnsCache         Netty 4.1.128, 4.2.15
 * netty-query    *io.netty.resolver.dns.DnsNameResolver doQuery         Channel, InetSocketAddress, DnsQuestion,
 *                                                                       observer, DnsRecord[], boolean, Promise        Netty 4.1.128, 4.2.15
 * </pre>
 *
 * Every TCP client (Socket, SocketChannel, the socket adaptor, AsynchronousSocketChannel,
 * HttpClient) and UDP connect reach {@code Net.connect}; the 3-argument overload
 * delegates to it. {@code getAllByName0} is the private worker behind getByName,
 * getAllByName and getLocalHost, in front of the JDK's cache. JDK 17 also has a
 * package-private {@code getAllByName0(String,
 * boolean)} that merely delegates to the 4-parameter worker, so a target must be
 * {@code private} (the worker) where the table says so, and candidates are tried in table
 * order. {@code getLocalHost} is patched at its start, before the JDK's cache of its
 * answer (kept 5 seconds), so that an answer of patching's is never kept there; the
 * prologue reads the machine's name as the JDK does ({@code InetAddress.impl
 * .getLocalHostName()}, no lookup). {@code getHostFromNameService} is the private worker
 * behind {@code getHostName()} and {@code getCanonicalHostName()} of an address that
 * carries no name: it asks the resolver ({@code NameService.getHostByAddr} on JDK 17,
 * {@code InetAddressResolver.lookupByAddress} on JDK 18+) and checks that the name
 * resolves back. The private {@code DatagramChannelImpl.send(FileDescriptor, ByteBuffer,
 * InetSocketAddress)} is where every datagram sent without {@code connect} goes:
 * {@code DatagramChannel.send} calls it when not connected, and {@code DatagramSocket}
 * and {@code MulticastSocket} (whose default implementation on JDK 17+ is the channel's
 * socket adaptor) reach it through {@code DatagramChannelImpl.blockingSend}; a connected
 * channel writes with {@code IOUtil.write} instead, after its connect passed
 * {@code Net.connect}.
 *
 * <p>
 * The Netty rows ({@code *} = any package prefix, so shaded copies such as
 * {@code io.grpc.netty.shaded.io.netty...} match too) are patched whenever such a class
 * loads, in any class loader, and are optional: with no Netty nothing is patched.
 * {@code unix.Socket.connect} is where the epoll ({@code LinuxSocket}) and kqueue
 * ({@code BsdSocket}) transports connect; Netty's NIO transport reaches
 * {@code Net.connect}. Netty 4.2's io_uring transport ({@code io.netty.channel.uring})
 * submits its connects to the kernel ring without either: every TCP and UDP connect of
 * its channels goes through
 * {@code AbstractIoUringChannel.submitConnect(InetSocketAddress)} first, from the
 * channel's {@code connect}, which turns an exception there into a failed connect future.
 * Netty 4.1's io_uring transport is a separate incubator artifact
 * ({@code io.netty.incubator.channel.uring}) and is not covered. TCP Fast Open connects
 * ({@code TCP_FASTOPEN_CONNECT}) send their first bytes with {@code sendTo} (epoll) or a
 * {@code sendmsg} operation (io_uring) and are not covered either. The two 4-parameter
 * resolver methods are where every name lookup of {@code DnsNameResolver} starts
 * ({@code resolve}, {@code resolveAll} and the 2-parameter overloads delegate to them),
 * before its hosts file, cache and queries. {@code doQuery} is where every query the
 * resolver sends starts: raw record queries ({@code query(...)},
 * {@code resolveAll(DnsQuestion)}, e.g. SRV) and the queries of its own resolution.
 */
final class HookTargets {

	/** A method the hooks patch, found on this JDK. */
	record Target(String hook, Class<?> type, String method, List<Class<?>> parameters, boolean isStatic) {

		Target(String hook, Class<?> type, String method, List<Class<?>> parameters) {
			this(hook, type, method, parameters, true);
		}

		@Override
		public String toString() {
			return this.type.getName() + "." + this.method + describe(this.parameters);
		}

	}

	/** A Netty method, matched by the end of its class name whenever that class loads. */
	record NettyTarget(String hook, String className, String method,
			Supplier<ElementMatcher<MethodDescription>> matchers) {

		/**
		 * Built on demand: Byte Buddy's matchers load many classes, and with no Netty
		 * none is needed.
		 */
		ElementMatcher<MethodDescription> matcher() {
			return this.matchers.get();
		}

		/**
		 * Whether a class name (binary, or internal with '/') is this class, shaded or
		 * not.
		 */
		boolean matches(String name) {
			int prefix = name.length() - this.className.length();
			if (prefix < 0 || (prefix > 0 && !isSeparator(name.charAt(prefix - 1)))) {
				return false;
			}
			for (int i = 0; i < this.className.length(); i++) {
				char wanted = this.className.charAt(i);
				char actual = name.charAt(prefix + i);
				if (actual != wanted && !(wanted == '.' && actual == '/')) {
					return false;
				}
			}
			return true;
		}

		private static boolean isSeparator(char c) {
			return c == '.' || c == '/';
		}

		@Override
		public String toString() {
			return "*" + this.className + "." + this.method;
		}

	}

	/** The Netty rows of the table. */
	static final List<NettyTarget> NETTY = List
		.of(new NettyTarget("netty-connect", "io.netty.channel.unix.Socket", "connect(SocketAddress)",
				() -> named("connect").and(not(isStatic())).and(takesArguments(SocketAddress.class))),
				new NettyTarget("netty-uring-connect", "io.netty.channel.uring.AbstractIoUringChannel",
						"submitConnect(InetSocketAddress)",
						() -> named("submitConnect").and(not(isStatic())).and(takesArguments(InetSocketAddress.class))),
				new NettyTarget("netty-lookup", "io.netty.resolver.dns.DnsNameResolver",
						"doResolve/doResolveAll(String, DnsRecord[], Promise, DnsCache)",
						() -> namedOneOf("doResolve", "doResolveAll").and(not(isStatic()))
							.and(takesArguments(4))
							.and(takesArgument(0, String.class))),
				new NettyTarget("netty-query", "io.netty.resolver.dns.DnsNameResolver",
						"doQuery(Channel, InetSocketAddress, DnsQuestion, DnsQueryLifecycleObserver, DnsRecord[], "
								+ "boolean, Promise)",
						() -> named("doQuery").and(not(isStatic())).and(takesArguments(7))));

	private final Target connect;

	private final Target lookup;

	private final Target local;

	private final Target reverse;

	private final Target datagram;

	private HookTargets(Target connect, Target lookup, Target local, Target reverse, Target datagram) {
		this.connect = connect;
		this.lookup = lookup;
		this.local = local;
		this.reverse = reverse;
		this.datagram = datagram;
	}

	/**
	 * Finds both targets on this JDK.
	 * @throws HookInstallationException naming the class, method and JDK when one is
	 * missing
	 */
	static HookTargets resolve() {
		Target connect = find("connect", "sun.nio.ch.Net", "connect", false,
				List.of(List.of(ProtocolFamily.class, FileDescriptor.class, InetAddress.class, int.class)));
		Target lookup = find("lookup", "java.net.InetAddress", "getAllByName0", true,
				List.of(List.of(String.class, InetAddress.class, boolean.class, boolean.class),
						List.of(String.class, boolean.class)));
		Target local = find("local", "java.net.InetAddress", "getLocalHost", false, List.of(List.of()));
		Target reverse = find("reverse", "java.net.InetAddress", "getHostFromNameService", true,
				List.of(List.of(InetAddress.class, boolean.class), List.of(InetAddress.class)));
		Target datagram = findInstance("datagram", "sun.nio.ch.DatagramChannelImpl", "send",
				List.of(FileDescriptor.class, ByteBuffer.class, InetSocketAddress.class));
		return new HookTargets(connect, lookup, local, reverse, datagram);
	}

	Target connect() {
		return this.connect;
	}

	Target lookup() {
		return this.lookup;
	}

	Target local() {
		return this.local;
	}

	Target reverse() {
		return this.reverse;
	}

	Target datagram() {
		return this.datagram;
	}

	/** Every JDK target, in the order they are patched. */
	List<Target> all() {
		return List.of(this.connect, this.lookup, this.local, this.reverse, this.datagram);
	}

	/**
	 * A private instance method with exactly these parameters.
	 * @throws HookInstallationException naming the class, method and JDK when it is
	 * missing
	 */
	static Target findInstance(String hook, String className, String method, List<Class<?>> parameters) {
		Class<?> type;
		try {
			type = Class.forName(className, false, null);
		}
		catch (ClassNotFoundException ex) {
			throw missing(hook, className + " (the class itself)", List.of(parameters), ex);
		}
		try {
			Method found = type.getDeclaredMethod(method, parameters.toArray(Class<?>[]::new));
			int modifiers = found.getModifiers();
			if (!Modifier.isStatic(modifiers) && Modifier.isPrivate(modifiers)) {
				return new Target(hook, type, method, parameters, false);
			}
		}
		catch (NoSuchMethodException ex) {
			// reported below
		}
		throw missing(hook, className + "." + method, List.of(parameters), null);
	}

	/**
	 * The first candidate parameter list this JDK declares, as a static (and private)
	 * method.
	 */
	static Target find(String hook, String className, String method, boolean mustBePrivate,
			List<List<Class<?>>> candidates) {
		Class<?> type;
		try {
			type = Class.forName(className, false, null);
		}
		catch (ClassNotFoundException ex) {
			throw missing(hook, className + " (the class itself)", candidates, ex);
		}
		for (List<Class<?>> parameters : candidates) {
			try {
				Method found = type.getDeclaredMethod(method, parameters.toArray(Class<?>[]::new));
				int modifiers = found.getModifiers();
				if (Modifier.isStatic(modifiers) && (!mustBePrivate || Modifier.isPrivate(modifiers))) {
					return new Target(hook, type, method, parameters);
				}
			}
			catch (NoSuchMethodException ex) {
				// try the next JDK's shape
			}
		}
		throw missing(hook, className + "." + method, candidates, null);
	}

	private static HookInstallationException missing(String hook, String what, List<List<Class<?>>> candidates,
			@Nullable Throwable cause) {
		String shapes = candidates.stream().map(HookTargets::describe).collect(Collectors.joining(" or "));
		return new HookInstallationException(
				"patching cannot install its " + hook + " hook: " + what + " with parameters " + shapes
						+ " does not exist on " + HookFailure.jdk() + ".",
				"this JDK's internals differ from those patching knows (measured on JDK 17 and 25); "
						+ "patching refuses to run unpatched rather than let traffic through silently.",
				"run the tests on a JDK that patching supports (17 or 25), or upgrade patching to a "
						+ "version that lists this JDK.",
				cause);
	}

	private static String describe(List<Class<?>> parameters) {
		return parameters.stream().map(Class::getSimpleName).collect(Collectors.joining(", ", "(", ")"));
	}

}
