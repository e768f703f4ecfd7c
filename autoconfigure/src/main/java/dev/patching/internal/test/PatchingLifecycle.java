package dev.patching.internal.test;

import java.util.concurrent.atomic.AtomicReference;

import dev.patching.internal.core.DefaultPatchManager;
import dev.patching.internal.core.Lease;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.ContextStartedEvent;

/**
 * Keeps a context's set in effect while Spring Framework 7 pauses it (stops its pauseable
 * lifecycle beans when it sits idle in the cache) and restarts it on reuse, like its
 * first start. Two lifecycle beans bracket every other one: the "opening" one (phase
 * {@code Integer.MIN_VALUE}) starts first and stops last; the "closing" one (phase
 * {@code Integer.MAX_VALUE}, the default phase of {@code SmartLifecycle}, and the first
 * bean definition of the context, so the first of that phase to stop) stops first. A
 * lease is taken where the bracket opens and given back where it closes (a start or a
 * Framework 7 restart ends with its event). The lease is for the owner acting on the
 * thread (the class or method asking for a context), which already holds a lease that
 * lets it in, so nothing waits inside Spring's context cache. On Framework 6.2 the beans
 * only start in refresh and stop in close, which the context's own leases cover anyway.
 */
final class PatchingLifecycle implements SmartLifecycle {

	static final String OPENING_BEAN = "dev.patching.internalPatchingLifecycleOpening";

	static final String CLOSING_BEAN = "dev.patching.internalPatchingLifecycleClosing";

	private final DefaultPatchManager manager;

	private final AtomicReference<@Nullable Lease> held;

	private final boolean opening;

	private volatile boolean running;

	private PatchingLifecycle(DefaultPatchManager manager, AtomicReference<@Nullable Lease> held, boolean opening) {
		this.manager = manager;
		this.held = held;
		this.opening = opening;
	}

	/**
	 * Called before any bean definition of the context is parsed, so the closing bean's
	 * is the first.
	 */
	static void register(ConfigurableApplicationContext context, BeanDefinitionRegistry registry,
			DefaultPatchManager manager) {
		AtomicReference<@Nullable Lease> held = new AtomicReference<>();
		PatchingLifecycle opening = new PatchingLifecycle(manager, held, true);
		PatchingLifecycle closing = new PatchingLifecycle(manager, held, false);
		context.getBeanFactory().registerSingleton(OPENING_BEAN, opening);
		RootBeanDefinition definition = new RootBeanDefinition(PatchingLifecycle.class, () -> closing);
		definition.setRole(RootBeanDefinition.ROLE_INFRASTRUCTURE);
		registry.registerBeanDefinition(CLOSING_BEAN, definition);
		context.addApplicationListener((ApplicationEvent event) -> {
			boolean started = event instanceof ContextRefreshedEvent || event instanceof ContextStartedEvent;
			if (started && event.getSource() == context) {
				opening.giveBack();
				manager.running(true);
			}
		});
	}

	@Override
	public void start() {
		this.running = true;
		if (this.opening) {
			take("restarting");
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
		Lease previous = this.held.getAndSet(this.manager.hold(what, Contexts.pauseInsideContextCache()));
		this.manager.release(previous);
	}

	private void giveBack() {
		this.manager.release(this.held.getAndSet(null));
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Framework 7: may be paused (declared without @Override so it compiles against 6.2
	 * too).
	 */
	public boolean isPauseable() {
		return true;
	}

	@Override
	public int getPhase() {
		return this.opening ? Integer.MIN_VALUE : Integer.MAX_VALUE;
	}

}
