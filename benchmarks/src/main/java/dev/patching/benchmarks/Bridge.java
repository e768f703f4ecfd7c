package dev.patching.benchmarks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;

/**
 * Reads the bridge fields the patched JDK methods read. The patched {@code Net.connect}
 * starts with a GETSTATIC of the volatile {@code sun.nio.ch.PatchingBridge.connect} and
 * an {@code invokeExact} of what it finds; {@link #connect()} and {@link #lookup()} are
 * that GETSTATIC (a getter handle on the same field, read on every call), so a benchmark
 * that calls them and then {@code invokeExact}s the result pays what the JDK pays, minus
 * the socket.
 *
 * <p>
 * Works once the hooks are installed: installing opens {@code sun.nio.ch} to patching's
 * module, which is the unnamed module these classes share with it.
 */
final class Bridge {

	static final String NAME = "sun.nio.ch.PatchingBridge";

	private Bridge() {
	}

	/**
	 * A handle of type {@code ()MethodHandle} that reads the bridge's {@code connect}
	 * field.
	 */
	static MethodHandle connect() {
		return getter("connect");
	}

	/**
	 * A handle of type {@code ()MethodHandle} that reads the bridge's {@code lookup}
	 * field.
	 */
	static MethodHandle lookup() {
		return getter("lookup");
	}

	private static MethodHandle getter(String name) {
		try {
			Class<?> bridge = Class.forName(NAME, false, null);
			Field field = bridge.getField(name);
			MethodHandle getter = MethodHandles.lookup().unreflectGetter(field);
			if (!getter.type().equals(MethodType.methodType(MethodHandle.class))) {
				throw new IllegalStateException(NAME + "." + name + " is not a MethodHandle field: " + getter.type());
			}
			if ((MethodHandle) getter.invoke() == null) {
				throw new IllegalStateException(NAME + "." + name + " is empty: the hooks are not installed");
			}
			return getter;
		}
		catch (Throwable ex) {
			throw new IllegalStateException("cannot read " + NAME + "." + name
					+ " (are the hooks installed, and is this class in patching's module?)", ex);
		}
	}

}
