package dev.patching.agent;

import java.io.FileDescriptor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetAddress;
import java.net.ProtocolFamily;
import java.util.List;
import java.util.stream.Collectors;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * The JDK internals the hooks patch: the one place that knows how they differ between JDKs.
 *
 * <pre>
 * hook     class                 method          parameters                                     seen on
 * connect  sun.nio.ch.Net        connect         ProtocolFamily, FileDescriptor, InetAddress, int 17, 25
 * lookup   java.net.InetAddress  getAllByName0   String, InetAddress, boolean, boolean          17
 * lookup   java.net.InetAddress  getAllByName0   String, boolean                                25
 * </pre>
 *
 * Every TCP client (Socket, SocketChannel, the socket adaptor, AsynchronousSocketChannel,
 * HttpClient) and UDP connect reach {@code Net.connect}; the 3-argument overload delegates to it.
 * {@code getAllByName0} is the private worker behind getByName, getAllByName and getLocalHost,
 * in front of the JDK's cache. JDK 17 also has a package-private {@code getAllByName0(String,
 * boolean)} that merely delegates to the 4-parameter worker, so a target must be {@code private}
 * (the worker) where the table says so, and candidates are tried in table order.
 */
final class HookTargets {

	/** A method the hooks patch, found on this JDK. */
	record Target(String hook, Class<?> type, String method, List<Class<?>> parameters) {

		ElementMatcher<MethodDescription> matcher() {
			return named(this.method).and(isStatic()).and(takesArguments(this.parameters.toArray(Class<?>[]::new)));
		}

		@Override
		public String toString() {
			return this.type.getName() + "." + this.method + describe(this.parameters);
		}

	}

	private final Target connect;

	private final Target lookup;

	private HookTargets(Target connect, Target lookup) {
		this.connect = connect;
		this.lookup = lookup;
	}

	/**
	 * Finds both targets on this JDK.
	 * @throws HookInstallationException naming the class, method and JDK when one is missing
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

	/** The first candidate parameter list this JDK declares, as a static (and private) method. */
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
			Throwable cause) {
		String shapes = candidates.stream().map(HookTargets::describe).collect(Collectors.joining(" or "));
		return new HookInstallationException(
				"patching cannot install its " + hook + " hook: " + what + " with parameters " + shapes
						+ " does not exist on " + HookInstallationException.jdk() + ".",
				"this JDK's internals differ from those patching knows (measured on JDK 17 and 25); "
						+ "patching refuses to run unpatched rather than let traffic through silently.",
				"run the tests on a JDK that patching supports (17 or 25), or upgrade patching to a "
						+ "version that lists this JDK.",
				cause);
	}

	private static String describe(List<Class<?>> parameters) {
		return parameters.stream()
			.map(Class::getSimpleName)
			.collect(Collectors.joining(", ", "(", ")"));
	}

}
