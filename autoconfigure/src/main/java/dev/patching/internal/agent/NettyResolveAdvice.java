package dev.patching.internal.agent;

import java.lang.invoke.MethodHandle;

import net.bytebuddy.asm.Advice;
import org.jspecify.annotations.Nullable;

/**
 * Inlined at the start of Netty's {@code DnsNameResolver.doResolve} and
 * {@code doResolveAll} (the 4-parameter workers): when {@link HookRuntime#resolve}
 * answers, it has completed Netty's promise and the original body, which would consult
 * the hosts file and cache and send queries, is skipped. A refusal is thrown from here;
 * Netty's resolver fails the promise with it.
 */
final class NettyResolveAdvice {

	private NettyResolveAdvice() {
	}

	@Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
	static boolean enter(@Advice.Argument(0) String host, @Advice.Argument(2) Object promise,
			@Advice.Origin("#m") String method, @BridgeHandle @Nullable MethodHandle handler) throws Throwable {
		return handler != null && (boolean) handler.invokeExact(host, promise, method);
	}

}
