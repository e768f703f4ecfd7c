package dev.patching.internal.agent;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import dev.patching.HookInstallationException;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.utility.OpenedClassReader;
import org.jspecify.annotations.Nullable;

/**
 * Patches JDK methods (the network hooks, {@link HookTargets}, and each kind of
 * {@link SystemHooks}) by retransformation and puts the original bytes back by removing
 * itself and retransforming again (the JVM then hands out the class as it was loaded).
 *
 * <p>
 * Byte Buddy's {@code AgentBuilder} is deliberately not used: constructing one
 * initializes its Nexus accessor, which injects a class into the system class loader
 * through {@code sun.misc.Unsafe}, and JDK 24+ prints a warning for that even when the
 * initialization strategy is {@code NoOp}. Nor is its {@code Advice}: the prologues
 * ({@link JdkPrologue}) are written with the ASM Byte Buddy ships, so installing loads a
 * few dozen classes instead of Byte Buddy's ~800 (the install went from ~0.4 s to ~0.1
 * s). Only method bodies change (no new members, no class-format changes). The JVM
 * swallows exceptions thrown by a transformer, so failures are collected and thrown after
 * {@code retransformClasses}.
 */
final class HookTransformer implements ClassFileTransformer {

	private final Instrumentation instrumentation;

	/** Internal name (e.g. {@code sun/nio/ch/Net}) to the rewrite of that class. */
	private final Map<String, Rewrite> rewrites;

	private final Set<Class<?>> transformed = ConcurrentHashMap.newKeySet();

	private final List<Throwable> failures = new CopyOnWriteArrayList<>();

	/** What to do to one boot class: a visitor put in front of the class writer. */
	record Rewrite(Class<?> type, UnaryOperator<ClassVisitor> visitor) {
	}

	private HookTransformer(Instrumentation instrumentation, List<Rewrite> rewrites) {
		this.instrumentation = instrumentation;
		this.rewrites = new ConcurrentHashMap<>();
		rewrites.forEach(rewrite -> this.rewrites.put(rewrite.type().getName().replace('.', '/'), rewrite));
	}

	/**
	 * Patches every JDK target. On failure nothing stays patched.
	 * @throws HookInstallationException with every error Byte Buddy or the JVM reported
	 */
	static HookTransformer install(Instrumentation instrumentation, HookTargets targets) {
		// InetAddress gets three prologues: one rewrite chains their visitors.
		UnaryOperator<ClassVisitor> inetAddress = (next) -> JdkPrologue.lookup(targets.lookup())
			.apply(JdkPrologue.local(targets.local()).apply(JdkPrologue.reverse(targets.reverse()).apply(next)));
		if (targets.lookup().type() != targets.reverse().type() || targets.local().type() != targets.lookup().type()) {
			throw new IllegalStateException("the lookup, local and reverse hooks are expected on one class");
		}
		return apply(instrumentation,
				List.of(new Rewrite(targets.connect().type(), JdkPrologue.connect(targets.connect())),
						new Rewrite(targets.lookup().type(), inetAddress),
						new Rewrite(targets.datagram().type(), JdkPrologue.datagram(targets.datagram()))));
	}

	/** Applies rewrites to boot classes; on failure, resets and throws. */
	static HookTransformer apply(Instrumentation instrumentation, List<Rewrite> rewrites) {
		HookTransformer transformer = new HookTransformer(instrumentation, rewrites);
		instrumentation.addTransformer(transformer, true);
		try {
			instrumentation.retransformClasses(transformer.types());
		}
		catch (Throwable ex) {
			transformer.failures.add(ex);
		}
		if (!transformer.failures.isEmpty() || transformer.transformed.size() != transformer.rewrites.size()) {
			throw HookFailure.resetting(transformer.patchFailed(), transformer::reset);
		}
		return transformer;
	}

	@Override
	public byte @Nullable [] transform(@Nullable ClassLoader loader, @Nullable String className,
			@Nullable Class<?> classBeingRedefined, @Nullable ProtectionDomain protectionDomain,
			byte[] classfileBuffer) {
		Rewrite rewrite = (loader == null && className != null) ? this.rewrites.get(className) : null;
		if (rewrite == null || classBeingRedefined != rewrite.type()) {
			return null;
		}
		try {
			ClassReader reader = OpenedClassReader.of(classfileBuffer);
			// COMPUTE_MAXS only: the prologues bring their one frame, and computing
			// frames would load classes.
			ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
			reader.accept(rewrite.visitor().apply(writer), 0);
			byte[] patched = writer.toByteArray();
			this.transformed.add(rewrite.type());
			return patched;
		}
		catch (Throwable ex) {
			this.failures.add(ex);
			return null;
		}
	}

	/**
	 * Removes this transformer and retransforms the JDK classes back to their original
	 * bytes.
	 * @throws HookInstallationException if the JVM refused to restore a class
	 */
	void reset() {
		this.instrumentation.removeTransformer(this);
		try {
			this.instrumentation.retransformClasses(types());
		}
		catch (Throwable ex) {
			throw new HookInstallationException(
					"patching could not restore the original bytes of " + names() + " on " + HookFailure.jdk() + ": "
							+ ex,
					"the JVM refused the retransformation; another agent may have changed these classes "
							+ "in a way that cannot be undone.",
					"report this with the stack trace; until the JVM exits the JDK classes keep patching's advice "
							+ "(it passes every call through once uninstalled).",
					ex);
		}
	}

	private List<String> names() {
		return this.rewrites.values().stream().map(rewrite -> rewrite.type().getName()).toList();
	}

	private Class<?>[] types() {
		return this.rewrites.values().stream().map(Rewrite::type).toArray(Class<?>[]::new);
	}

	private HookInstallationException patchFailed() {
		List<String> missing = this.rewrites.values()
			.stream()
			.map(Rewrite::type)
			.filter(type -> !this.transformed.contains(type))
			.map(Class::getName)
			.toList();
		String what = this.failures.isEmpty()
				? "patching's hooks were not applied to " + missing + " on " + HookFailure.jdk()
						+ ": the JVM never passed them to the transformer."
				: "patching could not patch " + (missing.isEmpty() ? names() : missing) + " on " + HookFailure.jdk()
						+ ": " + this.failures.get(0);
		HookInstallationException failure = new HookInstallationException(what,
				"the Byte Buddy in use (" + byteBuddyLocation() + ") cannot read or rewrite this JDK's class "
						+ "files, or another agent made these classes unmodifiable.",
				"use the Byte Buddy version your Spring Boot BOM manages (1.17.8 or newer) on a JDK patching "
						+ "supports (17 or 25); for a JDK newer than your Byte Buddy, try -Dnet.bytebuddy.experimental=true.",
				this.failures.isEmpty() ? null : this.failures.get(0));
		this.failures.stream().skip(1).forEach(failure::addSuppressed);
		return failure;
	}

	private static String byteBuddyLocation() {
		try {
			return String.valueOf(ByteBuddy.class.getProtectionDomain().getCodeSource().getLocation());
		}
		catch (RuntimeException ex) {
			return "unknown location";
		}
	}

}
