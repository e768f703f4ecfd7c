package dev.patching.internal.agent;

import java.lang.invoke.MethodHandle;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;

import net.bytebuddy.asm.Advice;
import org.jspecify.annotations.Nullable;

/**
 * Inlined at the start of Netty's
 * {@code io.netty.channel.unix.Socket.connect(SocketAddress)}, where the epoll and kqueue
 * transports connect through JNI: asks the same {@link HookRuntime#connect} as the JDK
 * hook and connects to the redirect target it returns, if any. An exception from the
 * interceptor leaves the method before Netty connects; Netty fails the connect future
 * with it. Unix-domain addresses pass untouched, as they do in the JDK hook.
 *
 * <p>
 * A {@code SocketTimeoutException} (a {@code timeout-after} fault) becomes the
 * {@code ConnectTimeoutException} of the same Netty copy, which Netty throws when its own
 * connect timeout ends a connect; the JDK exception is kept as its cause.
 */
final class NettyConnectAdvice {

	private NettyConnectAdvice() {
	}

	@Advice.OnMethodEnter
	static void enter(@Advice.Argument(value = 0, readOnly = false) SocketAddress remote,
			@BridgeHandle @Nullable MethodHandle handler, @Advice.Origin Class<?> socketType) throws Throwable {
		if (handler != null && remote instanceof InetSocketAddress) {
			InetSocketAddress asked = (InetSocketAddress) remote;
			if (!asked.isUnresolved()) {
				InetSocketAddress target;
				try {
					target = (InetSocketAddress) handler.invokeExact(asked.getAddress(), asked.getPort());
				}
				catch (SocketTimeoutException timedOut) {
					// io.netty.channel.unix.Socket ->
					// io.netty.channel.ConnectTimeoutException,
					// shaded or not.
					String name = socketType.getName();
					Throwable netty = timedOut;
					try {
						Class<?> type = Class.forName(
								name.substring(0, name.length() - "unix.Socket".length()) + "ConnectTimeoutException",
								false, socketType.getClassLoader());
						netty = (Throwable) type.getConstructor(String.class).newInstance(timedOut.getMessage());
						netty.initCause(timedOut);
					}
					catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
						netty = timedOut;
					}
					throw netty;
				}
				if (target != null) {
					remote = target;
				}
			}
		}
	}

}
