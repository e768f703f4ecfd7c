package dev.patching.internal.agent;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.security.ProtectionDomain;

import dev.patching.HookInstallationException;

/**
 * Test support: the bytes a loaded class has right now, as a retransformation would see
 * them after every registered transformer (so, while the hooks are installed, the patched
 * bytes). Used to prove that uninstalling restores the JDK classes byte for byte.
 */
public final class ClassBytes {

	private ClassBytes() {
	}

	/**
	 * Captures the current bytes of a class. Retransforms it once before capturing: JDK
	 * 17 rewrites a class's StackMapTables on its first retransformation, so only bytes
	 * taken after one are comparable with later captures.
	 * @param type a loaded, modifiable class
	 * @return a copy of its class file
	 * @throws HookInstallationException if no instrumentation can be had
	 */
	public static byte[] capture(Class<?> type) {
		Instrumentation instrumentation = InstrumentationHolder.get();
		retransform(instrumentation, type, null);
		Capture capture = new Capture(type);
		retransform(instrumentation, type, capture);
		if (capture.bytes == null) {
			throw new IllegalStateException("The JVM did not pass " + type.getName() + " to the capturing transformer");
		}
		return capture.bytes;
	}

	private static void retransform(Instrumentation instrumentation, Class<?> type, ClassFileTransformer capture) {
		if (capture != null) {
			instrumentation.addTransformer(capture, true);
		}
		try {
			instrumentation.retransformClasses(type);
		}
		catch (UnmodifiableClassException ex) {
			throw new IllegalArgumentException(type.getName() + " cannot be retransformed", ex);
		}
		finally {
			if (capture != null) {
				instrumentation.removeTransformer(capture);
			}
		}
	}

	private static final class Capture implements ClassFileTransformer {

		private final Class<?> type;

		private volatile byte[] bytes;

		Capture(Class<?> type) {
			this.type = type;
		}

		@Override
		public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
				ProtectionDomain protectionDomain, byte[] classfileBuffer) {
			if (classBeingRedefined == this.type) {
				this.bytes = classfileBuffer.clone();
			}
			return null;
		}

	}

}
