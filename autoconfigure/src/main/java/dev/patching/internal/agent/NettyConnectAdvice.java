package dev.patching.internal.agent;

import java.lang.invoke.MethodHandle;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

import net.bytebuddy.asm.Advice;
import org.jspecify.annotations.Nullable;

/**
 * Inlined at the start of Netty's
 * {@code io.netty.channel.unix.Socket.connect(SocketAddress)}, where the epoll and kqueue
 * transports connect through JNI: asks the same {@link HookRuntime#connect} as the JDK
 * hook and connects to the redirect target it returns, if any. An exception from the
 * interceptor leaves the method before Netty connects; Netty fails the connect future
 * with it. Unix-domain addresses pass untouched, as they do in the JDK hook.
 */
final class NettyConnectAdvice {

	private NettyConnectAdvice() {
	}

	@Advice.OnMethodEnter
	static void enter(@Advice.Argument(value = 0, readOnly = false) SocketAddress remote,
			@BridgeHandle @Nullable MethodHandle handler) throws Throwable {
		if (handler != null && remote instanceof InetSocketAddress) {
			InetSocketAddress asked = (InetSocketAddress) remote;
			if (!asked.isUnresolved()) {
				InetSocketAddress target = (InetSocketAddress) handler.invokeExact(asked.getAddress(), asked.getPort());
				if (target != null) {
					remote = target;
				}
			}
		}
	}

}
