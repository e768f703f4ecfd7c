package dev.patching.internal.agent;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.zip.Adler32;

import dev.patching.HookInstallationException;
import net.bytebuddy.jar.asm.ClassVisitor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A patch that fails inside the class-file transformer (where the JVM would swallow the
 * exception) is reported after retransformation, and leaves the class as it was.
 */
class HookTransformerTest {

	@Test
	void failureInsideTheTransformerIsThrownAndNothingStaysPatched() {
		byte[] before = ClassBytes.capture(Adler32.class);
		UnaryOperator<ClassVisitor> failing = (writer) -> {
			throw new IllegalStateException("boom from a test patch");
		};
		assertThatExceptionOfType(HookInstallationException.class)
			.isThrownBy(() -> HookTransformer.apply(InstrumentationHolder.get(),
					List.of(new HookTransformer.Rewrite(Adler32.class, failing))))
			.withMessageContaining("patching could not patch [java.util.zip.Adler32]")
			.withMessageContaining("boom from a test patch")
			.withMessageContaining("\n\nLikely cause: ")
			.havingCause()
			.withMessage("boom from a test patch");
		assertThat(ClassBytes.capture(Adler32.class)).isEqualTo(before);
	}

}
