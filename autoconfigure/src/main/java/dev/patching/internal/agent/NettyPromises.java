package dev.patching.internal.agent;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;

/**
 * Completes a Netty {@code io.netty.util.concurrent.Promise} without compiling against
 * Netty: patching must work with no Netty on the class path, and with a shaded copy of it
 * (gRPC puts Netty under {@code io.grpc.netty.shaded.io.netty}), so the interface is
 * found by name suffix.
 */
final class NettyPromises {

	private static final String PROMISE = "io.netty.util.concurrent.Promise";

	/** The promise interface's {@code trySuccess(Object)} for a promise class. */
	private static final ClassValue<@Nullable Method> TRY_SUCCESS = promiseMethod("trySuccess", Object.class);

	/** The promise interface's {@code tryFailure(Throwable)} for a promise class. */
	private static final ClassValue<@Nullable Method> TRY_FAILURE = promiseMethod("tryFailure", Throwable.class);

	/** The promise interface's method {@code name} for a promise class, if it has one. */
	private static ClassValue<@Nullable Method> promiseMethod(String name, Class<?> parameter) {
		return new ClassValue<>() {

			@Override
			protected @Nullable Method computeValue(Class<?> type) {
				Class<?> promise = promiseInterface(type);
				if (promise == null) {
					return null;
				}
				try {
					return promise.getMethod(name, parameter);
				}
				catch (NoSuchMethodException ex) {
					return null;
				}
			}

		};
	}

	private NettyPromises() {
	}

	/**
	 * Fails the promise with {@code cause}.
	 * @return {@code true}: the resolver must not send its query any more
	 * @throws IllegalStateException if {@code promise} is no Netty promise patching knows
	 */
	static boolean fail(Object promise, Throwable cause) {
		Method tryFailure = TRY_FAILURE.get(promise.getClass());
		if (tryFailure == null) {
			throw new IllegalStateException("patching cannot refuse a query of Netty's DNS resolver: "
					+ promise.getClass().getName() + " implements no " + PROMISE
					+ " with tryFailure(Throwable); this Netty version is not supported.");
		}
		try {
			tryFailure.invoke(promise, cause);
			return true;
		}
		catch (InvocationTargetException ex) {
			throw new IllegalStateException("Netty's promise refused patching's failure " + cause, ex.getCause());
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("patching cannot fail Netty's promise " + tryFailure, ex);
		}
	}

	/** The name of Netty's {@code DnsQuestion} ({@code DnsRecord.name()}). */
	static String questionName(Object question) {
		return String.valueOf(call(question, "name"));
	}

	/** The record type of Netty's {@code DnsQuestion}, e.g. {@code A} or {@code SRV}. */
	static String questionType(Object question) {
		Object type = call(question, "type");
		return (type != null) ? String.valueOf(call(type, "name")) : "?";
	}

	private static @Nullable Object call(Object target, String method) {
		try {
			Method found = publicMethod(target.getClass(), method);
			return found.invoke(target);
		}
		catch (InvocationTargetException ex) {
			throw new IllegalStateException("Netty's " + target.getClass().getName() + "." + method + "() failed",
					ex.getCause());
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("patching cannot read " + target.getClass().getName() + "." + method
					+ "(); this Netty version is not supported.", ex);
		}
	}

	/**
	 * The method as a public type declares it (an implementation class may not be
	 * public).
	 */
	private static Method publicMethod(Class<?> type, String name) throws NoSuchMethodException {
		for (Class<?> current = type; current != null; current = current.getSuperclass()) {
			if (java.lang.reflect.Modifier.isPublic(current.getModifiers())) {
				return current.getMethod(name);
			}
			for (Class<?> candidate : current.getInterfaces()) {
				if (java.lang.reflect.Modifier.isPublic(candidate.getModifiers())) {
					try {
						return candidate.getMethod(name);
					}
					catch (NoSuchMethodException ex) {
						// another interface
					}
				}
			}
		}
		throw new NoSuchMethodException(type.getName() + "." + name + "()");
	}

	/**
	 * Completes the promise with {@code value}.
	 * @return {@code true}: the resolver must not resolve the name itself any more
	 * @throws IllegalStateException if {@code promise} is no Netty promise patching knows
	 */
	static boolean succeed(Object promise, Object value) {
		Method trySuccess = TRY_SUCCESS.get(promise.getClass());
		if (trySuccess == null) {
			throw new IllegalStateException(
					"patching cannot answer Netty's DNS resolver: " + promise.getClass().getName() + " implements no "
							+ PROMISE + " with trySuccess(Object); this Netty version is not supported.");
		}
		try {
			trySuccess.invoke(promise, value);
			return true;
		}
		catch (InvocationTargetException ex) {
			throw new IllegalStateException("Netty's promise refused patching's answer " + value, ex.getCause());
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("patching cannot complete Netty's promise " + trySuccess, ex);
		}
	}

	/** The (possibly shaded) Promise interface among the type's supertypes, if any. */
	private static @Nullable Class<?> promiseInterface(Class<?> type) {
		for (Class<?> current = type; current != null; current = current.getSuperclass()) {
			for (Class<?> candidate : current.getInterfaces()) {
				Class<?> found = isPromise(candidate) ? candidate : promiseInterface(candidate);
				if (found != null) {
					return found;
				}
			}
		}
		return null;
	}

	private static boolean isPromise(Class<?> type) {
		String name = type.getName();
		return name.equals(PROMISE) || name.endsWith("." + PROMISE);
	}

}
