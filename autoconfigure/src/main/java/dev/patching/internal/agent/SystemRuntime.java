package dev.patching.internal.agent;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * What the patched {@code Clock}, {@code System.getenv} and {@code Runtime.exit} call,
 * through the bridge's method handles: the current interceptor of each, or a pass-through
 * answer ({@code null}) when there is none.
 */
final class SystemRuntime {

	/** Typed () Instant, as the clock prologues invoke it. */
	static final MethodHandle CLOCK;

	/** Typed (String) Optional, as the {@code getenv(String)} prologue invokes it. */
	static final MethodHandle GETENV;

	/** Typed () Map, as the {@code getenv()} prologue invokes it. */
	static final MethodHandle ENVIRONMENT;

	/** Typed (int) void, as the {@code Runtime.exit} prologue invokes it. */
	static final MethodHandle EXIT;

	static {
		MethodHandles.Lookup lookup = MethodHandles.lookup();
		try {
			CLOCK = lookup.findStatic(SystemRuntime.class, "clock", MethodType.methodType(Instant.class));
			GETENV = lookup.findStatic(SystemRuntime.class, "getenv",
					MethodType.methodType(Optional.class, String.class));
			ENVIRONMENT = lookup.findStatic(SystemRuntime.class, "environment", MethodType.methodType(Map.class));
			EXIT = lookup.findStatic(SystemRuntime.class, "exit", MethodType.methodType(void.class, int.class));
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	static volatile @Nullable Supplier<Instant> clock;

	static volatile @Nullable EnvironmentInterceptor environment;

	static volatile @Nullable IntConsumer exit;

	private SystemRuntime() {
	}

	static @Nullable Instant clock() {
		Supplier<Instant> interceptor = clock;
		return (interceptor != null) ? interceptor.get() : null;
	}

	@SuppressWarnings("OptionalAssignedToNull")
	static @Nullable Optional<String> getenv(String name) {
		EnvironmentInterceptor interceptor = environment;
		return (interceptor != null) ? interceptor.get(name) : null;
	}

	static @Nullable Map<String, String> environment() {
		EnvironmentInterceptor interceptor = environment;
		return (interceptor != null) ? interceptor.all() : null;
	}

	static void exit(int status) {
		IntConsumer interceptor = exit;
		if (interceptor != null) {
			interceptor.accept(status);
		}
	}

}
