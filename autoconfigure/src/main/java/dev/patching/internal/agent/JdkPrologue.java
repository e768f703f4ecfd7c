package dev.patching.internal.agent;

import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * The code put at the start of the JDK methods, written with the ASM that Byte Buddy
 * ships: no Byte Buddy type machinery is loaded for the JDK hooks, which keeps the first
 * install cheap. Both prologues read the bridge's {@code MethodHandle} field and call it
 * with {@code invokeExact}, exactly as the handle's type says, and need a single
 * stack-map frame.
 *
 * <pre>
 * Net.connect(family, fd, address, port):           InetAddress.getAllByName0(host, ...):
 *   h = PatchingBridge.connect                         h = PatchingBridge.lookup
 *   if h != null:                                      if h != null:
 *     target = h.invokeExact(address, port)              answer = h.invokeExact(host)
 *     if target != null:                                 if answer != null: return answer
 *       address = target.getAddress()
 *       port = target.getPort()
 *   ...the original body                               ...the original body
 * </pre>
 *
 * The reverse-lookup prologue ({@code InetAddress.getHostFromNameService}) returns a
 * non-null name as the lookup one returns an answer; the datagram prologue
 * ({@code DatagramChannelImpl.send}) replaces its destination parameter as the connect
 * one does. A {@code Throwable} from the handle (a refused connect, datagram or name)
 * leaves the method at once.
 */
final class JdkPrologue {

	private static final String BRIDGE = BootBridge.NAME.replace('.', '/');

	private static final String HANDLE = "java/lang/invoke/MethodHandle";

	private static final String HANDLE_DESCRIPTOR = "L" + HANDLE + ";";

	private JdkPrologue() {
	}

	/**
	 * The connect prologue for {@code target}: the address and port parameters are
	 * rewritten on a redirect.
	 */
	static UnaryOperator<ClassVisitor> connect(HookTargets.Target target) {
		int address = slotOf(target, 2);
		int port = slotOf(target, 3);
		return (next) -> new PrologueVisitor(next, target, (code) -> {
			Label passThrough = new Label();
			code.visitFieldInsn(Opcodes.GETSTATIC, BRIDGE, "connect", HANDLE_DESCRIPTOR);
			code.visitInsn(Opcodes.DUP);
			code.visitJumpInsn(Opcodes.IFNULL, passThrough);
			code.visitVarInsn(Opcodes.ALOAD, address);
			code.visitVarInsn(Opcodes.ILOAD, port);
			code.visitMethodInsn(Opcodes.INVOKEVIRTUAL, HANDLE, "invokeExact",
					"(Ljava/net/InetAddress;I)Ljava/net/InetSocketAddress;", false);
			code.visitInsn(Opcodes.DUP);
			code.visitJumpInsn(Opcodes.IFNULL, passThrough);
			code.visitInsn(Opcodes.DUP);
			code.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/net/InetSocketAddress", "getAddress",
					"()Ljava/net/InetAddress;", false);
			code.visitVarInsn(Opcodes.ASTORE, address);
			code.visitInsn(Opcodes.DUP);
			code.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/net/InetSocketAddress", "getPort", "()I", false);
			code.visitVarInsn(Opcodes.ISTORE, port);
			// Both ways here leave one reference on the stack: the null handle, or the
			// target.
			code.visitLabel(passThrough);
			code.visitFrame(Opcodes.F_SAME1, 0, null, 1, new Object[] { "java/lang/Object" });
			code.visitInsn(Opcodes.POP);
		});
	}

	/**
	 * The lookup prologue for {@code target}: a non-null answer is returned before the
	 * JDK's cache is asked.
	 */
	static UnaryOperator<ClassVisitor> lookup(HookTargets.Target target) {
		int host = slotOf(target, 0);
		return (next) -> new PrologueVisitor(next, target, returnsAnswer("lookup",
				(code) -> code.visitVarInsn(Opcodes.ALOAD, host), "(Ljava/lang/String;)[Ljava/net/InetAddress;"));
	}

	/**
	 * Puts {@code code} at the start of the method {@code name} with {@code descriptor};
	 * the code must leave the operand stack empty where the original body starts.
	 */
	static UnaryOperator<ClassVisitor> prologue(String name, String descriptor, Consumer<MethodVisitor> code) {
		return (next) -> new PrologueVisitor(next, name, descriptor, code::accept);
	}

	/**
	 * The {@code getLocalHost()} prologue: the handle gets the machine's name as the JDK
	 * reads it ({@code impl.getLocalHostName()}, a system call, no lookup), and a
	 * non-null answer is returned before the JDK's cache of the local host is read or
	 * written.
	 */
	static UnaryOperator<ClassVisitor> local(HookTargets.Target target) {
		return (next) -> new PrologueVisitor(next, target, returnsAnswer("local", (code) -> {
			code.visitFieldInsn(Opcodes.GETSTATIC, "java/net/InetAddress", "impl", "Ljava/net/InetAddressImpl;");
			code.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/net/InetAddressImpl", "getLocalHostName",
					"()Ljava/lang/String;", true);
		}, "(Ljava/lang/String;)Ljava/net/InetAddress;"));
	}

	/**
	 * The reverse-lookup prologue for {@code target}: a non-null name is returned before
	 * the JDK asks its resolver.
	 */
	static UnaryOperator<ClassVisitor> reverse(HookTargets.Target target) {
		int address = slotOf(target, 0);
		return (next) -> new PrologueVisitor(next, target, returnsAnswer("reverse",
				(code) -> code.visitVarInsn(Opcodes.ALOAD, address), "(Ljava/net/InetAddress;)Ljava/lang/String;"));
	}

	/**
	 * Code that asks the bridge's {@code handle} (when set) with what {@code arguments}
	 * loads, and returns its answer from the method when it gives one; else the method's
	 * body runs as it is.
	 */
	private static Code returnsAnswer(String handle, Consumer<MethodVisitor> arguments, String handleType) {
		return (code) -> {
			Label passThrough = new Label();
			code.visitFieldInsn(Opcodes.GETSTATIC, BRIDGE, handle, HANDLE_DESCRIPTOR);
			code.visitInsn(Opcodes.DUP);
			code.visitJumpInsn(Opcodes.IFNULL, passThrough);
			arguments.accept(code);
			code.visitMethodInsn(Opcodes.INVOKEVIRTUAL, HANDLE, "invokeExact", handleType, false);
			code.visitInsn(Opcodes.DUP);
			code.visitJumpInsn(Opcodes.IFNULL, passThrough);
			code.visitInsn(Opcodes.ARETURN);
			code.visitLabel(passThrough);
			code.visitFrame(Opcodes.F_SAME1, 0, null, 1, new Object[] { "java/lang/Object" });
			code.visitInsn(Opcodes.POP);
		};
	}

	/**
	 * The datagram prologue for {@code target}: the destination parameter is replaced on
	 * a redirect.
	 */
	static UnaryOperator<ClassVisitor> datagram(HookTargets.Target target) {
		int destination = slotOf(target, 2);
		return (next) -> new PrologueVisitor(next, target, (code) -> {
			Label passThrough = new Label();
			code.visitFieldInsn(Opcodes.GETSTATIC, BRIDGE, "datagram", HANDLE_DESCRIPTOR);
			code.visitInsn(Opcodes.DUP);
			code.visitJumpInsn(Opcodes.IFNULL, passThrough);
			code.visitVarInsn(Opcodes.ALOAD, destination);
			code.visitMethodInsn(Opcodes.INVOKEVIRTUAL, HANDLE, "invokeExact",
					"(Ljava/net/InetSocketAddress;)Ljava/net/InetSocketAddress;", false);
			code.visitInsn(Opcodes.DUP);
			code.visitJumpInsn(Opcodes.IFNULL, passThrough);
			code.visitInsn(Opcodes.DUP);
			code.visitVarInsn(Opcodes.ASTORE, destination);
			// Both ways here leave one reference on the stack: the null handle or answer,
			// or the new destination.
			code.visitLabel(passThrough);
			code.visitFrame(Opcodes.F_SAME1, 0, null, 1, new Object[] { "java/lang/Object" });
			code.visitInsn(Opcodes.POP);
		});
	}

	/**
	 * The local-variable slot of a method's parameter (a long or double takes two; an
	 * instance method's {@code this} takes slot 0).
	 */
	private static int slotOf(HookTargets.Target target, int parameter) {
		int slot = target.isStatic() ? 0 : 1;
		for (int i = 0; i < parameter; i++) {
			Class<?> type = target.parameters().get(i);
			slot += (type == long.class || type == double.class) ? 2 : 1;
		}
		return slot;
	}

	private interface Code {

		void emit(MethodVisitor code);

	}

	/**
	 * Emits the prologue at the start of the one method the target names, and passes
	 * everything else on.
	 */
	private static final class PrologueVisitor extends ClassVisitor {

		private final String name;

		private final String descriptor;

		private final Code prologue;

		private boolean found;

		PrologueVisitor(ClassVisitor next, HookTargets.Target target, Code prologue) {
			this(next, target.method(), Type.getMethodDescriptor(Type.getType(returnType(target)),
					target.parameters().stream().map(Type::getType).toArray(Type[]::new)), prologue);
		}

		PrologueVisitor(ClassVisitor next, String name, String descriptor, Code prologue) {
			super(Opcodes.ASM9, next);
			this.name = name;
			this.descriptor = descriptor;
			this.prologue = prologue;
		}

		private static Class<?> returnType(HookTargets.Target target) {
			try {
				return target.type()
					.getDeclaredMethod(target.method(), target.parameters().toArray(Class<?>[]::new))
					.getReturnType();
			}
			catch (NoSuchMethodException ex) {
				throw new IllegalStateException(target + " disappeared", ex);
			}
		}

		@Override
		public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
				String[] exceptions) {
			MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
			if (!this.name.equals(name) || !this.descriptor.equals(descriptor)) {
				return method;
			}
			this.found = true;
			return new MethodVisitor(Opcodes.ASM9, method) {
				@Override
				public void visitCode() {
					super.visitCode();
					PrologueVisitor.this.prologue.emit(this.mv);
				}
			};
		}

		@Override
		public void visitEnd() {
			if (!this.found) {
				throw new IllegalStateException("no method " + this.name + this.descriptor + " to patch");
			}
			super.visitEnd();
		}

	}

}
