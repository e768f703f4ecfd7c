package dev.patching.internal.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.patching.internal.core.DefaultPatchManager;
import dev.patching.internal.core.Lease;
import dev.patching.internal.core.Owner;
import dev.patching.internal.core.PatchRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.test.context.TestContext;

/**
 * A test class or test method execution while it runs, as the owner of its leases. It
 * holds at most one lease on a context's set, an exclusive lease while its context is
 * being created (the set is not known before), and the creation leases of contexts
 * created on its behalf until it holds its own lease. Guarded by its own monitor.
 */
abstract class Run extends Owner {

	private @Nullable Lease lease;

	private @Nullable DefaultPatchManager manager;

	/** The overrides the lease was taken with. */
	private Map<String, String> enteredWith = Map.of();

	private @Nullable Lease exclusive;

	private final List<DefaultPatchManager> adopted = new ArrayList<>();

	Run(@Nullable Run parent, String name) {
		super(parent, name);
	}

	Run(@Nullable Run parent, String name, Map<String, String> overrides) {
		super(parent, name, overrides);
	}

	/** Whether this run holds a lease on {@code target}'s set that is still good. */
	synchronized boolean isOn(DefaultPatchManager target) {
		return this.lease != null && this.manager == target && !this.lease.isReleased() && !target.isClosed()
				&& this.enteredWith.equals(overrides());
	}

	synchronized @Nullable DefaultPatchManager manager() {
		return this.manager;
	}

	synchronized boolean hasAdopted(DefaultPatchManager created) {
		return this.adopted.contains(created);
	}

	/**
	 * A context created on this run's thread: its creation lease is kept until this run
	 * holds its own lease.
	 */
	synchronized void adopt(DefaultPatchManager created) {
		this.adopted.add(created);
	}

	/**
	 * Keeps every unrelated owner out (the JVM clean for them) until this run enters a
	 * context: taken before a context whose set is not known yet may be created, so that
	 * its creation never waits inside Spring's context cache, where other classes would
	 * wait for it in turn.
	 */
	void holdExclusive(String who, TestContext testContext) {
		synchronized (this) {
			if (this.exclusive != null) {
				return;
			}
			exitLease();
		}
		Lease taken = PatchRegistry.jvm()
			.acquireExclusive(this, who, Contexts.waitTimeout(testContext), Contexts.parentsOf(testContext));
		synchronized (this) {
			this.exclusive = taken;
		}
	}

	/**
	 * Lets go of the exclusive lease, if held: while this run waits for a context that an
	 * unrelated owner is creating, that creation must not wait for it in turn.
	 */
	void releaseExclusive() {
		Lease held;
		synchronized (this) {
			held = this.exclusive;
			this.exclusive = null;
		}
		if (held != null) {
			PatchRegistry.jvm().release(held);
		}
	}

	/**
	 * Gives back a lease on a context that is closing or closed while this run holds it
	 * (Spring evicted or dirtied it): it keeps other sets out for nothing, and another
	 * class's request for a new context would wait for it while this one's waits for
	 * theirs.
	 */
	void dropClosed() {
		synchronized (this) {
			if (this.lease != null && this.manager != null && this.manager.isClosing()) {
				exitLease();
			}
		}
	}

	/**
	 * Puts {@code target}'s set in effect for this run (waiting for unrelated owners of
	 * other sets), then lets go of the exclusive lease and adopted creation leases.
	 */
	void enter(DefaultPatchManager target, String who, TestContext testContext) {
		synchronized (this) {
			if (isOn(target)) {
				releaseHeld();
				return;
			}
			if (this.exclusive == null) {
				// Give the old lease back first: two runs each waiting while holding one
				// would wait forever.
				exitLease();
			}
		}
		Map<String, String> overrides = overrides();
		Lease taken = target.enter(this, who, Contexts.parentsOf(testContext), overrides);
		Lease previous;
		DefaultPatchManager previousManager;
		synchronized (this) {
			previous = this.lease;
			previousManager = this.manager;
			this.lease = taken;
			this.manager = target;
			this.enteredWith = overrides;
		}
		if (previous != null) {
			previousManager.exit(previous);
		}
		releaseHeld();
	}

	/** Gives everything back. */
	void end() {
		try {
			synchronized (this) {
				exitLease();
			}
		}
		finally {
			releaseHeld();
		}
	}

	/**
	 * Gives the lease back (a restore that fails there still leaves the lease given
	 * back).
	 */
	private void exitLease() {
		Lease held = this.lease;
		this.lease = null;
		if (held != null) {
			this.manager.exit(held);
		}
	}

	private void releaseHeld() {
		Lease held;
		List<DefaultPatchManager> created;
		synchronized (this) {
			held = this.exclusive;
			this.exclusive = null;
			created = List.copyOf(this.adopted);
			this.adopted.clear();
		}
		try {
			for (DefaultPatchManager manager : created) {
				manager.releaseCreation();
			}
		}
		finally {
			if (held != null) {
				PatchRegistry.jvm().release(held);
			}
		}
	}

}
