package dev.patching.internal.agent;

import java.lang.invoke.MethodHandle;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import org.jspecify.annotations.Nullable;

/**
 * Inlined into Netty's {@code DnsNameResolver.doQuery}, where every DNS query the
 * resolver sends starts (raw {@code query(...)} and {@code resolveAll(DnsQuestion)}
 * calls, and the queries of its own resolution): when {@link HookRuntime#query} refuses
 * the question, it has failed Netty's promise, the original body, which would send the
 * query, is skipped, and the method returns that promise.
 */
final class NettyQueryAdvice {

	private NettyQueryAdvice() {
	}

	@Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
	static boolean enter(@Advice.Argument(2) Object question, @Advice.Argument(6) Object promise,
			@BridgeHandle @Nullable MethodHandle handler) throws Throwable {
		return handler != null && (boolean) handler.invokeExact(question, promise);
	}

	@Advice.OnMethodExit
	static void exit(@Advice.Enter boolean refused, @Advice.Argument(6) Object promise,
			@Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
		if (refused) {
			returned = promise;
		}
	}

}
