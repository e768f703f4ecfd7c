package dev.patching.internal.agent;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.patching.HookInstallationException;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.pool.TypePool;
import org.jspecify.annotations.Nullable;

/**
 * Patches Netty's connect and resolver methods ({@link HookTargets#NETTY}) in every class
 * loader: the classes already loaded at install by retransformation, the others as they
 * load, for as long as the hooks are installed. Netty is optional: when none of its
 * classes ever loads, this transformer does nothing. Resetting removes it and
 * retransforms every loaded Netty target, so each gets back the bytes it was loaded with.
 *
 * <p>
 * The advice reads the bridge in {@code sun.nio.ch}, which is open to patching's module
 * only. A Netty loaded by the same class loader as patching shares that (unnamed) module;
 * for one in another loader or in a named module, the package is exported to that module
 * before its class is patched, or its patched methods would fail with
 * {@code IllegalAccessError}.
 *
 * <p>
 * A class that loads after install cannot report a failed patch to anyone: the JVM
 * swallows it. Such a failure is logged as an error, and the class keeps its original
 * bytes.
 */
final class NettyTransformer implements ClassFileTransformer {

	private final Instrumentation instrumentation;

	private final BootBridge bridge;

	/**
	 * Built when the first Netty class is met: with no Netty, no Byte Buddy advice is
	 * ever loaded.
	 */
	private volatile @Nullable List<Hook> hooks;

	private final Module javaBase;

	private final Set<Class<?>> retransformed = ConcurrentHashMap.newKeySet();

	private final List<Throwable> failures = new CopyOnWriteArrayList<>();

	/** Netty classes that loaded after installation and could not be patched. */
	private final List<String> lateFailures = new CopyOnWriteArrayList<>();

	private volatile @Nullable ByteBuddy byteBuddy;

	/** One row of the table and the advice it gets. */
	private record Hook(HookTargets.NettyTarget target, AsmVisitorWrapper visitor) {
	}

	private NettyTransformer(Instrumentation instrumentation, BootBridge bridge, Module javaBase) {
		this.instrumentation = instrumentation;
		this.bridge = bridge;
		this.javaBase = javaBase;
	}

	private synchronized List<Hook> hooks() {
		if (this.hooks == null) {
			this.byteBuddy = new ByteBuddy().with(TypeValidation.DISABLED)
				.with(Implementation.Context.Disabled.Factory.INSTANCE)
				.with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE);
			this.hooks = HookTargets.NETTY.stream()
				.map(target -> new Hook(target, advice(target, this.bridge).on(target.matcher())))
				.toList();
		}
		return this.hooks;
	}

	/**
	 * Registers the transformer and patches the Netty targets already loaded. On failure
	 * nothing stays patched and the transformer is removed.
	 * @throws HookInstallationException with every error Byte Buddy or the JVM reported
	 */
	static NettyTransformer install(Instrumentation instrumentation, BootBridge bridge) {
		Module javaBase = Object.class.getModule();
		NettyTransformer transformer = new NettyTransformer(instrumentation, bridge, javaBase);
		instrumentation.addTransformer(transformer, true);
		List<Class<?>> loaded = transformer.retransform(transformer.loadedTargets(), transformer.failures);
		List<String> missed = loaded.stream()
			.filter(type -> !transformer.retransformed.contains(type))
			.map(Class::getName)
			.toList();
		if (!transformer.failures.isEmpty() || !missed.isEmpty()) {
			HookInstallationException failure = transformer.patchFailed(missed,
					transformer.failures.isEmpty() ? null : transformer.failures.get(0));
			transformer.failures.stream().skip(1).forEach(failure::addSuppressed);
			throw HookFailure.resetting(failure, transformer::reset);
		}
		return transformer;
	}

	private static Advice advice(HookTargets.NettyTarget target, BootBridge bridge) {
		return switch (target.hook()) {
			case "netty-connect" -> Advice.withCustomMapping()
				.bind(BridgeHandle.class, bridge.field("connect"))
				.to(NettyConnectAdvice.class);
			case "netty-uring-connect" -> Advice.withCustomMapping()
				.bind(BridgeHandle.class, bridge.field("connect"))
				.to(NettyUringConnectAdvice.class);
			case "netty-query" ->
				Advice.withCustomMapping().bind(BridgeHandle.class, bridge.field("query")).to(NettyQueryAdvice.class);
			default -> Advice.withCustomMapping()
				.bind(BridgeHandle.class, bridge.field("resolve"))
				.to(NettyResolveAdvice.class);
		};
	}

	@Override
	public byte @Nullable [] transform(@Nullable Module module, @Nullable ClassLoader loader,
			@Nullable String className, @Nullable Class<?> classBeingRedefined,
			@Nullable ProtectionDomain protectionDomain, byte[] classfileBuffer) {
		List<Hook> hooks = (className != null) ? hooksFor(className) : List.of();
		if (hooks.isEmpty()) {
			return null;
		}
		String name = className.replace('/', '.');
		try {
			ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, classfileBuffer),
					ClassFileLocator.ForClassLoader.of(loader));
			// Described from its class file, never by reflection: that could load classes
			// in Netty's loader.
			TypeDescription type = new TypePool.Default.WithLazyResolution(new TypePool.CacheProvider.Simple(), locator,
					TypePool.Default.ReaderMode.FAST)
				.describe(name)
				.resolve();
			List<AsmVisitorWrapper> visitors = new ArrayList<>();
			for (Hook hook : hooks) {
				if (type.getDeclaredMethods().filter(hook.target().matcher()).isEmpty()) {
					throw new IllegalStateException(name + " has no method " + hook.target().method()
							+ "; this Netty version is not one patching knows");
				}
				visitors.add(hook.visitor());
			}
			exportBridgeTo(module);
			byte[] patched = this.byteBuddy.redefine(type, locator)
				.visit(new AsmVisitorWrapper.Compound(visitors))
				.make()
				.getBytes();
			if (classBeingRedefined != null) {
				this.retransformed.add(classBeingRedefined);
			}
			return patched;
		}
		catch (Throwable ex) {
			this.failures.add(ex);
			if (classBeingRedefined == null) {
				this.lateFailures.add(name);
				// Looked up only here: creating a logger starts java.util.logging, which
				// costs a fresh JVM ~15 ms.
				System.getLogger(NettyTransformer.class.getName())
					.log(System.Logger.Level.ERROR,
							() -> patchFailed(List.of(name), ex).getMessage()
									+ "\nUntil then, connects and lookups through this copy of Netty are not checked.",
							ex);
			}
			return null;
		}
	}

	/**
	 * Fails loudly, on every later activation of a socket or DNS patch, when a Netty
	 * class that loaded after installation could not be patched: the JVM swallows the
	 * transformer's error, and a test must never believe that copy of Netty is checked.
	 */
	void throwIfLateFailure() {
		if (!this.lateFailures.isEmpty()) {
			throw patchFailed(List.copyOf(this.lateFailures), this.failures.get(this.failures.size() - 1));
		}
	}

	/**
	 * Removes this transformer and gives every loaded Netty target back the bytes it was
	 * loaded with.
	 * @throws HookInstallationException if the JVM refused to restore a class
	 */
	void reset() {
		this.instrumentation.removeTransformer(this);
		List<Throwable> refused = new ArrayList<>();
		List<Class<?>> loaded = retransform(loadedTargets(), refused);
		if (!refused.isEmpty()) {
			HookInstallationException failure = new HookInstallationException(
					"patching could not restore the original bytes of " + loaded + ": " + refused.get(0),
					"the JVM refused the retransformation; another agent may have changed these classes "
							+ "in a way that cannot be undone.",
					"report this with the stack trace; until these classes unload they keep patching's advice "
							+ "(it passes every call through once uninstalled).",
					refused.get(0));
			refused.stream().skip(1).forEach(failure::addSuppressed);
			throw failure;
		}
	}

	/**
	 * Retransforms each class on its own, so that one the JVM refuses cannot hold back
	 * the others. A class that failed to link (a copy of Netty missing one of its jars)
	 * can never run, and the JVM refuses it as an invalid class: it is left out.
	 * @return the classes the JVM accepted
	 */
	private List<Class<?>> retransform(Class<?>[] classes, List<Throwable> refused) {
		List<Class<?>> accepted = new ArrayList<>();
		for (Class<?> type : classes) {
			try {
				this.instrumentation.retransformClasses(type);
				accepted.add(type);
			}
			catch (InternalError ex) {
				if (!String.valueOf(ex.getMessage()).contains("invalid class")) {
					refused.add(ex);
				}
			}
			catch (Throwable ex) {
				refused.add(ex);
			}
		}
		return accepted;
	}

	/** The loaded classes, in any class loader, that a row of the table names. */
	Class<?>[] loadedTargets() {
		return Arrays.stream(this.instrumentation.getAllLoadedClasses())
			.filter(type -> !type.isArray() && isTarget(type.getName()))
			.toArray(Class<?>[]::new);
	}

	private static boolean isTarget(String className) {
		for (HookTargets.NettyTarget target : HookTargets.NETTY) {
			if (target.matches(className)) {
				return true;
			}
		}
		return false;
	}

	/** Every row of the table for this class (one class may have several). */
	private List<Hook> hooksFor(String className) {
		if (!isTarget(className)) {
			return List.of();
		}
		List<Hook> found = new ArrayList<>();
		for (Hook hook : hooks()) {
			if (hook.target().matches(className)) {
				found.add(hook);
			}
		}
		return found;
	}

	/** Lets a patched Netty class outside patching's module read the bridge's fields. */
	private void exportBridgeTo(@Nullable Module module) {
		if (module != null && !this.javaBase.isExported(BootBridge.PACKAGE, module)) {
			this.instrumentation.redefineModule(this.javaBase, Set.of(), Map.of(BootBridge.PACKAGE, Set.of(module)),
					Map.of(), Set.of(), Map.of());
		}
	}

	private static HookInstallationException patchFailed(List<String> classes, @Nullable Throwable first) {
		String what = (first == null)
				? "patching's Netty hooks were not applied to " + classes + " on " + HookFailure.jdk()
						+ ": the JVM never passed them to the transformer."
				: "patching could not patch Netty's " + classes + " on " + HookFailure.jdk() + ": " + first;
		return new HookInstallationException(what,
				"this Netty version's internals differ from those patching knows (" + HookTargets.NETTY
						+ "), or another agent made these classes unmodifiable.",
				"use a Netty version patching supports (4.1 or 4.2, as Spring Boot manages it), or report this "
						+ "message with the Netty version.",
				first);
	}

}
