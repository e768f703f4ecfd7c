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
	private static final ClassValue<@Nullable Method> TRY_SUCCESS = new ClassValue<>() {

		@Override
		protected @Nullable Method computeValue(Class<?> type) {
			Class<?> promise = promiseInterface(type);
			if (promise == null) {
				return null;
			}
			try {
				return promise.getMethod("trySuccess", Object.class);
			}
			catch (NoSuchMethodException ex) {
				return null;
			}
		}

	};

	private NettyPromises() {
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
