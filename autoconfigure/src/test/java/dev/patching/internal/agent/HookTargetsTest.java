package dev.patching.internal.agent;

import java.net.InetAddress;
import java.util.List;

import dev.patching.HookInstallationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The JDK targets of the hooks exist on the JDK running the build, and a missing one
 * fails with a message naming the class, the method and the JDK instead of leaving the
 * JVM unpatched.
 */
class HookTargetsTest {

	@Test
	void bothTargetsExistOnThisJdk() {
		HookTargets targets = HookTargets.resolve();
		assertThat(targets.connect())
			.hasToString("sun.nio.ch.Net.connect(ProtocolFamily, FileDescriptor, InetAddress, int)");
		assertThat(targets.lookup().type()).isEqualTo(InetAddress.class);
		assertThat(targets.lookup().parameters()).hasSize(measuredLookupParameters());
	}

	@Test
	void missingMethodIsNamedWithTheJdk() {
		assertThatExceptionOfType(HookInstallationException.class)
			.isThrownBy(() -> HookTargets.find("lookup", "java.net.InetAddress", "getAllByName0", true,
					List.of(List.of(String.class, int.class))))
			.withMessageContaining("java.net.InetAddress.getAllByName0 with parameters (String, int)")
			.withMessageContaining("does not exist on JDK " + Runtime.version())
			.withMessageContaining("\n\nLikely cause: ");
	}

	@Test
	void delegatingOverloadIsNotTakenForTheWorker() {
		// JDK 17 has a package-private getAllByName0(String, boolean) that only delegates
		HookTargets.Target found = HookTargets.find("lookup", "java.net.InetAddress", "getAllByName0", true,
				List.of(List.of(String.class, boolean.class),
						List.of(String.class, InetAddress.class, boolean.class, boolean.class)));
		assertThat(found.parameters()).hasSize(measuredLookupParameters());
	}

	/** getAllByName0's parameter count on the JDKs we measured (HookTargets' table). */
	private static int measuredLookupParameters() {
		int feature = Runtime.version().feature();
		assumeTrue(feature == 17 || feature == 25, "HookTargets' table was measured on JDK 17 and 25 only");
		return (feature == 17) ? 4 : 2;
	}

	@Test
	void missingClassIsNamed() {
		assertThatExceptionOfType(HookInstallationException.class)
			.isThrownBy(() -> HookTargets.find("connect", "sun.nio.ch.NoSuchNet", "connect", false,
					List.of(List.of(int.class))))
			.withMessageContaining("sun.nio.ch.NoSuchNet (the class itself)");
	}

}
