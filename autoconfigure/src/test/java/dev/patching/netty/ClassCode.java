package dev.patching.netty;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * The code of a class file, method by method, with constant-pool indexes resolved: two
 * class files with the same members and instructions compare equal even when the JVM
 * wrote one of them back with another constant-pool layout. JDK 25 does that when it
 * hands out a class that was patched as it loaded and later restored: its constant pool
 * keeps the patched version's entries (unused), the methods come out in another order,
 * and the Deprecated attribute is gone.
 */
final class ClassCode {

	private ClassCode() {
	}

	/** Method name and descriptor to its instructions, in a stable order. */
	static Map<String, List<String>> of(byte[] classFile) {
		Map<String, List<String>> methods = new TreeMap<>();
		new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {

			@Override
			public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
					String[] exceptions) {
				List<String> code = new ArrayList<>();
				// Only the JVM's access flags: ASM adds a pseudo-flag for a Deprecated
				// attribute, which JDK 25 drops.
				methods.put((access & 0xFFFF) + " " + name + descriptor, code);
				return new Recorder(code);
			}

		}, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
		return methods;
	}

	private static final class Recorder extends MethodVisitor {

		private final List<String> code;

		private final Map<Label, Integer> labels = new java.util.HashMap<>();

		Recorder(List<String> code) {
			super(Opcodes.ASM9);
			this.code = code;
		}

		private String label(Label label) {
			return "L" + this.labels.computeIfAbsent(label, (key) -> this.labels.size());
		}

		@Override
		public void visitInsn(int opcode) {
			this.code.add(String.valueOf(opcode));
		}

		@Override
		public void visitIntInsn(int opcode, int operand) {
			this.code.add(opcode + " " + operand);
		}

		@Override
		public void visitVarInsn(int opcode, int varIndex) {
			this.code.add(opcode + " " + varIndex);
		}

		@Override
		public void visitTypeInsn(int opcode, String type) {
			this.code.add(opcode + " " + type);
		}

		@Override
		public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
			this.code.add(opcode + " " + owner + "." + name + ":" + descriptor);
		}

		@Override
		public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
			this.code.add(opcode + " " + owner + "." + name + descriptor);
		}

		@Override
		public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
			this.code.add("indy " + name + descriptor + " " + bootstrap + " " + java.util.Arrays.toString(arguments));
		}

		@Override
		public void visitJumpInsn(int opcode, Label label) {
			this.code.add(opcode + " " + label(label));
		}

		@Override
		public void visitLabel(Label label) {
			this.code.add(label(label) + ":");
		}

		@Override
		public void visitLdcInsn(Object value) {
			this.code.add("ldc " + value);
		}

		@Override
		public void visitIincInsn(int varIndex, int increment) {
			this.code.add("iinc " + varIndex + " " + increment);
		}

		@Override
		public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
			this.code.add("tableswitch " + min + " " + max);
		}

		@Override
		public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
			this.code.add("lookupswitch " + java.util.Arrays.toString(keys));
		}

		@Override
		public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
			this.code.add("try " + label(start) + " " + label(end) + " " + label(handler) + " " + type);
		}

	}

}
