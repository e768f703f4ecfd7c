package dev.patching.agent;

import java.lang.invoke.MethodHandle;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import net.bytebuddy.asm.Advice;

/**
 * Inlined at the start of {@code sun.nio.ch.Net.connect(ProtocolFamily, FileDescriptor, InetAddress,
 * int)}: asks {@link HookRuntime#connect} and connects to the redirect target it returns, if any.
 * An exception from the interceptor leaves the method before the JDK connects.
 */
final class ConnectAdvice {

	private ConnectAdvice() {
	}

	@Advice.OnMethodEnter
	static void enter(@Advice.Argument(value = 2, readOnly = false) InetAddress address,
			@Advice.Argument(value = 3, readOnly = false) int port, @BridgeHandle MethodHandle handler)
			throws Throwable {
		InetSocketAddress target = handler == null ? null : (InetSocketAddress) handler.invokeExact(address, port);
		if (target != null) {
			address = target.getAddress();
			port = target.getPort();
		}
	}

}
