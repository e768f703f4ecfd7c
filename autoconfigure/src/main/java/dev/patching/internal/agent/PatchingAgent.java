package dev.patching.internal.agent;

import java.lang.instrument.Instrumentation;

import org.jspecify.annotations.Nullable;

/**
 * Entry point when patching's jar is given to the JVM as an agent
 * ({@code -javaagent:patching-spring-boot-autoconfigure.jar}, declared as
 * {@code Premain-Class} and {@code Agent-Class} in its manifest). It only keeps the
 * {@link Instrumentation}; the hooks are installed later, when a test context asks for
 * them, and the JVM then needs no run-time attach (no JDK 21+ dynamic-agent warning).
 */
public final class PatchingAgent {

	private static volatile @Nullable Instrumentation instrumentation;

	private static volatile @Nullable String source;

	private PatchingAgent() {
	}

	/** Called by the JVM for {@code -javaagent:}. */
	public static void premain(@Nullable String arguments, Instrumentation instrumentation) {
		keep(instrumentation, "javaagent");
	}

	/** Called by the JVM when a tool attaches patching's jar to a running JVM. */
	public static void agentmain(@Nullable String arguments, Instrumentation instrumentation) {
		keep(instrumentation, "agentmain");
	}

	private static void keep(Instrumentation given, String how) {
		source = how;
		instrumentation = given;
	}

	/**
	 * The instrumentation the JVM handed to this agent; none when it was not started as
	 * one.
	 */
	static @Nullable Instrumentation instrumentation() {
		return instrumentation;
	}

	/** {@code "javaagent"} or {@code "agentmain"}; none when not started as an agent. */
	static @Nullable String source() {
		return source;
	}

}
