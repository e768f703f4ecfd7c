package dev.patching.internal.agent;

import java.lang.invoke.MethodHandle;
import java.net.InetSocketAddress;

import net.bytebuddy.asm.Advice;
import org.jspecify.annotations.Nullable;

/**
 * Inlined at the start of Netty 4.2's
 * {@code io.netty.channel.uring.AbstractIoUringChannel.submitConnect(InetSocketAddress)},
 * where the io_uring transport writes the remote address for its connect operation,
 * before it allocates that memory or submits anything to the ring: asks the same
 * {@link HookRuntime#connect} as the JDK hook and connects to the redirect target it
 * returns, if any. An exception from the interceptor leaves the method before anything is
 * submitted; the channel's connect catches it and fails the connect future with it, as it
 * does with the transport's own errors. Unix-domain connects use the other overload and
 * pass untouched, as they do in the JDK hook.
 */
final class NettyUringConnectAdvice {

	private NettyUringConnectAdvice() {
	}

	@Advice.OnMethodEnter
	static void enter(@Advice.Argument(value = 0, readOnly = false) InetSocketAddress remote,
			@BridgeHandle @Nullable MethodHandle handler) throws Throwable {
		if (handler != null && remote != null && !remote.isUnresolved()) {
			InetSocketAddress target = (InetSocketAddress) handler.invokeExact(remote.getAddress(), remote.getPort());
			if (target != null) {
				remote = target;
			}
		}
	}

}
