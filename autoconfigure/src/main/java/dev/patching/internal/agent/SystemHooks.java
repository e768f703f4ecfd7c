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
 * when a patch of that kind is applied and removed — the JDK classes get their original
 * bytes back — when it is restored, so a JVM in which no such patch is in effect runs the
 * JDK's own bytecode.
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

	private static @Nullable Installation clock;

	private static @Nullable Installation environment;

	private static @Nullable Installation exit;

	private SystemHooks() {
	}

	/**
	 * Makes every system clock answer from {@code now}, installing the clock hooks if
	 * needed; {@code null} removes them.
	 * @throws HookInstallationException if the hooks cannot be installed or removed
	 */
	public static synchronized void useClock(@Nullable Supplier<Instant> now) {
		if (now == null) {
			SystemRuntime.clock = null;
			clock = uninstall(clock);
			return;
		}
		if (clock == null) {
			clock = install(clock, CLOCK);
			Thread self = Thread.currentThread();
			SystemRuntime.clock = () -> (Thread.currentThread() == self) ? PROBE : now.get();
			probe(CLOCK, "Instant.now()", Instant.now().equals(PROBE));
			probe(CLOCK, "Clock.systemUTC().millis()", Clock.systemUTC().millis() == PROBE.toEpochMilli());
			probe(CLOCK, "InstantSource.system().millis()", InstantSource.system().millis() == PROBE.toEpochMilli());
		}
		SystemRuntime.clock = now;
	}

	/**
	 * Makes {@code System.getenv} answer from {@code interceptor}, installing the
	 * environment hooks if needed; {@code null} removes them.
	 * @throws HookInstallationException if the hooks cannot be installed or removed
	 */
	public static synchronized void useEnvironment(@Nullable EnvironmentInterceptor interceptor) {
		if (interceptor == null) {
			SystemRuntime.environment = null;
			environment = uninstall(environment);
			return;
		}
		if (environment == null) {
			environment = install(environment, ENVIRONMENT);
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
			probe(ENVIRONMENT, "System.getenv(\"" + PROBE_NAME + "\")", "probe".equals(System.getenv(PROBE_NAME)));
			probe(ENVIRONMENT, "System.getenv()", System.getenv() == probe);
		}
		SystemRuntime.environment = interceptor;
	}

	/**
	 * Sends {@code Runtime.exit} (and so {@code System.exit}) to {@code interceptor}
	 * first, installing the exit hook if needed; {@code null} removes it.
	 * @throws HookInstallationException if the hook cannot be installed or removed
	 */
	public static synchronized void useExit(@Nullable IntConsumer interceptor) {
		if (interceptor == null) {
			SystemRuntime.exit = null;
			exit = uninstall(exit);
			return;
		}
		exit = install(exit, EXIT);
		SystemRuntime.exit = interceptor;
	}

	/**
	 * Checks, right after installing, that a call reaches its hook: the probe answers
	 * only the installing thread. Exit has no such check — a call that missed its hook
	 * would end the JVM — and relies on the rewrite having found its method.
	 */
	private static void probe(Kind kind, String call, boolean reached) {
		if (reached) {
			return;
		}
		if (kind == CLOCK) {
			SystemRuntime.clock = null;
			clock = uninstall(clock);
		}
		else {
			SystemRuntime.environment = null;
			environment = uninstall(environment);
		}
		throw new HookInstallationException(
				"patching installed its " + kind.name() + " hook, but its self-test " + call + " on "
						+ HookFailure.jdk() + " did not reach it; the hook was removed again.",
				"another agent or a JVM option changed these JDK classes after patching did.",
				"remove that agent or option from the test JVM, or switch the " + kind.name()
						+ " patch off; if there is none, report this message.");
	}

	/** Whether any of these hooks is installed. */
	public static synchronized boolean isInstalled() {
		return clock != null || environment != null || exit != null;
	}

	private static Installation install(@Nullable Installation current, Kind kind) {
		if (current != null) {
			return current;
		}
		List<HookTransformer.Rewrite> rewrites = new ArrayList<>();
		for (Method method : kind.methods()) {
			rewrites.add(new HookTransformer.Rewrite(method.type(kind), method.prologue()));
		}
		Instrumentation instrumentation = InstrumentationHolder.get();
		BootBridge bridge = BootBridge.claim(instrumentation);
		try {
			for (int i = 0; i < kind.handles().size(); i++) {
				bridge.publish(kind.handles().get(i), kind.handlers().get(i));
			}
			return new Installation(HookTransformer.apply(instrumentation, rewrites), bridge, kind);
		}
		catch (RuntimeException | Error ex) {
			bridge.release(kind.handles().toArray(String[]::new));
			throw ex;
		}
	}

	private static @Nullable Installation uninstall(@Nullable Installation current) {
		if (current != null) {
			try {
				current.transformer().reset();
			}
			finally {
				current.bridge().release(current.kind().handles().toArray(String[]::new));
			}
		}
		return null;
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

	private record Installation(HookTransformer transformer, BootBridge bridge, Kind kind) {
	}

}
