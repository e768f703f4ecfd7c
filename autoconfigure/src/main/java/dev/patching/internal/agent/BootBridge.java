package dev.patching.internal.agent;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.patching.HookInstallationException;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * The class the patched JDK and Netty methods read their handlers from. It lives inside
 * java.base (package {@code sun.nio.ch}), so every patched JDK class ({@code Net},
 * {@code InetAddress}, {@code Clock}, {@code System}, {@code Runtime}) can see it, and
 * holds JDK types only: a boot class never unloads, so it must not pin our class loader's
 * types. It is defined once per JVM; the fields are claimed by one copy of patching at a
 * time ({@code owner}).
 *
 * <p>
 * Defining it with {@code privateLookupIn(...).defineClass} after opening the package to
 * our module avoids the CDS warning that {@code appendToBootstrapClassLoaderSearch}
 * prints. The open is permanent (a module cannot be closed again), and only reaches
 * patching's own module, plus (exported, not opened) the module of a Netty copy loaded by
 * another class loader, whose patched methods must read the handlers too
 * ({@link NettyTransformer}).
 */
final class BootBridge {

	static final String PACKAGE = "sun.nio.ch";

	static final String NAME = PACKAGE + ".PatchingBridge";

	/**
	 * Identifies this copy of patching (this class loader) as the owner; compared by
	 * identity.
	 */
	private static final String TOKEN = new String("patching hooks of " + BootBridge.class.getClassLoader());

	private final Class<?> type;

	private final VarHandle owner;

	/**
	 * The handle fields: the network hooks' and the system hooks' ({@link SystemHooks}).
	 */
	static final List<String> HANDLES = List.of("connect", "lookup", "resolve", "local", "reverse", "datagram", "query",
			"clock", "getenv", "environment", "exit");

	/** The network hooks' handle fields, published and released together. */
	private static final String[] NETWORK = { "connect", "lookup", "resolve", "local", "reverse", "datagram", "query" };

	/**
	 * How many installations of this copy of patching hold the bridge (the network hooks,
	 * each kind of system hook); the owner is given up when the last one lets go.
	 */
	private static int claims;

	private final Map<String, VarHandle> handles = new HashMap<>();

	private BootBridge(Class<?> type, MethodHandles.Lookup lookup) throws ReflectiveOperationException {
		this.type = type;
		this.owner = lookup.findStaticVarHandle(type, "owner", String.class);
		for (String handle : HANDLES) {
			this.handles.put(handle, lookup.findStaticVarHandle(type, handle, MethodHandle.class));
		}
	}

	/**
	 * Defines the bridge if this JVM has none yet and claims its fields for this copy of
	 * patching.
	 * @throws HookInstallationException if another copy of patching holds them
	 */
	static BootBridge claim(Instrumentation instrumentation) {
		BootBridge bridge;
		try {
			Class<?> anchor = Class.forName(PACKAGE + ".Net", false, null);
			Module javaBase = anchor.getModule();
			Module ours = BootBridge.class.getModule();
			if (!javaBase.isOpen(PACKAGE, ours)) {
				instrumentation.redefineModule(javaBase, Set.of(), Map.of(), Map.of(PACKAGE, Set.of(ours)), Set.of(),
						Map.of());
			}
			MethodHandles.Lookup inPackage = MethodHandles.privateLookupIn(anchor, MethodHandles.lookup());
			bridge = new BootBridge(existingOrDefine(inPackage), inPackage);
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			throw new HookInstallationException(
					"patching could not define or open its bridge class " + NAME + " inside java.base on "
							+ HookFailure.jdk() + ": " + ex,
					"this JDK does not let an agent open " + PACKAGE + " to patching (Instrumentation."
							+ "redefineModule) or define a class there, or an older patching version left an "
							+ "incompatible " + NAME + " in this JVM.",
					"use one patching version per JVM, on JDK 17 or 25; if this JDK is one of those, please "
							+ "report the message above.",
					ex);
		}
		synchronized (BootBridge.class) {
			String holder = (String) bridge.owner.compareAndExchange((String) null, TOKEN);
			if (holder == null || holder == TOKEN) {
				claims++;
				return bridge;
			}

			throw new HookInstallationException(
					"patching cannot install its hooks: another copy of patching in this JVM holds them (" + holder
							+ ").",
					"patching-spring-boot-autoconfigure was loaded by two class loaders (for example Spring Boot "
							+ "DevTools' restart loader, or an isolated test or plugin class loader), and the "
							+ "other copy has not uninstalled its hooks.",
					"keep one copy of patching on the test class path (exclude DevTools from tests), or have the "
							+ "other copy call JvmHooks.uninstall() first.");
		}
	}

	private static Class<?> existingOrDefine(MethodHandles.Lookup inPackage) throws IllegalAccessException {
		try {
			return Class.forName(NAME, false, null);
		}
		catch (ClassNotFoundException ex) {
			return inPackage.defineClass(bytes());
		}
	}

	/**
	 * A public final class with public static volatile fields and no code, written with
	 * the ASM Byte Buddy ships (Byte Buddy's own builder would load hundreds of classes
	 * for it).
	 */
	private static byte[] bytes() {
		ClassWriter writer = new ClassWriter(0);
		writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, NAME.replace('.', '/'),
				null, "java/lang/Object", null);
		int access = Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_VOLATILE;
		writer.visitField(access, "owner", "Ljava/lang/String;", null, null).visitEnd();
		for (String handle : HANDLES) {
			writer.visitField(access, handle, "Ljava/lang/invoke/MethodHandle;", null, null).visitEnd();
		}
		writer.visitEnd();
		return writer.toByteArray();
	}

	/**
	 * Points the bridge at this copy's handlers; the patched methods call them from now
	 * on.
	 */
	void publish(MethodHandle connectHandler, MethodHandle lookupHandler, MethodHandle resolveHandler,
			MethodHandle localHandler, MethodHandle reverseHandler, MethodHandle datagramHandler,
			MethodHandle queryHandler) {
		publish("connect", connectHandler);
		publish("lookup", lookupHandler);
		publish("resolve", resolveHandler);
		publish("local", localHandler);
		publish("reverse", reverseHandler);
		publish("datagram", datagramHandler);
		publish("query", queryHandler);
	}

	/** Points one handle field at this copy's handler. */
	void publish(String handle, MethodHandle handler) {
		this.handles.get(handle).setVolatile(handler);
	}

	/**
	 * Clears the network hooks' handlers (a patched method still running then passes
	 * through) and lets go of this claim.
	 */
	void release() {
		release(NETWORK);
	}

	/**
	 * Clears these handlers and lets go of one claim; the last claim out gives up
	 * ownership.
	 */
	void release(String... handles) {
		for (String handle : handles) {
			this.handles.get(handle).setVolatile((MethodHandle) null);
		}
		synchronized (BootBridge.class) {
			if (claims > 0 && --claims == 0) {
				this.owner.compareAndSet(TOKEN, (String) null);
			}
		}
	}

	FieldDescription.InDefinedShape field(String name) {
		try {
			Field field = this.type.getField(name);
			return new FieldDescription.ForLoadedField(field);
		}
		catch (NoSuchFieldException ex) {
			throw new IllegalStateException(NAME + " has no field " + name, ex);
		}
	}

}
