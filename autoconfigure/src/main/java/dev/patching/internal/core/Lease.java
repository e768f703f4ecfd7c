package dev.patching.internal.core;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * One holder's claim on a patch set in the {@link PatchRegistry}. Its fields are the
 * registry's to read; holders only keep it to give it back.
 */
public final class Lease {

	final PatchSet set;

	final Object owner;

	final Recording recording;

	final String who;

	final boolean exclusive;

	/**
	 * The thread that took it: waiting for a lease the waiting thread holds itself could
	 * never end.
	 */
	final Thread thread = Thread.currentThread();

	/**
	 * Idle contexts ({@link PatchRegistry.Idle}) this lease does not wait for: those of
	 * its own context hierarchy, which Spring does not pause for it.
	 */
	final Set<Object> excused;

	/**
	 * Taken to pause this idle context (none for other leases): it neither waits for idle
	 * contexts nor queues behind exclusive requests, and is not taken at all once the
	 * context is no longer idle.
	 */
	final PatchRegistry.@Nullable Idle pausing;

	/**
	 * Taken without waiting by a context being created, paused, restarted or closed
	 * inside Spring's context cache: it does not queue behind exclusive requests.
	 */
	final boolean urgent;

	volatile boolean released;

	/**
	 * Excuses every idle context: for leases of a context's own lifecycle (its creation,
	 * pause, restart, close), taken by an owner that already holds what lets it in.
	 */
	public static final Set<Object> ALL_IDLE = Set.of(new Object());

	Lease(PatchSet set, Object owner, Recording recording, String who, boolean exclusive) {
		this(set, owner, recording, who, exclusive, Set.of(), null);
	}

	Lease(PatchSet set, Object owner, Recording recording, String who, boolean exclusive, Set<Object> excused,
			PatchRegistry.@Nullable Idle pausing) {
		this(set, owner, recording, who, exclusive, excused, pausing, false);
	}

	Lease(PatchSet set, Object owner, Recording recording, String who, boolean exclusive, Set<Object> excused,
			PatchRegistry.@Nullable Idle pausing, boolean urgent) {
		this.urgent = urgent;
		this.set = set;
		this.owner = owner;
		this.recording = recording;
		this.who = who;
		this.exclusive = exclusive;
		this.excused = excused;
		this.pausing = pausing;
	}

	public PatchSet set() {
		return this.set;
	}

	public Object owner() {
		return this.owner;
	}

	boolean isExclusive() {
		return this.exclusive;
	}

	public boolean isReleased() {
		return this.released;
	}

	/**
	 * Whether this lease is a context's own (its creation, pause, restart or close): its
	 * beans' callbacks run under it now.
	 */
	boolean isContextLifecycle() {
		return this.pausing != null || this.urgent || this.excused == ALL_IDLE;
	}

	/** Whether this lease and {@code other} may be held at once. */
	boolean compatibleWith(Lease other) {
		return Owner.related(this.owner, other.owner)
				|| (!this.exclusive && !other.exclusive && this.set.equals(other.set));
	}

	/**
	 * Whether this lease, were it asked for now, would wait for the idle context
	 * {@code idle}.
	 */
	boolean waitsFor(PatchRegistry.Idle idle) {
		if (this.pausing != null || this.excused == ALL_IDLE || this.excused.contains(idle.context())) {
			return false;
		}
		return this.exclusive || !this.set.equals(idle.set());
	}

	@Override
	public String toString() {
		return this.who + (this.exclusive ? " (exclusive)" : " " + this.set);
	}

}
