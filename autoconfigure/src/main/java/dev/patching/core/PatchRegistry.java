package dev.patching.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one JVM-wide answer to "whose patches are in effect now".
 * <p>
 * Whoever needs a patch set in effect holds a {@link Lease} on it: a test class while it runs, a
 * context while it is created or closed. The set of the most recent lease is applied; when no
 * lease is left the JVM is clean. Leases of different owners may only coexist when their sets
 * are equal, so test classes whose sets differ never run at the same time (others wait, up to a
 * bound); one owner may stack different sets (a {@code @Nested} class, a child context, a
 * context created or closed while its class runs), and leaving the inner one brings the outer
 * one back.
 */
public final class PatchRegistry {

	private static final PatchRegistry JVM = new PatchRegistry();

	private static final Recording[] NO_RECORDINGS = new Recording[0];

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private final List<Lease> leases = new ArrayList<>();

	private final Broadcast broadcast = new Broadcast();

	private PatchSet appliedSet = PatchSet.EMPTY;

	private PatchSet.Applied applied;

	/** The registry of this JVM. */
	public static PatchRegistry jvm() {
		return JVM;
	}

	/**
	 * Puts {@code set} in effect for {@code owner}, waiting while owners of a different set hold
	 * leases.
	 * @param who what is asking, for messages (a test class, a context)
	 * @param timeout how long to wait for other owners
	 * @throws PatchWaitTimeoutException when the wait exceeds {@code timeout}
	 * @throws dev.patching.PatchFailedException when the set cannot be applied (nothing is left patched)
	 */
	public Lease acquire(PatchSet set, Object owner, Recording recording, String who, Duration timeout) {
		return acquire(new Lease(set, owner, recording, who, false), timeout);
	}

	/**
	 * Waits until no other owner holds a lease, then keeps them out (the JVM clean) until
	 * released. Taken while a context is being created, so that its creation never has to wait
	 * inside Spring's context cache lock.
	 */
	public Lease acquireExclusive(Object owner, String who, Duration timeout) {
		return acquire(new Lease(PatchSet.EMPTY, owner, Recording.NONE, who, true), timeout);
	}

	private Lease acquire(Lease lease, Duration timeout) {
		this.lock.lock();
		try {
			awaitTurn(lease, timeout);
			this.leases.add(lease);
			try {
				reconcile();
			}
			catch (RuntimeException | Error ex) {
				this.leases.remove(lease);
				lease.released = true;
				try {
					reconcile();
				}
				catch (RuntimeException | Error again) {
					ex.addSuppressed(again);
				}
				throw ex;
			}
			return lease;
		}
		finally {
			this.changed.signalAll();
			this.lock.unlock();
		}
	}

	/**
	 * Gives a lease back; when it was the last one of its set, the set is restored and the next
	 * one (or the clean JVM) takes its place. Releasing twice does nothing.
	 * @throws dev.patching.PatchFailedException when a restore failed (the others still ran)
	 */
	public void release(Lease lease) {
		this.lock.lock();
		try {
			if (lease.released) {
				return;
			}
			lease.released = true;
			this.leases.remove(lease);
			reconcile();
		}
		finally {
			this.changed.signalAll();
			this.lock.unlock();
		}
	}

	/** Whether {@code set} (or an equal one) is in effect now. */
	public boolean isInEffect(PatchSet set) {
		this.lock.lock();
		try {
			return !set.isEmpty() && this.appliedSet.equals(set);
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The set in effect now ({@link PatchSet#EMPTY} when the JVM is clean). */
	public PatchSet current() {
		this.lock.lock();
		try {
			return this.appliedSet;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The leases held now, oldest first (for diagnostics and tests). */
	public List<Lease> leases() {
		this.lock.lock();
		try {
			return List.copyOf(this.leases);
		}
		finally {
			this.lock.unlock();
		}
	}

	private void awaitTurn(Lease lease, Duration timeout) {
		long remaining = timeout.toNanos();
		while (!mayEnter(lease)) {
			if (remaining <= 0) {
				throw new PatchWaitTimeoutException(lease.who, timeout, holders());
			}
			try {
				remaining = this.changed.awaitNanos(remaining);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(lease.who + " was interrupted while waiting for " + holders(), ex);
			}
		}
	}

	private boolean mayEnter(Lease lease) {
		boolean allOwn = true;
		boolean allSame = !lease.exclusive;
		for (Lease held : this.leases) {
			allOwn &= held.owner.equals(lease.owner);
			allSame &= !held.exclusive && held.set.equals(lease.set);
		}
		return allOwn || allSame;
	}

	private String holders() {
		Set<String> who = new LinkedHashSet<>();
		for (Lease held : this.leases) {
			who.add(held.who + (held.exclusive ? " (starting a context)" : " (patches " + held.set + ")"));
		}
		return String.join(", ", who);
	}

	private void reconcile() {
		PatchSet target = target();
		RuntimeException[] failure = new RuntimeException[1];
		if (!target.equals(this.appliedSet)) {
			NetworkHooks.switching(() -> failure[0] = switchTo(target));
		}
		this.broadcast.to(recordingsOfAppliedSet());
		if (failure[0] != null) {
			throw failure[0];
		}
	}

	/** The recordings of the leases that share the applied set, each once. */
	private Recording[] recordingsOfAppliedSet() {
		if (this.appliedSet.isEmpty()) {
			return NO_RECORDINGS;
		}
		List<Recording> recordings = new ArrayList<>(this.leases.size());
		for (Lease held : this.leases) {
			if (!held.exclusive && held.set.equals(this.appliedSet) && !containsSame(recordings, held.recording)) {
				recordings.add(held.recording);
			}
		}
		return recordings.toArray(NO_RECORDINGS);
	}

	private static boolean containsSame(List<Recording> recordings, Recording recording) {
		for (Recording known : recordings) {
			if (known == recording) {
				return true;
			}
		}
		return false;
	}

	/** Restores the applied set and applies {@code target}; returns what failed, if anything. */
	private RuntimeException switchTo(PatchSet target) {
		RuntimeException failure = null;
		if (this.applied != null) {
			try {
				this.applied.restore();
			}
			catch (RuntimeException ex) {
				failure = ex;
			}
		}
		this.applied = null;
		this.appliedSet = PatchSet.EMPTY;
		if (!target.isEmpty()) {
			try {
				this.applied = target.apply(this.broadcast);
				this.appliedSet = target;
			}
			catch (RuntimeException ex) {
				if (failure != null) {
					ex.addSuppressed(failure);
				}
				failure = ex;
			}
		}
		return failure;
	}

	private PatchSet target() {
		if (this.leases.isEmpty()) {
			return PatchSet.EMPTY;
		}
		Lease top = this.leases.get(this.leases.size() - 1);
		return top.exclusive ? PatchSet.EMPTY : top.set;
	}

	/** Waits no longer than this for a context's turn unless told otherwise. */
	public static Duration defaultTimeout() {
		return Duration.ofMinutes(5);
	}

}
