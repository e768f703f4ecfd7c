package dev.patching.internal.agent;

import java.util.function.UnaryOperator;

import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * The code put at the start of the clock, environment and exit methods of the JDK
 * ({@link SystemHooks}), written like {@link JdkPrologue}'s: read the bridge's handle,
 * and when there is one and it answers, return its answer.
 *
 * <pre>
 * Clock.currentInstant():                 h = clock; if h != null: i = h.invokeExact(); if i != null: return i
 * Clock$SystemClock.millis() (and
 * Clock$SystemInstantSource.millis()):     the same, returning i.toEpochMilli()
 * System.getenv(name):                    h = getenv; if h != null: o = h.invokeExact(name); if o != null: return o.orElse(null)
 * System.getenv():                        h = environment; if h != null: m = h.invokeExact(); if m != null: return m
 * Runtime.exit(status):                   h = exit; if h != null: h.invokeExact(status)   (throws instead of exiting)
 * </pre>
 */
final class SystemPrologue {

	private static final String BRIDGE = BootBridge.NAME.replace('.', '/');

	private static final String HANDLE = "java/lang/invoke/MethodHandle";

	private static final String HANDLE_DESCRIPTOR = "L" + HANDLE + ";";

	private static final String INSTANT = "java/time/Instant";

	private SystemPrologue() {
	}

	/** {@code Clock.currentInstant()}: returns the patched instant. */
	static UnaryOperator<ClassVisitor> currentInstant() {
		return JdkPrologue.prologue("currentInstant", "()L" + INSTANT + ";", (code) -> {
			Label passThrough = new Label();
			callIfSet(code, "clock", "()L" + INSTANT + ";", passThrough);
			code.visitInsn(Opcodes.DUP);
			code.visitJumpInsn(Opcodes.IFNULL, passThrough);
			code.visitInsn(Opcodes.ARETURN);
			passThrough(code, passThrough);
		});
	}

	/** A system clock's {@code millis()}: returns the patched instant's milliseconds. */
	static UnaryOperator<ClassVisitor> millis() {
		return JdkPrologue.prologue("millis", "()J", (code) -> {
			Label passThrough = new Label();
			callIfSet(code, "clock", "()L" + INSTANT + ";", passThrough);
			code.visitInsn(Opcodes.DUP);
			code.visitJumpInsn(Opcodes.IFNULL, passThrough);
			code.visitMethodInsn(Opcodes.INVOKEVIRTUAL, INSTANT, "toEpochMilli", "()J", false);
			code.visitInsn(Opcodes.LRETURN);
			passThrough(code, passThrough);
		});
	}

	/** {@code System.getenv(String)} and {@code System.getenv()}. */
	static UnaryOperator<ClassVisitor> getenv() {
		UnaryOperator<ClassVisitor> one = JdkPrologue.prologue("getenv", "(Ljava/lang/String;)Ljava/lang/String;",
				(code) -> {
					Label passThrough = new Label();
					code.visitFieldInsn(Opcodes.GETSTATIC, BRIDGE, "getenv", HANDLE_DESCRIPTOR);
					code.visitInsn(Opcodes.DUP);
					code.visitJumpInsn(Opcodes.IFNULL, passThrough);
					code.visitVarInsn(Opcodes.ALOAD, 0);
					code.visitMethodInsn(Opcodes.INVOKEVIRTUAL, HANDLE, "invokeExact",
							"(Ljava/lang/String;)Ljava/util/Optional;", false);
					code.visitInsn(Opcodes.DUP);
					code.visitJumpInsn(Opcodes.IFNULL, passThrough);
					code.visitInsn(Opcodes.ACONST_NULL);
					code.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/util/Optional", "orElse",
							"(Ljava/lang/Object;)Ljava/lang/Object;", false);
					code.visitTypeInsn(Opcodes.CHECKCAST, "java/lang/String");
					code.visitInsn(Opcodes.ARETURN);
					passThrough(code, passThrough);
				});
		UnaryOperator<ClassVisitor> all = JdkPrologue.prologue("getenv", "()Ljava/util/Map;", (code) -> {
			Label passThrough = new Label();
			callIfSet(code, "environment", "()Ljava/util/Map;", passThrough);
			code.visitInsn(Opcodes.DUP);
			code.visitJumpInsn(Opcodes.IFNULL, passThrough);
			code.visitInsn(Opcodes.ARETURN);
			passThrough(code, passThrough);
		});
		return (next) -> one.apply(all.apply(next));
	}

	/** {@code Runtime.exit(int)}: the handle throws when the exit patch is in effect. */
	static UnaryOperator<ClassVisitor> exit() {
		return JdkPrologue.prologue("exit", "(I)V", (code) -> {
			Label passThrough = new Label();
			code.visitFieldInsn(Opcodes.GETSTATIC, BRIDGE, "exit", HANDLE_DESCRIPTOR);
			code.visitInsn(Opcodes.DUP);
			code.visitJumpInsn(Opcodes.IFNULL, passThrough);
			code.visitVarInsn(Opcodes.ILOAD, 1);
			code.visitMethodInsn(Opcodes.INVOKEVIRTUAL, HANDLE, "invokeExact", "(I)V", false);
			// Both ways here leave one reference on the stack, as the frame says.
			code.visitInsn(Opcodes.ACONST_NULL);
			passThrough(code, passThrough);
		});
	}

	/**
	 * Reads the handle and, when set, invokes it with no arguments; leaves one reference
	 * on the stack (its answer), or jumps to {@code passThrough} with the null handle.
	 */
	private static void callIfSet(MethodVisitor code, String handle, String descriptor, Label passThrough) {
		code.visitFieldInsn(Opcodes.GETSTATIC, BRIDGE, handle, HANDLE_DESCRIPTOR);
		code.visitInsn(Opcodes.DUP);
		code.visitJumpInsn(Opcodes.IFNULL, passThrough);
		code.visitMethodInsn(Opcodes.INVOKEVIRTUAL, HANDLE, "invokeExact", descriptor, false);
	}

	private static void passThrough(MethodVisitor code, Label passThrough) {
		code.visitLabel(passThrough);
		code.visitFrame(Opcodes.F_SAME1, 0, null, 1, new Object[] { "java/lang/Object" });
		code.visitInsn(Opcodes.POP);
	}

}
