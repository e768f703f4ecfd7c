package dev.patching.benchmarks;

import java.util.List;
import java.util.Map;

import dev.patching.internal.agent.JvmHooks;
import dev.patching.internal.core.DefaultPatchManager;
import org.mockito.MockedStatic;
import org.mockito.Mockito;

/**
 * One fresh JVM's way to its first patch, run by {@code first-patch.sh}: {@code patching}
 * starts a context with a socket patch and puts it in effect (hooks installed through
 * self-attach or {@code -javaagent}, self-tested, policy applied); {@code mockito} opens
 * Mockito's first {@code mockStatic}; {@code none} does nothing (the JVM's own start and
 * exit). Prints the time of its own work, measured with {@link System#nanoTime()} around
 * exactly that work.
 */
public final class FirstPatch {

	private FirstPatch() {
	}

	public static void main(String[] args) {
		String mode = (args.length > 0) ? args[0] : "patching";
		long start = System.nanoTime();
		String detail;
		switch (mode) {
			case "patching" -> {
				DefaultPatchManager context = Contexts.start("first-patch", Contexts.socket(true, List.of(), Map.of()));
				context.enter(FirstPatch.class, "FirstPatch");
				if (!context.isInEffect() || !JvmHooks.isInstalled()) {
					throw new IllegalStateException("the socket patch is not in effect");
				}
				detail = "instrumentation=" + JvmHooks.instrumentationSource();
			}
			case "mockito" -> {
				MockedStatic<StaticTarget> mocked = Mockito.mockStatic(StaticTarget.class);
				mocked.when(StaticTarget::greeting).thenReturn("mocked");
				if (!"mocked".equals(StaticTarget.greeting())) {
					throw new IllegalStateException("the static mock is not in effect");
				}
				detail = "mock-maker=" + Mockito.framework()
					.getPlugins()
					.getDefaultPlugin(org.mockito.plugins.MockMaker.class)
					.getClass()
					.getSimpleName();
				long own = System.nanoTime() - start;
				mocked.close();
				print(mode, own, detail);
				return;
			}
			case "none" -> detail = "nothing";
			default -> throw new IllegalArgumentException("mode must be patching, mockito or none, not " + mode);
		}
		print(mode, System.nanoTime() - start, detail);
	}

	private static void print(String mode, long ownNanos, String detail) {
		System.out.println("first-patch mode=" + mode + " own-ns=" + ownNanos + " " + detail);
	}

}
