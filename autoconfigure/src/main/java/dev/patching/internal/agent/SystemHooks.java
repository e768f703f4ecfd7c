package dev.patching.internal.agent;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import dev.patching.HookInstallationException;
import net.bytebuddy.jar.asm.ClassVisitor;
import org.jspecify.annotations.Nullable;

/**
 * The JVM-wide hooks of the clock, environment and exit patches. Each kind is installed
 * when a patch of that kind is first applied, stays installed (passing every call through
 * while no such patch is in effect) as long as an open context with such a patch holds
 * it, and is removed — the JDK classes get their original bytes back — when the last one
 * lets go and none is applied. So switching between test classes costs a volatile write,
 * and a JVM with no such context open runs the JDK's own bytecode.
 *
 * <pre>
 * kind         class                              method                        seen on
 * clock        java.time.Clock                    currentInstant() (static)     JDK 17.0.15, 25
 *              java.time.Clock$SystemClock         millis()                      JDK 17.0.15, 25
 *              java.time.Clock$SystemInstantSource millis()                      JDK 17.0.15, 25
 * environment  java.lang.System                   getenv(String), getenv()      JDK 17, 25
 * exit         java.lang.Runtime                  exit(int)                     JDK 17, 25
 * </pre>
 *
 * {@code Instant.now()}, {@code Clock.systemUTC()/systemDefaultZone().instant()},
 * {@code InstantSource.system().instant()} and every {@code now()} of java.time
 * ({@code LocalDate}, {@code LocalDateTime}, {@code ZonedDateTime},
 * {@code OffsetDateTime}, {@code LocalTime}, {@code Year}, ...) reach
 * {@code currentInstant()}; the system clocks' {@code millis()} call
 * {@code System.currentTimeMillis()} directly, hence their own prologue.
 * {@code System.currentTimeMillis()}, {@code System.nanoTime()} and {@code new Date()}
 * are intrinsics or native and are not patched. {@code System.exit} calls
 * {@code Runtime.exit}; {@code Runtime.halt} is not patched.
 */
public final class SystemHooks {

	private static final Kind CLOCK = new Kind("clock",
			List.of(new Method("java.time.Clock", "currentInstant()", SystemPrologue.currentInstant()),
					new Method("java.time.Clock$SystemClock", "millis()", SystemPrologue.millis()),
					new Method("java.time.Clock$SystemInstantSource", "millis()", SystemPrologue.millis())),
			List.of("clock"), List.of(SystemRuntime.CLOCK));

	private static final Kind ENVIRONMENT = new Kind("environment",
			List.of(new Method("java.lang.System", "getenv(String), getenv()", SystemPrologue.getenv())),
			List.of("getenv", "environment"), List.of(SystemRuntime.GETENV, SystemRuntime.ENVIRONMENT));

	private static final Kind EXIT = new Kind("exit",
			List.of(new Method("java.lang.Runtime", "exit(int)", SystemPrologue.exit())), List.of("exit"),
			List.of(SystemRuntime.EXIT));

	/** What the clock hooks answer the thread that checks them after installing. */
	private static final Instant PROBE = Instant.parse("1999-12-31T23:59:59.123Z");

	private static final String PROBE_NAME = "PATCHING_SELF_TEST";

	private static final State CLOCK_STATE = new State(CLOCK, Hook.CLOCK);

	private static final State ENVIRONMENT_STATE = new State(ENVIRONMENT, Hook.ENVIRONMENT);

	private static final State EXIT_STATE = new State(EXIT, Hook.EXIT);

	private SystemHooks() {
	}

	/** The kinds of hook, as the patches hold them. */
	public enum Hook {

		/** {@code java.time.Clock}. */
		CLOCK,

		/** {@code System.getenv}. */
		ENVIRONMENT,

		/** {@code Runtime.exit}. */
		EXIT

	}

	/**
	 * One more open context has a patch of this kind: its hook stays installed (once a
	 * patch of the kind was applied) until the last such context lets go, so switching
	 * between its test classes and others costs no retransformation.
	 */
	public static synchronized void hold(Hook hook) {
		state(hook).users++;
	}

	/**
	 * One such context less; when none is left and no patch of the kind is applied, the
	 * hook is removed (the JDK classes get their original bytes back).
	 * @throws HookInstallationException if the JVM refused to restore a class
	 */
	public static synchronized void release(Hook hook) {
		State state = state(hook);
		if (state.users > 0) {
			state.users--;
		}
		state.removeIfUnused();
	}

	/**
	 * Makes every system clock answer from {@code now}, installing the clock hooks if
	 * needed; {@code null} lets the JDK answer again (and removes the hooks when no open
	 * context holds them).
	 * @throws HookInstallationException if the hooks cannot be installed or removed
	 */
	public static synchronized void useClock(@Nullable Supplier<Instant> now) {
		if (now == null) {
			SystemRuntime.clock = null;
			CLOCK_STATE.removeIfUnused();
			return;
		}
		if (CLOCK_STATE.installation == null) {
			CLOCK_STATE.install();
			Thread self = Thread.currentThread();
			SystemRuntime.clock = () -> (Thread.currentThread() == self) ? PROBE : now.get();
			probe(CLOCK_STATE, "Instant.now()", Instant.now().equals(PROBE));
			probe(CLOCK_STATE, "Clock.systemUTC().millis()", Clock.systemUTC().millis() == PROBE.toEpochMilli());
			probe(CLOCK_STATE, "InstantSource.system().millis()",
					InstantSource.system().millis() == PROBE.toEpochMilli());
		}
		SystemRuntime.clock = now;
	}

	/**
	 * Makes {@code System.getenv} answer from {@code interceptor}, installing the
	 * environment hooks if needed; {@code null} lets the JDK answer again (and removes
	 * the hooks when no open context holds them).
	 * @throws HookInstallationException if the hooks cannot be installed or removed
	 */
	public static synchronized void useEnvironment(@Nullable EnvironmentInterceptor interceptor) {
		if (interceptor == null) {
			SystemRuntime.environment = null;
			ENVIRONMENT_STATE.removeIfUnused();
			return;
		}
		if (ENVIRONMENT_STATE.installation == null) {
			ENVIRONMENT_STATE.install();
			Thread self = Thread.currentThread();
			Map<String, String> probe = Map.of(PROBE_NAME, "probe");
			SystemRuntime.environment = new EnvironmentInterceptor() {

				@Override
				@SuppressWarnings("OptionalAssignedToNull")
				public @Nullable Optional<String> get(String name) {
					return (Thread.currentThread() == self) ? Optional.of("probe") : interceptor.get(name);
				}

				@Override
				public Map<String, String> all() {
					return (Thread.currentThread() == self) ? probe : interceptor.all();
				}

			};
			probe(ENVIRONMENT_STATE, "System.getenv(\"" + PROBE_NAME + "\")",
					"probe".equals(System.getenv(PROBE_NAME)));
			probe(ENVIRONMENT_STATE, "System.getenv()", System.getenv() == probe);
		}
		SystemRuntime.environment = interceptor;
	}

	/**
	 * Sends {@code Runtime.exit} (and so {@code System.exit}) to {@code interceptor}
	 * first, installing the exit hook if needed; {@code null} lets the JVM exit again
	 * (and removes the hook when no open context holds it).
	 * @throws HookInstallationException if the hook cannot be installed or removed
	 */
	public static synchronized void useExit(@Nullable IntConsumer interceptor) {
		if (interceptor == null) {
			SystemRuntime.exit = null;
			EXIT_STATE.removeIfUnused();
			return;
		}
		if (EXIT_STATE.installation == null) {
			EXIT_STATE.install();
		}
		SystemRuntime.exit = interceptor;
	}

	/**
	 * Whether a hook of this kind is installed (in effect or passing every call through).
	 */
	public static synchronized boolean isInstalled(Hook hook) {
		return state(hook).installation != null;
	}

	/** Whether a patch of this kind answers for the hook now. */
	public static synchronized boolean isInEffect(Hook hook) {
		return switch (hook) {
			case CLOCK -> SystemRuntime.clock != null;
			case ENVIRONMENT -> SystemRuntime.environment != null;
			case EXIT -> SystemRuntime.exit != null;
		};
	}

	private static State state(Hook hook) {
		return switch (hook) {
			case CLOCK -> CLOCK_STATE;
			case ENVIRONMENT -> ENVIRONMENT_STATE;
			case EXIT -> EXIT_STATE;
		};
	}

	/**
	 * Checks, right after installing, that a call reaches its hook: the probe answers
	 * only the installing thread. Exit has no such check — a call that missed its hook
	 * would end the JVM — and relies on the rewrite having found its method.
	 */
	private static void probe(State state, String call, boolean reached) {
		if (reached) {
			return;
		}
		if (state == CLOCK_STATE) {
			SystemRuntime.clock = null;
		}
		else {
			SystemRuntime.environment = null;
		}
		state.uninstall();
		throw new HookInstallationException(
				"patching installed its " + state.kind.name() + " hook, but its self-test " + call + " on "
						+ HookFailure.jdk() + " did not reach it; the hook was removed again.",
				"another agent or a JVM option changed these JDK classes after patching did.",
				"remove that agent or option from the test JVM, or switch the " + state.kind.name()
						+ " patch off; if there is none, report this message.");
	}

	/** Whether any of these hooks is installed. */
	public static synchronized boolean isInstalled() {
		return CLOCK_STATE.installation != null || ENVIRONMENT_STATE.installation != null
				|| EXIT_STATE.installation != null;
	}

	/** One kind's installation and the open contexts that hold it. */
	private static final class State {

		private final Kind kind;

		private final Hook hook;

		private @Nullable Installation installation;

		private int users;

		State(Kind kind, Hook hook) {
			this.kind = kind;
			this.hook = hook;
		}

		void install() {
			List<HookTransformer.Rewrite> rewrites = new ArrayList<>();
			for (Method method : this.kind.methods()) {
				rewrites.add(new HookTransformer.Rewrite(method.type(this.kind), method.prologue()));
			}
			Instrumentation instrumentation = InstrumentationHolder.get();
			BootBridge bridge = BootBridge.claim(instrumentation);
			try {
				for (int i = 0; i < this.kind.handles().size(); i++) {
					bridge.publish(this.kind.handles().get(i), this.kind.handlers().get(i));
				}
				this.installation = new Installation(HookTransformer.apply(instrumentation, rewrites), bridge);
			}
			catch (RuntimeException | Error ex) {
				bridge.release(this.kind.handles().toArray(String[]::new));
				throw ex;
			}
		}

		/** Removes the hook when no open context holds it and no patch answers for it. */
		void removeIfUnused() {
			if (this.users == 0 && !isInEffect(this.hook)) {
				uninstall();
			}
		}

		void uninstall() {
			Installation current = this.installation;
			if (current == null) {
				return;
			}
			this.installation = null;
			try {
				current.transformer().reset();
			}
			finally {
				current.bridge().release(this.kind.handles().toArray(String[]::new));
			}
		}

	}

	/** One kind of hook: its JDK methods, its bridge fields and their handlers. */
	private record Kind(String name, List<Method> methods, List<String> handles, List<MethodHandle> handlers) {
	}

	/** A JDK method and the prologue it gets. */
	private record Method(String className, String method, UnaryOperator<ClassVisitor> prologue) {

		Class<?> type(Kind kind) {
			try {
				return Class.forName(this.className, false, null);
			}
			catch (ClassNotFoundException ex) {
				throw new HookInstallationException(
						"patching cannot install its " + kind.name() + " hook: " + this.className + "." + this.method
								+ " does not exist on " + HookFailure.jdk() + ".",
						"this JDK's internals differ from those patching knows (measured on JDK 17 and 25).",
						"run the tests on a JDK that patching supports (17 or 25), or switch the " + kind.name()
								+ " patch off.",
						ex);
			}
		}

	}

	private record Installation(HookTransformer transformer, BootBridge bridge) {
	}

}
