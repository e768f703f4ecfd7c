package dev.patching.robustness;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.patching.PatchManager;
import dev.patching.internal.agent.JvmHooks;
import dev.patching.internal.core.DefaultPatchManager;
import dev.patching.internal.core.Lease;
import dev.patching.internal.core.PatchRegistry;
import dev.patching.internal.core.PatchSet;
import dev.patching.it.support.LoopbackServer;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Creates and closes patched contexts many times in a JVM of its own (so other tests'
 * garbage and hooks do not blur the numbers) and prints what heap, metaspace and the
 * bridge class did. Contexts are built the way spring-test builds them: our
 * {@code ContextCustomizerFactory} from {@code spring.factories}, its customizer on a
 * fresh context, refresh, close.
 * <p>
 * Arguments: the number of cycles while another context keeps the hooks installed (the
 * common case: only the policy is swapped), then the number of cycles where each context
 * installs, self-tests and removes the hooks itself.
 */
public final class MemoryCyclesMain {

	private static final Map<String, Object> PROPERTIES = Map.of("patching.socket.enabled", "true",
			"patching.socket.allow-loopback", "false", "patching.system-properties[" + JvmState.SIDE + "]", "patched");

	private MemoryCyclesMain() {
	}

	public static void main(String[] args) throws Exception {
		int keptHooksCycles = Integer.parseInt(args[0]);
		int ownHooksCycles = Integer.parseInt(args[1]);
		ContextCustomizer customizer = patchingCustomizer();
		try (LoopbackServer server = new LoopbackServer()) {
			cycle(customizer, server, true);
			Class<?> bridge = Class.forName("sun.nio.ch.PatchingBridge", false, null);
			check(!JvmHooks.isInstalled(), "the hooks were removed after the first context closed");

			// Hooks kept installed by a long-lived context, as in a suite with a cached
			// patched context.
			DefaultPatchManager anchor = Patched.manager(true, List.of(), Map.of());
			anchor.starting();
			anchor.releaseCreation();
			for (int i = 0; i < 100; i++) {
				cycle(customizer, server, false);
			}
			long heapBefore = usedHeapAfterGc();
			long metaspaceBefore = usedMetaspace();
			long start = System.nanoTime();
			List<WeakReference<Object>> sampled = new ArrayList<>();
			for (int i = 0; i < keptHooksCycles; i++) {
				Closed closed = cycle(customizer, server, i % 100 == 0);
				if (i % 50 == 0) {
					sampled.add(new WeakReference<>(closed.context()));
					sampled.add(new WeakReference<>(closed.manager()));
				}
			}
			long keptMillis = (System.nanoTime() - start) / 1_000_000;
			long heapAfter = usedHeapAfterGc();
			long metaspaceAfter = usedMetaspace();
			long uncollected = sampled.stream().filter((reference) -> reference.get() != null).count();
			anchor.close();
			check(!JvmHooks.isInstalled(), "the hooks were removed when the last user closed");

			// Each context installs, self-tests and removes the hooks (retransforming two
			// JDK classes twice).
			long metaspaceBeforeInstalls = usedMetaspace();
			start = System.nanoTime();
			for (int i = 0; i < ownHooksCycles; i++) {
				cycle(customizer, server, true);
				check(!JvmHooks.isInstalled(), "the hooks were removed after cycle " + i);
			}
			long ownMillis = (System.nanoTime() - start) / 1_000_000;
			usedHeapAfterGc();
			long metaspaceAfterInstalls = usedMetaspace();
			Class<?> bridgeAfter = Class.forName("sun.nio.ch.PatchingBridge", false, null);

			result("keptHooksMillis", keptMillis);
			result("ownHooksMillis", ownMillis);
			result("heapGrowth", heapAfter - heapBefore);
			result("heapBefore", heapBefore);
			result("metaspaceGrowth", metaspaceAfter - metaspaceBefore);
			result("metaspaceGrowthInstalls", metaspaceAfterInstalls - metaspaceBeforeInstalls);
			result("uncollected", uncollected);
			result("sampled", sampled.size());
			result("bridgeRedefined", (bridge == bridgeAfter) ? 0 : 1);
			result("leftPatched", (PatchRegistry.jvm().current() == PatchSet.EMPTY
					&& PatchRegistry.jvm().leases().isEmpty() && System.getProperty(JvmState.SIDE) == null) ? 0 : 1);
		}
		System.out.flush();
		System.exit(0);
	}

	/**
	 * One context: created patched (optionally checked), closed, returned for leak
	 * sampling.
	 */
	private static Closed cycle(ContextCustomizer customizer, LoopbackServer server, boolean verify)
			throws IOException {
		GenericApplicationContext context = new GenericApplicationContext();
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("memory-cycle", PROPERTIES));
		customizer.customizeContext(context, new MergedContextConfiguration(MemoryCyclesMain.class, new String[0],
				new Class<?>[0], new String[0], null));
		context.registerBean(Object.class);
		context.refresh();
		DefaultPatchManager manager = (DefaultPatchManager) context.getBean(PatchManager.class);
		// Outside a test class the creation lease ends with the refresh: enter as a test
		// class would.
		Lease lease = manager.enter(MemoryCyclesMain.class, "memory cycle");
		try {
			check(manager.isInEffect(), "the context's patches are in effect while it is open");
			if (verify) {
				check("patched".equals(System.getProperty(JvmState.SIDE)), "the system property is patched while open");
				try {
					server.connect();
					check(false, "a loopback connect is blocked while the context is open");
				}
				catch (ConnectException expected) {
					// blocked
				}
			}
		}
		finally {
			manager.exit(lease);
			context.close();
		}
		if (verify) {
			check(System.getProperty(JvmState.SIDE) == null, "the system property is restored after close");
			server.connect();
		}
		return new Closed(context, manager);
	}

	private record Closed(GenericApplicationContext context, PatchManager manager) {
	}

	private static ContextCustomizer patchingCustomizer() {
		return SpringFactoriesLoader.forDefaultResourceLocation(MemoryCyclesMain.class.getClassLoader())
			.load(ContextCustomizerFactory.class)
			.stream()
			.filter((factory) -> factory.getClass()
				.getName()
				.equals("dev.patching.internal.test.PatchingContextCustomizerFactory"))
			.findFirst()
			.orElseThrow()
			.createContextCustomizer(MemoryCyclesMain.class, List.of());
	}

	private static void check(boolean condition, String what) {
		if (!condition) {
			throw new AssertionError("expected: " + what);
		}
	}

	private static long usedHeapAfterGc() throws InterruptedException {
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 5; i++) {
			System.gc();
			Thread.sleep(50);
			used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
		}
		return used;
	}

	private static long usedMetaspace() {
		return ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter((pool) -> pool.getName().equals("Metaspace"))
			.mapToLong((pool) -> pool.getUsage().getUsed())
			.sum();
	}

	private static void result(String name, long value) {
		System.out.println("RESULT " + name + "=" + value);
	}

}
