package dev.patching.internal.agent;

import java.lang.instrument.Instrumentation;

import dev.patching.HookInstallationException;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.jspecify.annotations.Nullable;

/**
 * Gets the JVM's {@link Instrumentation}: the one {@link PatchingAgent} was handed when
 * the JVM started with {@code -javaagent:}, else a self-attach through Byte Buddy's agent
 * (which, on JDK 21+, makes the JVM print its dynamic-agent warning unless
 * -XX:+EnableDynamicAgentLoading).
 */
final class InstrumentationHolder {

	static final String SELF_ATTACH = "self-attach";

	private static @Nullable Instrumentation instrumentation;

	private static volatile @Nullable String source;

	private InstrumentationHolder() {
	}

	/**
	 * @throws HookInstallationException with the {@code -javaagent} fix when neither way
	 * works
	 */
	static synchronized Instrumentation get() {
		if (instrumentation != null) {
			return instrumentation;
		}
		Instrumentation found = PatchingAgent.instrumentation();
		String how = PatchingAgent.source();
		if (found == null) {
			try {
				found = ByteBuddyAgent.install();
				how = SELF_ATTACH;
			}
			catch (RuntimeException | LinkageError ex) {
				throw HookFailure.noInstrumentation(ex);
			}
		}
		if (!found.isRetransformClassesSupported()) {
			throw new HookInstallationException(
					"The Instrumentation patching got (" + how + ") cannot retransform classes, "
							+ "so the socket and DNS hooks cannot be installed.",
					"the -javaagent jar's manifest lacks 'Can-Retransform-Classes: true' (patching's own "
							+ "jar declares it; a repackaged or shaded jar may have lost it).",
					HookFailure.JAVAAGENT_RECIPE);
		}
		instrumentation = found;
		source = how;
		return found;
	}

	/** How the instrumentation was obtained; unknown before the first {@link #get()}. */
	static @Nullable String source() {
		return source;
	}

}
