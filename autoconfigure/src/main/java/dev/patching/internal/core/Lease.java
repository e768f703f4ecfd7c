package dev.patching.internal.core;

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

	volatile boolean released;

	Lease(PatchSet set, Object owner, Recording recording, String who, boolean exclusive) {
		this.set = set;
		this.owner = owner;
		this.recording = recording;
		this.who = who;
		this.exclusive = exclusive;
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

	/** Whether this lease and {@code other} may be held at once. */
	boolean compatibleWith(Lease other) {
		return Owner.related(this.owner, other.owner)
				|| (!this.exclusive && !other.exclusive && this.set.equals(other.set));
	}

	@Override
	public String toString() {
		return this.who + (this.exclusive ? " (exclusive)" : " " + this.set);
	}

}
