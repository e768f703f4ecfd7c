package dev.patching.internal.agent;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The handlers the patched JDK methods invoke, called here through the same method
 * handles with the same exact types as the advice: the pass-through path allocates
 * nothing.
 */
class HookRuntimeTest {

	private static final int CALLS = 200_000;

	@AfterEach
	void forgetInterceptors() {
		HookRuntime.use(null, null);
	}

	@Test
	void passThroughAllocatesNothing() throws Throwable {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
		InetAddress address = InetAddress.getLoopbackAddress();
		HookRuntime.use((a, port) -> null, host -> null);
		for (int round = 0; round < 3; round++) {
			callBoth(address);
		}
		long before = threads.getCurrentThreadAllocatedBytes();
		callBoth(address);
		long allocated = threads.getCurrentThreadAllocatedBytes() - before;
		assertThat(allocated).as("bytes allocated by %d pass-through connect and lookup calls", CALLS).isLessThan(1024);
	}

	private static void callBoth(InetAddress address) throws Throwable {
		for (int i = 0; i < CALLS; i++) {
			InetSocketAddress target = (InetSocketAddress) HookRuntime.CONNECT.invokeExact(address, 8080 + (i & 7));
			InetAddress[] answer = (InetAddress[]) HookRuntime.LOOKUP.invokeExact("localhost");
			if (target != null || answer != null) {
				throw new AssertionError("pass-through answered");
			}
		}
	}

}
