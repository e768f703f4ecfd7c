package dev.patching.test;

import dev.patching.core.DefaultPatchManager;

import org.springframework.context.SmartLifecycle;

/**
 * Cooperates with Spring Framework 7's pausing of cached contexts: a paused context holds no
 * claim on the JVM, so its patches cannot stay in effect while it sleeps. Activation stays with
 * {@link PatchingTestExecutionListener} (which also works on Framework 6.2, where nothing pauses),
 * so a restarted context is never activated twice.
 */
final class PatchingLifecycle implements SmartLifecycle {

	static final String BEAN_NAME = "patchingLifecycle";

	private final DefaultPatchManager manager;

	private volatile boolean running;

	PatchingLifecycle(DefaultPatchManager manager) {
		this.manager = manager;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.manager.releaseCreation();
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
		// Stopped last among lifecycle beans, started first.
		return Integer.MIN_VALUE;
	}

}
