package dev.patching.agent;

import java.lang.invoke.MethodHandle;
import java.net.InetAddress;

import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code java.net.InetAddress.getAllByName0} (the private worker, before the JDK's
 * cache): when {@link HookRuntime#lookup} answers, the original body is skipped and its answer is
 * returned, so a patched answer never enters the cache.
 */
final class LookupAdvice {

	private LookupAdvice() {
	}

	@Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
	static InetAddress[] enter(@Advice.Argument(0) String host, @BridgeHandle MethodHandle handler)
			throws Throwable {
		return handler == null ? null : (InetAddress[]) handler.invokeExact(host);
	}

	@Advice.OnMethodExit
	static void exit(@Advice.Enter InetAddress[] answer, @Advice.Return(readOnly = false) InetAddress[] result) {
		if (answer != null) {
			result = answer;
		}
	}

}
