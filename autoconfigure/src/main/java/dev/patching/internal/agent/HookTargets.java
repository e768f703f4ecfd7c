package dev.patching.internal.agent;

import java.io.FileDescriptor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
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
 * netty-connect  *io.netty.channel.unix.Socket          connect         SocketAddress (instance, public final)         Netty 4.1.128, 4.2.15
 * netty-lookup   *io.netty.resolver.dns.DnsNameResolver doResolve       String, DnsRecord[], Promise, DnsCache         Netty 4.1.128, 4.2.15
 * netty-lookup   *io.netty.resolver.dns.DnsNameResolver doResolveAll    String, DnsRecord[], Promise, DnsCache         Netty 4.1.128, 4.2.15
 * </pre>
 *
 * Every TCP client (Socket, SocketChannel, the socket adaptor, AsynchronousSocketChannel,
 * HttpClient) and UDP connect reach {@code Net.connect}; the 3-argument overload
 * delegates to it. {@code getAllByName0} is the private worker behind getByName,
 * getAllByName and getLocalHost, in front of the JDK's cache. JDK 17 also has a
 * package-private {@code getAllByName0(String,
 * boolean)} that merely delegates to the 4-parameter worker, so a target must be
 * {@code private} (the worker) where the table says so, and candidates are tried in table
 * order.
 *
 * <p>
 * The Netty rows ({@code *} = any package prefix, so shaded copies such as
 * {@code io.grpc.netty.shaded.io.netty...} match too) are patched whenever such a class
 * loads, in any class loader, and are optional: with no Netty nothing is patched.
 * {@code unix.Socket.connect} is where the epoll ({@code LinuxSocket}) and kqueue
 * ({@code BsdSocket}) transports connect; Netty's NIO transport reaches
 * {@code Net.connect}. Netty's io_uring transport submits its connects to the kernel ring
 * without either, and TCP Fast Open connects ({@code TCP_FASTOPEN_CONNECT}) send with
 * {@code sendTo}: neither is covered. The two 4-parameter resolver methods are where
 * every name lookup of {@code DnsNameResolver} starts ({@code resolve},
 * {@code resolveAll} and the 2-parameter overloads delegate to them), before its hosts
 * file, cache and queries; record queries ({@code resolveAll(DnsQuestion)}) are not
 * covered.
 */
final class HookTargets {

	/** A method the hooks patch, found on this JDK. */
	record Target(String hook, Class<?> type, String method, List<Class<?>> parameters) {

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
	static final List<NettyTarget> NETTY = List.of(
			new NettyTarget("netty-connect", "io.netty.channel.unix.Socket", "connect(SocketAddress)",
					() -> named("connect").and(not(isStatic())).and(takesArguments(SocketAddress.class))),
			new NettyTarget("netty-lookup", "io.netty.resolver.dns.DnsNameResolver",
					"doResolve/doResolveAll(String, DnsRecord[], Promise, DnsCache)",
					() -> namedOneOf("doResolve", "doResolveAll").and(not(isStatic()))
						.and(takesArguments(4))
						.and(takesArgument(0, String.class))));

	private final Target connect;

	private final Target lookup;

	private HookTargets(Target connect, Target lookup) {
		this.connect = connect;
		this.lookup = lookup;
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
		return new HookTargets(connect, lookup);
	}

	Target connect() {
		return this.connect;
	}

	Target lookup() {
		return this.lookup;
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
