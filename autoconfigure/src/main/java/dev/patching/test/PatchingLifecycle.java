package dev.patching.test;

import java.util.concurrent.atomic.AtomicReference;

import dev.patching.core.DefaultPatchManager;
import dev.patching.core.Lease;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps a context's set in effect while Spring Framework 7 pauses it (stops its lifecycle beans
 * when it sits idle in the cache) and restarts it on reuse, like its first start: two lifecycle
 * beans bracket every other one — the first to start and the last to stop holds a lease from
 * its edge, the other end gives it back. The lease is taken for the owner acting on the thread
 * (the class or method asking for a context), which already holds a lease that lets it in, so
 * nothing waits inside Spring's context cache. On Framework 6.2 the beans only start in refresh
 * and stop in close, where the context's own leases already cover them.
 */
final class PatchingLifecycle implements SmartLifecycle {

	static final String OPENING_BEAN = "dev.patching.internalPatchingLifecycleOpening";

	static final String CLOSING_BEAN = "dev.patching.internalPatchingLifecycleClosing";

	private final DefaultPatchManager manager;

	private final AtomicReference<Lease> held;

	/** Phase {@code Integer.MIN_VALUE}: started first, stopped last; else the other way round. */
	private final boolean opening;

	private volatile boolean running;

	private PatchingLifecycle(DefaultPatchManager manager, AtomicReference<Lease> held, boolean opening) {
		this.manager = manager;
		this.held = held;
		this.opening = opening;
	}

	static void register(ConfigurableListableBeanFactory beanFactory, DefaultPatchManager manager) {
		AtomicReference<Lease> held = new AtomicReference<>();
		beanFactory.registerSingleton(OPENING_BEAN, new PatchingLifecycle(manager, held, true));
		beanFactory.registerSingleton(CLOSING_BEAN, new PatchingLifecycle(manager, held, false));
	}

	@Override
	public void start() {
		this.running = true;
		if (this.opening) {
			take("restarting");
		}
		else {
			giveBack();
			this.manager.running(true);
		}
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.opening) {
			giveBack();
		}
		else {
			this.manager.running(false);
			take("pausing");
		}
	}

	private void take(String what) {
		Lease previous = this.held.getAndSet(this.manager.hold(what));
		this.manager.release(previous);
	}

	private void giveBack() {
		this.manager.release(this.held.getAndSet(null));
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Framework 7: may be paused (declared without @Override so it compiles against 6.2 too). */
	public boolean isPauseable() {
		return true;
	}

	@Override
	public int getPhase() {
		return this.opening ? Integer.MIN_VALUE : Integer.MAX_VALUE;
	}

}
